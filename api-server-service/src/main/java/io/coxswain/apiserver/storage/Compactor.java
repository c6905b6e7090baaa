package io.coxswain.apiserver.storage;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps etcd's history bounded the way the Kubernetes api-server does: at every tick it compacts to the revision it read
 * at the previous tick, so a client always has at least one interval to resume a watch from a resourceVersion it saw.
 *
 * <p>Several api-servers may run compactors against one etcd: compacting to a revision that is already compacted is a
 * no-op. A tick that fails (etcd unavailable) is logged and retried at the next tick. Thread-safe: ticks run on one
 * daemon thread of its own.
 */
public final class Compactor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Compactor.class);

    private final EtcdStore store;
    private final Duration interval;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "etcd-compactor");
        thread.setDaemon(true);
        return thread;
    });
    /** The revision read at the previous tick, or 0 before the first; only touched by the compactor thread. */
    private long previousRevision;

    public Compactor(EtcdStore store, Duration interval) {
        this.store = store;
        this.interval = interval;
    }

    /** Schedules the ticks; does nothing when the interval is zero or negative (compaction turned off). */
    public void start() {
        if (interval.isZero() || interval.isNegative()) {
            log.info("etcd compaction is off");
            return;
        }
        long millis = interval.toMillis();
        scheduler.scheduleWithFixedDelay(this::tickSafely, millis, millis, TimeUnit.MILLISECONDS);
        log.info("etcd compaction every {}", interval);
    }

    /**
     * One compaction round: compacts to the revision seen at the previous round (if any) and remembers the current one.
     *
     * @return the revision compacted to, or 0 if this round compacted nothing
     */
    long tick() {
        long current = store.currentRevision();
        long target = previousRevision;
        if (target > 0) {
            store.compact(target);
            log.info("compacted etcd revision={}", target);
        }
        previousRevision = current;
        return target;
    }

    private void tickSafely() {
        try {
            tick();
        } catch (StorageException e) {
            log.warn("etcd compaction failed; retrying at the next tick: {}", e.getMessage());
        } catch (RuntimeException e) {
            // a scheduled task that throws is never run again: keep the compactor alive
            log.error("etcd compaction failed unexpectedly", e);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
