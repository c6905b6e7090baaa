package io.coxswain.apiserver.storage;

/**
 * One etcd key as read from the store. {@code value} is the caller's opaque bytes (JSON); the array is not copied, so
 * treat it as read-only. {@code modRevision} is the object's resourceVersion; for a deleted key it is the deletion
 * revision. {@code leaseId} is 0 when the key has no TTL.
 */
public record KeyValue(String key, byte[] value, long createRevision, long modRevision, long leaseId) {
}
