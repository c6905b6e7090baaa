package io.coxswain.apiserver.storage;

/** Base of the storage layer's unchecked errors; a bare instance is an unexpected etcd failure (HTTP 500). */
public class StorageException extends RuntimeException {

    private final String key;

    public StorageException(String key, String message, Throwable cause) {
        super(message, cause);
        this.key = key;
    }

    public StorageException(String key, String message) {
        this(key, message, null);
    }

    /** The etcd key (or prefix) the failed call was about; may be {@code null} for calls about no key. */
    public String key() {
        return key;
    }
}
