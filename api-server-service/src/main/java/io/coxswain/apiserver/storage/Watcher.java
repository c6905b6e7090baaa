package io.coxswain.apiserver.storage;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * One consumer's view of a {@link WatchCache}: a bounded queue of the events that pass its filter, in revision order.
 *
 * <p>Threading: the cache offers events from its own thread and never waits for the consumer; one consumer thread calls
 * {@link #poll}. {@link #close()}, {@link #isTerminated()} and {@link #terminationReason()} are safe from any thread.
 *
 * <p>Termination: a watcher ends when its consumer falls behind by more than its queue capacity
 * ({@link #REASON_TOO_SLOW}), when the cache had to re-list because etcd's history was compacted while it was disconnected
 * ({@link #REASON_EXPIRED}: the client must list again), when the cache closes ({@link #REASON_CACHE_CLOSED}), or on
 * {@link #close()} ({@link #REASON_CLOSED}). Once terminated, queued events are dropped and {@link #poll} returns
 * {@code null} at once; the HTTP layer then ends the stream, and the client re-watches from the last revision it saw (or
 * re-lists for "expired").
 */
public final class Watcher<T> implements AutoCloseable {

    public static final String REASON_TOO_SLOW = "too slow: the watcher's event queue is full";
    /** The cache lost continuity with etcd (compacted history) and re-listed: answer 410 Expired. */
    public static final String REASON_EXPIRED = "expired";
    public static final String REASON_CACHE_CLOSED = "watch cache closed";
    public static final String REASON_CLOSED = "closed";

    private final Predicate<T> filter;
    private final long afterRevision;
    private final int capacity;
    private final Consumer<Watcher<T>> onClose;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition available = lock.newCondition();
    private final ArrayDeque<WatchEvent<T>> queue = new ArrayDeque<>();
    private volatile String terminationReason;

    /**
     * @param filter the selector, or {@code null} for every object
     * @param afterRevision live events at or below this revision are not delivered (already covered by the backlog or by
     *                      the client's own state)
     * @param backlog events delivered first, beyond {@code queueCapacity}
     * @param onClose called once, outside this watcher's lock, when the consumer closes it
     */
    Watcher(Predicate<T> filter, long afterRevision, int queueCapacity, List<WatchEvent<T>> backlog,
            Consumer<Watcher<T>> onClose) {
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queueCapacity must be at least 1, got " + queueCapacity);
        }
        this.filter = filter;
        this.afterRevision = afterRevision;
        this.capacity = queueCapacity + backlog.size();
        this.onClose = onClose;
        this.queue.addAll(backlog);
    }

    /**
     * The next event, waiting up to {@code timeout} for one.
     *
     * @return the event, or {@code null} when none came in time or the watcher is terminated (check {@link #isTerminated})
     */
    public WatchEvent<T> poll(Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lockInterruptibly();
        try {
            while (queue.isEmpty()) {
                if (terminationReason != null || nanos <= 0) {
                    return null;
                }
                nanos = available.awaitNanos(nanos);
            }
            return queue.poll();
        } finally {
            lock.unlock();
        }
    }

    public boolean isTerminated() {
        return terminationReason != null;
    }

    /** Why the watcher ended (one of the {@code REASON_} constants, or a filter failure), or {@code null} while active. */
    public String terminationReason() {
        return terminationReason;
    }

    /** Stops delivery and unregisters from the cache. Idempotent. */
    @Override
    public void close() {
        if (terminate(REASON_CLOSED)) {
            onClose.accept(this);
        }
    }

    /**
     * What this watcher receives for a change, following Kubernetes' selector semantics: a modification that moves the
     * object into the selection is ADDED, out of it DELETED (carrying the new state), within it MODIFIED.
     *
     * @return the event to deliver, or {@code null} for none
     */
    WatchEvent<T> select(CacheEvent<T> change) {
        return select(filter, afterRevision, change);
    }

    /** {@link #select(CacheEvent)} for a given filter and revision, for replaying the window before a watcher exists. */
    static <T> WatchEvent<T> select(Predicate<T> filter, long afterRevision, CacheEvent<T> change) {
        if (change.revision() <= afterRevision) {
            return null;
        }
        if (filter == null) {
            return new WatchEvent<>(change.type(), change.object(), change.revision());
        }
        boolean matchesNow = filter.test(change.object());
        if (change.type() != EventType.MODIFIED) {
            return matchesNow ? new WatchEvent<>(change.type(), change.object(), change.revision()) : null;
        }
        boolean matchedBefore = filter.test(change.previous());
        if (matchedBefore && matchesNow) {
            return new WatchEvent<>(EventType.MODIFIED, change.object(), change.revision());
        }
        if (matchedBefore) {
            return new WatchEvent<>(EventType.DELETED, change.object(), change.revision());
        }
        if (matchesNow) {
            return new WatchEvent<>(EventType.ADDED, change.object(), change.revision());
        }
        return null;
    }

    /** Enqueues without waiting; {@code false} when the queue is full (the caller terminates the watcher). */
    boolean offer(WatchEvent<T> event) {
        lock.lock();
        try {
            if (terminationReason != null) {
                return true;
            }
            if (queue.size() >= capacity) {
                return false;
            }
            queue.add(event);
            available.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Ends delivery with {@code reason}; {@code false} if it had already ended. Does not call back into the cache. */
    boolean terminate(String reason) {
        lock.lock();
        try {
            if (terminationReason != null) {
                return false;
            }
            terminationReason = reason;
            queue.clear();
            available.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * A change as the cache applied it. {@code previous} is the object before a MODIFIED (for selector transitions); for
     * DELETED, {@code object} is the last state with the deletion revision as its resourceVersion.
     */
    record CacheEvent<T>(EventType type, String key, T object, T previous, long revision) {
    }
}
