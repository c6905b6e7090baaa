package io.coxswain.apiserver.storage;

/** A create found the key already present (HTTP 409 AlreadyExists). */
public class KeyExistsException extends StorageException {

    public KeyExistsException(String key) {
        super(key, "key already exists: " + key);
    }
}
