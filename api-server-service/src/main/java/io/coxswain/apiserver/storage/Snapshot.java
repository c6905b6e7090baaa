package io.coxswain.apiserver.storage;

import java.util.List;

/**
 * The watch cache's state at one moment: every object it holds, sorted by key, as of {@code revision} (the last revision
 * the cache applied). Watching from {@code revision} continues exactly after this state. The list is immutable; its
 * objects are shared with the cache and other callers: do not mutate them.
 */
public record Snapshot<T>(List<T> items, long revision) {
}
