package io.coxswain.apiserver.storage;

/** The kinds of change a watcher receives; BOOKMARK and ERROR are the HTTP layer's, not the cache's. */
public enum EventType {
    ADDED,
    MODIFIED,
    DELETED
}
