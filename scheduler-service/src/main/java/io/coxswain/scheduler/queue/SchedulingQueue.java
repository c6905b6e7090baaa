package io.coxswain.scheduler.queue;

import io.coxswain.scheduler.framework.PodInfo;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * kube-scheduler's three-part scheduling queue.
 * <ul>
 *   <li><b>active</b>: pods ready for an attempt, highest priority first, then the longest waiting.</li>
 *   <li><b>backoff</b>: pods whose last attempt failed, waiting {@code initial * 2^(attempts-1)} (capped) before
 *       they return to active.</li>
 *   <li><b>unschedulable</b>: pods no node could take. They stay until a cluster event that may make them fit
 *       ({@link #moveAllToActiveOrBackoff}: node added or changed, assigned pod deleted) or their own spec changes;
 *       as a safety net, after {@code maxUnschedulableDuration}. No event, no retry: there is no busy loop.</li>
 * </ul>
 * A cluster event during an attempt is not lost: a pod whose attempt started before the latest move request goes to
 * backoff instead of unschedulable (kube's {@code moveRequestCycle}).
 *
 * <p>Threading: thread-safe. {@link #pop} blocks the one scheduling thread; informer and binding threads add,
 * update, delete and requeue concurrently. Durations are measured with the given {@link Clock} so that tests
 * control back-off without sleeping.
 */
public final class SchedulingQueue implements AutoCloseable {

    private static final long MAX_WAIT_MILLIS = 1000;

    private final Clock clock;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration maxUnschedulableDuration;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final TreeSet<QueuedPod> active = new TreeSet<>(Comparator
            .comparingInt((QueuedPod p) -> -p.pod.priority())
            .thenComparingLong(p -> p.timestamp)
            .thenComparingLong(p -> p.seq));
    private final TreeSet<QueuedPod> backoff = new TreeSet<>(Comparator
            .comparingLong(this::backoffExpiry)
            .thenComparingLong(p -> p.seq));
    private final Map<String, QueuedPod> unschedulable = new HashMap<>();
    private final Map<String, QueuedPod> all = new HashMap<>();
    private long schedulingCycle;
    private long moveRequestCycle = -1;
    private long lastLeftoverFlushMillis;
    private boolean closed;

    public SchedulingQueue(Clock clock, Duration initialBackoff, Duration maxBackoff,
                           Duration maxUnschedulableDuration) {
        this.clock = clock;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.maxUnschedulableDuration = maxUnschedulableDuration;
    }

    /** A new pending pod; if already known, same as {@link #update} with a changed spec. */
    public void add(PodInfo pod) {
        lock.lock();
        try {
            if (all.containsKey(pod.key())) {
                updateLocked(pod, true);
                return;
            }
            QueuedPod queued = new QueuedPod(pod, clock.millis());
            all.put(pod.key(), queued);
            toActive(queued);
        } finally {
            lock.unlock();
        }
    }

    /**
     * A newer version of a pending pod. {@code specChanged} says whether something that affects scheduling changed
     * (not just status, which the scheduler itself writes): only then does an unschedulable pod get another try.
     */
    public void update(PodInfo pod, boolean specChanged) {
        lock.lock();
        try {
            if (!all.containsKey(pod.key())) {
                add(pod);
                return;
            }
            updateLocked(pod, specChanged);
        } finally {
            lock.unlock();
        }
    }

    private void updateLocked(PodInfo pod, boolean specChanged) {
        QueuedPod queued = all.get(pod.key());
        switch (queued.where) {
            case ACTIVE -> {
                active.remove(queued);
                queued.pod = pod;
                active.add(queued);
            }
            case BACKOFF -> queued.pod = pod;
            case UNSCHEDULABLE -> {
                queued.pod = pod;
                if (specChanged) {
                    unschedulable.remove(pod.key());
                    toActiveOrBackoff(queued);
                }
            }
            case IN_FLIGHT -> {
                queued.pod = pod;
                queued.changedWhileInFlight |= specChanged;
            }
        }
    }

    /** The pod is gone, or bound by someone: forget it wherever it waits. */
    public void delete(String key) {
        lock.lock();
        try {
            QueuedPod queued = all.remove(key);
            if (queued == null) {
                return;
            }
            switch (queued.where) {
                case ACTIVE -> active.remove(queued);
                case BACKOFF -> backoff.remove(queued);
                case UNSCHEDULABLE -> unschedulable.remove(key);
                case IN_FLIGHT -> {
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Blocks until a pod is ready for an attempt; returns null once closed. */
    public QueuedPod pop() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (true) {
                QueuedPod next = pollLocked();
                if (next != null || closed) {
                    return next;
                }
                changed.await(waitMillis(), TimeUnit.MILLISECONDS);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Like {@link #pop} without blocking: null if no pod is ready now. */
    public QueuedPod poll() {
        lock.lock();
        try {
            return closed ? null : pollLocked();
        } finally {
            lock.unlock();
        }
    }

    private QueuedPod pollLocked() {
        long now = clock.millis();
        flushBackoffCompleted(now);
        flushUnschedulableLeftover(now);
        QueuedPod next = active.pollFirst();
        if (next == null) {
            return null;
        }
        next.where = QueuedPod.Where.IN_FLIGHT;
        next.attempts++;
        next.cycle = ++schedulingCycle;
        next.changedWhileInFlight = false;
        if (next.initialAttempt == null) {
            next.initialAttempt = clock.instant();
        }
        return next;
    }

    /** The attempt found no node. The pod waits for a cluster event, or backs off if one happened meanwhile. */
    public void requeueUnschedulable(QueuedPod queued) {
        lock.lock();
        try {
            if (all.get(queued.key()) != queued) {
                return;
            }
            long now = clock.millis();
            queued.lastFailureMillis = now;
            if (queued.changedWhileInFlight || moveRequestCycle >= queued.cycle) {
                toBackoff(queued);
            } else {
                queued.where = QueuedPod.Where.UNSCHEDULABLE;
                queued.unschedulableSinceMillis = now;
                unschedulable.put(queued.key(), queued);
            }
        } finally {
            lock.unlock();
        }
    }

    /** The attempt or its binding failed with an error: retry after back-off. */
    public void requeueAfterError(QueuedPod queued) {
        lock.lock();
        try {
            if (all.get(queued.key()) != queued) {
                return;
            }
            queued.lastFailureMillis = clock.millis();
            toBackoff(queued);
        } finally {
            lock.unlock();
        }
    }

    /** The pod was bound: the queue forgets it. */
    public void done(QueuedPod queued) {
        lock.lock();
        try {
            all.remove(queued.key(), queued);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Something changed that may let unschedulable pods fit: each goes to active, or to backoff if its back-off has
     * not elapsed yet.
     */
    public void moveAllToActiveOrBackoff() {
        lock.lock();
        try {
            moveRequestCycle = schedulingCycle;
            if (unschedulable.isEmpty()) {
                return;
            }
            for (QueuedPod queued : unschedulable.values()) {
                toActiveOrBackoff(queued);
            }
            unschedulable.clear();
        } finally {
            lock.unlock();
        }
    }

    public Counts counts() {
        lock.lock();
        try {
            return new Counts(active.size(), backoff.size(), unschedulable.size());
        } finally {
            lock.unlock();
        }
    }

    /** Pending pods per sub-queue, for the {@code scheduler_pending_pods} gauge. */
    public record Counts(int active, int backoff, int unschedulable) {
    }

    Duration backoffDuration(int attempts) {
        long nanos = initialBackoff.toNanos();
        for (int i = 1; i < attempts && nanos < maxBackoff.toNanos(); i++) {
            nanos *= 2;
        }
        return Duration.ofNanos(Math.min(nanos, maxBackoff.toNanos()));
    }

    private long backoffExpiry(QueuedPod queued) {
        return queued.lastFailureMillis + backoffDuration(queued.attempts).toMillis();
    }

    private void toActiveOrBackoff(QueuedPod queued) {
        if (backoffExpiry(queued) > clock.millis()) {
            toBackoff(queued);
        } else {
            toActive(queued);
        }
    }

    private void toActive(QueuedPod queued) {
        queued.where = QueuedPod.Where.ACTIVE;
        active.add(queued);
        changed.signalAll();
    }

    private void toBackoff(QueuedPod queued) {
        queued.where = QueuedPod.Where.BACKOFF;
        backoff.add(queued);
        changed.signalAll();
    }

    private void flushBackoffCompleted(long now) {
        Iterator<QueuedPod> it = backoff.iterator();
        while (it.hasNext()) {
            QueuedPod queued = it.next();
            if (backoffExpiry(queued) > now) {
                break;
            }
            it.remove();
            toActive(queued);
        }
    }

    private void flushUnschedulableLeftover(long now) {
        // A scan per second is plenty for a safety net measured in minutes, and keeps pop O(log n).
        if (unschedulable.isEmpty() || now - lastLeftoverFlushMillis < MAX_WAIT_MILLIS) {
            return;
        }
        lastLeftoverFlushMillis = now;
        Iterator<QueuedPod> it = unschedulable.values().iterator();
        while (it.hasNext()) {
            QueuedPod queued = it.next();
            if (now - queued.unschedulableSinceMillis >= maxUnschedulableDuration.toMillis()) {
                it.remove();
                toActiveOrBackoff(queued);
            }
        }
    }

    private long waitMillis() {
        long wait = MAX_WAIT_MILLIS;
        if (!backoff.isEmpty()) {
            wait = Math.min(wait, Math.max(1, backoffExpiry(backoff.first()) - clock.millis()));
        }
        return wait;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
