package io.coxswain.runtime.workqueue;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A de-duplicating, rate-limiting work queue in the shape of client-go's {@code workqueue}.
 *
 * <p>Contract:
 * <ul>
 *   <li>An item waits in the queue at most once: adding an item that is already waiting does nothing.</li>
 *   <li>An item is never handed to two workers at once. Adding an item while a worker processes it marks it
 *       dirty; it is queued again when that worker calls {@link #done}, so the change that caused the add is
 *       never lost.</li>
 *   <li>Every {@link #get} that returns an item must be followed by exactly one {@link #done} for it.</li>
 *   <li>{@link #addRateLimited} waits the item's per-key exponential back-off before adding it; {@link #forget}
 *       resets that back-off. {@link #addAfter} adds after a fixed delay; of several pending delayed adds of one
 *       item, the earliest wins.</li>
 *   <li>After {@link #shutDown}, adds are ignored and {@link #get} returns empty at once, waking blocked workers.</li>
 * </ul>
 * Thread-safe. Items must have value semantics ({@code equals}/{@code hashCode}); controllers use
 * {@code namespace/name} strings.
 */
public final class WorkQueue<T> implements AutoCloseable {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final ArrayDeque<T> queue = new ArrayDeque<>();
    /** Items that need processing: those waiting in {@code queue} plus those re-added while processing. */
    private final Set<T> dirty = new HashSet<>();
    private final Set<T> processing = new HashSet<>();
    private final Map<T, Long> enqueuedAt = new HashMap<>();
    private final Map<T, Long> startedAt = new HashMap<>();
    private final Map<T, Waiting> waiting = new HashMap<>();
    private final ExponentialBackoff<T> backoff;
    private final ScheduledExecutorService delayer;
    private final WorkQueueMetrics metrics;
    private boolean shuttingDown;

    /**
     * @param name     the queue's name, the {@code name} tag of its meters and the name of its delay thread
     * @param backoff  per-key back-off used by {@link #addRateLimited}
     * @param registry where the queue's meters are registered
     */
    public WorkQueue(String name, ExponentialBackoff<T> backoff, MeterRegistry registry) {
        this.backoff = backoff;
        this.metrics = new WorkQueueMetrics(registry, name, this::length);
        this.delayer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "workqueue-" + name + "-delay");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Marks {@code item} as needing processing. */
    public void add(T item) {
        lock.lock();
        try {
            if (shuttingDown || !dirty.add(item)) {
                return;
            }
            metrics.added();
            if (processing.contains(item)) {
                // Re-queued by done(); recording the time now would count the processing time as waiting.
                return;
            }
            enqueue(item);
        } finally {
            lock.unlock();
        }
    }

    /** Adds {@code item} once {@code delay} has passed; a zero or negative delay adds at once. */
    public void addAfter(T item, Duration delay) {
        if (delay.isZero() || delay.isNegative()) {
            add(item);
            return;
        }
        long readyAt = System.nanoTime() + delay.toNanos();
        lock.lock();
        try {
            if (shuttingDown) {
                return;
            }
            Waiting current = waiting.get(item);
            if (current != null) {
                if (current.readyAt - readyAt <= 0) {
                    return;
                }
                current.future.cancel(false);
            }
            Waiting next = new Waiting(readyAt, null);
            ScheduledFuture<?> future = delayer.schedule(() -> fire(item, next), delay.toNanos(), TimeUnit.NANOSECONDS);
            next.future = future;
            waiting.put(item, next);
        } finally {
            lock.unlock();
        }
    }

    /** Adds {@code item} after its exponential back-off; each call without a {@link #forget} doubles the wait. */
    public void addRateLimited(T item) {
        metrics.retried();
        addAfter(item, backoff.next(item));
    }

    /** Resets the back-off of {@code item}; does not remove it from the queue. */
    public void forget(T item) {
        backoff.forget(item);
    }

    /** How many rate-limited re-adds {@code item} has had since it was last forgotten. */
    public int numRequeues(T item) {
        return backoff.failures(item);
    }

    /**
     * Blocks until an item is ready and hands it to the caller, who owns it until {@link #done}. Returns empty once
     * the queue is shut down.
     */
    public Optional<T> get() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (queue.isEmpty() && !shuttingDown) {
                notEmpty.await();
            }
            if (shuttingDown) {
                return Optional.empty();
            }
            T item = queue.poll();
            dirty.remove(item);
            processing.add(item);
            long now = System.nanoTime();
            Long added = enqueuedAt.remove(item);
            if (added != null) {
                metrics.waited(now - added);
            }
            startedAt.put(item, now);
            return Optional.of(item);
        } finally {
            lock.unlock();
        }
    }

    /** Ends the processing of {@code item}; if it was added meanwhile, it goes back into the queue. */
    public void done(T item) {
        lock.lock();
        try {
            processing.remove(item);
            Long started = startedAt.remove(item);
            if (started != null) {
                metrics.worked(System.nanoTime() - started);
            }
            if (dirty.contains(item) && !shuttingDown) {
                enqueue(item);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Items waiting to be handed out (not those being processed nor those waiting for a delay). */
    public int length() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    public boolean isShuttingDown() {
        lock.lock();
        try {
            return shuttingDown;
        } finally {
            lock.unlock();
        }
    }

    /** Stops handing out items and wakes every blocked {@link #get}; pending delayed adds are dropped. */
    public void shutDown() {
        lock.lock();
        try {
            shuttingDown = true;
            waiting.values().forEach(w -> w.future.cancel(false));
            waiting.clear();
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
        delayer.shutdownNow();
    }

    @Override
    public void close() {
        shutDown();
    }

    private void enqueue(T item) {
        queue.addLast(item);
        enqueuedAt.put(item, System.nanoTime());
        notEmpty.signal();
    }

    private void fire(T item, Waiting self) {
        lock.lock();
        try {
            // A later, earlier-due addAfter may have replaced this entry; only the current one removes itself.
            if (waiting.get(item) == self) {
                waiting.remove(item);
            }
        } finally {
            lock.unlock();
        }
        add(item);
    }

    private static final class Waiting {
        final long readyAt;
        ScheduledFuture<?> future;

        Waiting(long readyAt, ScheduledFuture<?> future) {
            this.readyAt = readyAt;
            this.future = future;
        }
    }
}
