package io.coxswain.nodeagent.queue;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A work queue of keys with client-go's semantics, so that each key is handled by one worker at a time:
 * <ul>
 *   <li>a key is queued at most once (adding a queued key does nothing);</li>
 *   <li>a key taken by a worker is not handed to another until {@link #done} ; adding it meanwhile marks it
 *       dirty and it is queued again at {@link #done}, so no change is lost;</li>
 *   <li>{@link #addAfter} queues after a delay (an earlier pending delay for the key wins);</li>
 *   <li>{@link #addRateLimited} queues after a per-key exponential back-off (failures), {@link #forget} resets it.</li>
 * </ul>
 * Thread-safe. Delays run on the given scheduler.
 */
public final class WorkQueue {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition available = lock.newCondition();
    private final ArrayDeque<String> queue = new ArrayDeque<>();
    private final Set<String> dirty = new HashSet<>();
    private final Set<String> processing = new HashSet<>();
    private final Map<String, Integer> failures = new HashMap<>();
    private final Map<String, Delayed> delayed = new HashMap<>();
    private final ScheduledExecutorService scheduler;
    private final Duration baseDelay;
    private final Duration maxDelay;
    private boolean shutdown;

    private record Delayed(long dueNanos, ScheduledFuture<?> future) {
    }

    public WorkQueue(ScheduledExecutorService scheduler, Duration baseDelay, Duration maxDelay) {
        this.scheduler = scheduler;
        this.baseDelay = baseDelay;
        this.maxDelay = maxDelay;
    }

    public void add(String key) {
        lock.lock();
        try {
            if (shutdown || dirty.contains(key)) {
                return;
            }
            dirty.add(key);
            if (!processing.contains(key)) {
                queue.addLast(key);
                available.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    public void addAfter(String key, Duration delay) {
        if (delay.isZero() || delay.isNegative()) {
            add(key);
            return;
        }
        lock.lock();
        try {
            if (shutdown) {
                return;
            }
            long due = System.nanoTime() + delay.toNanos();
            Delayed existing = delayed.get(key);
            if (existing != null && existing.dueNanos() <= due) {
                return;
            }
            if (existing != null) {
                existing.future().cancel(false);
            }
            ScheduledFuture<?> f = scheduler.schedule(() -> {
                lock.lock();
                try {
                    Delayed d = delayed.get(key);
                    if (d != null && d.dueNanos() == due) {
                        delayed.remove(key);
                    }
                } finally {
                    lock.unlock();
                }
                add(key);
            }, delay.toNanos(), TimeUnit.NANOSECONDS);
            delayed.put(key, new Delayed(due, f));
        } finally {
            lock.unlock();
        }
    }

    public void addRateLimited(String key) {
        int n;
        lock.lock();
        try {
            n = failures.merge(key, 1, Integer::sum);
        } finally {
            lock.unlock();
        }
        addAfter(key, backOff(baseDelay, maxDelay, n));
    }

    /** base * 2^(n-1), capped. */
    static Duration backOff(Duration base, Duration max, int failures) {
        int shift = Math.min(Math.max(failures - 1, 0), 30);
        long nanos = base.toNanos() << shift;
        return nanos <= 0 || nanos > max.toNanos() ? max : Duration.ofNanos(nanos);
    }

    public void forget(String key) {
        lock.lock();
        try {
            failures.remove(key);
        } finally {
            lock.unlock();
        }
    }

    /** Blocks until a key is available; null once the queue is shut down. The caller must call {@link #done}. */
    public String take() throws InterruptedException {
        lock.lock();
        try {
            while (queue.isEmpty() && !shutdown) {
                available.await();
            }
            if (shutdown) {
                return null;
            }
            String key = queue.removeFirst();
            dirty.remove(key);
            processing.add(key);
            return key;
        } finally {
            lock.unlock();
        }
    }

    public void done(String key) {
        lock.lock();
        try {
            processing.remove(key);
            if (dirty.contains(key) && !shutdown) {
                queue.addLast(key);
                available.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    public int depth() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    public void shutdown() {
        lock.lock();
        try {
            shutdown = true;
            delayed.values().forEach(d -> d.future().cancel(false));
            delayed.clear();
            available.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
