package io.coxswain.apiserver.storage;

/** An update or delete found no such key (HTTP 404 NotFound). */
public class KeyNotFoundException extends StorageException {

    public KeyNotFoundException(String key) {
        super(key, "key not found: " + key);
    }
}
