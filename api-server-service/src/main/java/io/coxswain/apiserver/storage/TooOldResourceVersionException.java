package io.coxswain.apiserver.storage;

/**
 * A watch asked for events after a revision the watch cache can no longer replay completely (HTTP 410 Gone, reason
 * Expired): the client must list again and watch from the list's revision.
 */
public class TooOldResourceVersionException extends StorageException {

    private final long requestedRevision;
    private final long oldestAvailableRevision;

    public TooOldResourceVersionException(long requestedRevision, long oldestAvailableRevision) {
        this(null, requestedRevision, oldestAvailableRevision);
    }

    public TooOldResourceVersionException(String prefix, long requestedRevision, long oldestAvailableRevision) {
        super(prefix, "too old resource version: " + requestedRevision + " (" + oldestAvailableRevision + ")");
        this.requestedRevision = requestedRevision;
        this.oldestAvailableRevision = oldestAvailableRevision;
    }

    public long requestedRevision() {
        return requestedRevision;
    }

    /** The smallest revision a watch can start from right now (events after it are all still held). */
    public long oldestAvailableRevision() {
        return oldestAvailableRevision;
    }
}
