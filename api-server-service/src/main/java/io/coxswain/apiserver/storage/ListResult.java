package io.coxswain.apiserver.storage;

import java.util.List;

/**
 * A consistent range read: {@code items} sorted by key, all as of etcd revision {@code revision} (the response header's
 * revision, which may be higher than any item's modRevision). Watching from {@code revision} continues exactly after it.
 */
public record ListResult(List<KeyValue> items, long revision) {
}
