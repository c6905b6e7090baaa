package io.coxswain.apiserver.storage;

/**
 * One change as a watcher sees it. {@code revision} is the etcd revision of the change (for the initial ADDED events of a
 * watch from 0, the object's modRevision); a client that resumes with {@code resourceVersion=revision} continues after it.
 */
public record WatchEvent<T>(EventType type, T object, long revision) {
}
