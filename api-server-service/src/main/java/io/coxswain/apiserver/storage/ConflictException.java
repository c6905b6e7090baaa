package io.coxswain.apiserver.storage;

/**
 * A compare-and-swap lost: the key exists but its modRevision is not the one the caller expected (HTTP 409 Conflict,
 * "the object has been modified; please apply your changes to the latest version and try again").
 */
public class ConflictException extends StorageException {

    private final long expectedModRevision;
    private final long actualModRevision;

    public ConflictException(String key, long expectedModRevision, long actualModRevision) {
        super(key, "conflict on " + key + ": expected modRevision " + expectedModRevision + " but it is " + actualModRevision);
        this.expectedModRevision = expectedModRevision;
        this.actualModRevision = actualModRevision;
    }

    public long expectedModRevision() {
        return expectedModRevision;
    }

    /** The key's current modRevision (its current resourceVersion). */
    public long actualModRevision() {
        return actualModRevision;
    }
}
