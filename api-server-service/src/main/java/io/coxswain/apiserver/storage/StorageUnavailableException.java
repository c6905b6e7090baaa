package io.coxswain.apiserver.storage;

/**
 * etcd did not answer within the request timeout or is unreachable. The outcome of a write that fails this way is unknown
 * (it may have been applied): callers answer 503/504 and clients retry with a fresh read.
 */
public class StorageUnavailableException extends StorageException {

    public StorageUnavailableException(String key, String message, Throwable cause) {
        super(key, message, cause);
    }
}
