package io.coxswain.runtime;

import io.coxswain.runtime.workqueue.WorkQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link Reconciler} over a {@link WorkQueue} with N worker threads, as Kubernetes controllers do: workers
 * start only once every informer cache has synced (so a reconcile never acts on a half-filled cache), and each
 * worker loops take key, reconcile, forget or re-queue with back-off, done.
 *
 * <p>Threading: {@link #start} returns at once; a starter thread waits for the caches and starts the workers.
 * {@link #close} shuts the queue down and waits for workers to finish their current key. A controller is started at
 * most once.
 */
public final class Controller implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Controller.class);
    private static final Duration SYNC_POLL = Duration.ofMillis(50);

    private final String name;
    private final Reconciler reconciler;
    private final WorkQueue<String> queue;
    private final int workers;
    private final List<BooleanSupplier> cachesSynced;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean started;

    /**
     * @param cachesSynced typically {@code informer::hasSynced} for every informer the reconciler reads
     */
    public Controller(String name, Reconciler reconciler, WorkQueue<String> queue, int workers,
                      List<BooleanSupplier> cachesSynced) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1, got " + workers);
        }
        this.name = name;
        this.reconciler = reconciler;
        this.queue = queue;
        this.workers = workers;
        this.cachesSynced = List.copyOf(cachesSynced);
    }

    /** Enqueues {@code key} for reconciliation (informer handlers call this). */
    public void enqueue(String key) {
        queue.add(key);
    }

    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("controller " + name + " already started");
        }
        started = true;
        Thread starter = new Thread(this::waitForCachesThenWork, "controller-" + name + "-start");
        starter.setDaemon(true);
        threads.add(starter);
        starter.start();
    }

    private void waitForCachesThenWork() {
        try {
            while (!queue.isShuttingDown() && !cachesSynced.stream().allMatch(BooleanSupplier::getAsBoolean)) {
                Thread.sleep(SYNC_POLL.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (queue.isShuttingDown()) {
            return;
        }
        log.info("caches synced, starting workers controller={} workers={}", name, workers);
        synchronized (this) {
            for (int i = 0; i < workers; i++) {
                Thread worker = new Thread(this::work, "controller-" + name + "-" + i);
                worker.setDaemon(true);
                threads.add(worker);
                worker.start();
            }
        }
    }

    private void work() {
        try {
            while (true) {
                Optional<String> next = queue.get();
                if (next.isEmpty()) {
                    return;
                }
                process(next.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One iteration of the worker loop; package-private so tests can drive it without threads. */
    void process(String key) {
        try {
            Result result = reconciler.reconcile(key);
            queue.forget(key);
            result.requeueDelay().ifPresent(delay -> queue.addAfter(key, delay));
        } catch (TerminalException e) {
            log.error("reconcile failed, not retrying controller={} key={}", name, key, e);
            queue.forget(key);
        } catch (Exception e) {
            log.warn("reconcile failed, retrying controller={} key={} requeues={}: {}", name, key,
                    queue.numRequeues(key), e.toString());
            log.debug("reconcile failure controller={} key={}", name, key, e);
            queue.addRateLimited(key);
        } finally {
            queue.done(key);
        }
    }

    @Override
    public void close() throws InterruptedException {
        queue.shutDown();
        List<Thread> toJoin;
        synchronized (this) {
            toJoin = List.copyOf(threads);
        }
        for (Thread thread : toJoin) {
            thread.join(Duration.ofSeconds(10).toMillis());
        }
    }
}
