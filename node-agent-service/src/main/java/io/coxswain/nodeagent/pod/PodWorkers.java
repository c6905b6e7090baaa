package io.coxswain.nodeagent.pod;

import io.coxswain.runtime.events.EventRecorder;
import io.coxswain.nodeagent.probe.ProbeManager;
import io.coxswain.nodeagent.probe.ProbeResult;
import io.coxswain.nodeagent.probe.ProbeType;
import io.coxswain.nodeagent.probe.Prober;
import io.coxswain.runtime.workqueue.ExponentialBackoff;
import io.coxswain.runtime.workqueue.WorkQueue;
import io.coxswain.nodeagent.runtime.ContainerRuntime;
import io.coxswain.nodeagent.runtime.ContainerSummary;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Drives every pod bound to this node to its spec. Pods are keyed "namespace/name"; a work queue hands each
 * key to one worker thread at a time, so each pod is synced serially while different pods sync in parallel.
 * Keys come from the pod informer ({@link #enqueue}), from probe result changes, from the relist
 * (which notices containers that changed state, and containers whose pod is gone), and from syncs that
 * ask to be called again. A failed sync is retried with per-key exponential back-off.
 */
public class PodWorkers implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PodWorkers.class);

    private final ContainerRuntime runtime;
    private final PodApi api;
    private final PodWorkerSettings settings;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService stopper;
    private final WorkQueue<String> queue;
    private final ProbeManager probes;
    private final PodSyncer syncer;
    private final Timer syncTimer;
    private final List<Thread> threads = new ArrayList<>();
    private volatile Map<String, Set<String>> lastRelist = Map.of();
    private volatile boolean running;

    public PodWorkers(ContainerRuntime runtime, Prober prober, PodApi api, EventRecorder events, Clock clock,
                      PodWorkerSettings settings, MeterRegistry registry) {
        this.runtime = runtime;
        this.api = api;
        this.settings = settings;
        AtomicInteger n = new AtomicInteger();
        this.scheduler = Executors.newScheduledThreadPool(4, r -> daemon(r, "pod-timer-" + n.incrementAndGet()));
        this.stopper = Executors.newCachedThreadPool(r -> daemon(r, "container-stopper-" + n.incrementAndGet()));
        this.queue = new WorkQueue<>("pods", new ExponentialBackoff<>(Duration.ofMillis(200), Duration.ofSeconds(30)),
                registry);
        this.probes = new ProbeManager(prober, scheduler, clock, new ProbeManager.Listener() {
            @Override
            public void resultChanged(String podKey, String containerName, ProbeType type, ProbeResult result) {
                enqueue(podKey);
            }

            @Override
            public void probeFailed(String podKey, String containerName, ProbeType type, String message) {
                api.cached(podKey).ifPresent(pod -> events.record(pod, "spec.containers{" + containerName + "}",
                        EventRecorder.WARNING, "Unhealthy", type.display() + " probe failed: " + message));
            }
        });
        this.syncer = new PodSyncer(runtime, api, events, probes, clock, settings, stopper);
        this.syncTimer = Timer.builder("kubelet_pod_worker_duration_seconds")
                .description("Duration of one pod sync").publishPercentileHistogram().register(registry);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Starts the workers and the relist. Call once the pod cache has synced. */
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        for (int i = 0; i < settings.workers(); i++) {
            Thread t = daemon(this::workLoop, "pod-worker-" + i);
            threads.add(t);
            t.start();
        }
        scheduler.scheduleWithFixedDelay(this::relist, 0, settings.relistPeriod().toMillis(), TimeUnit.MILLISECONDS);
        api.cachedAll().forEach(p -> enqueue(key(p)));
        log.info("pod workers started node={} workers={}", settings.nodeName(), settings.workers());
    }

    /** For the informer's callbacks: no logic, just the key. */
    public void enqueue(String key) {
        queue.add(key);
    }

    /**
     * For the informer's update callback. Like the kubelet, a change of status alone (usually this agent's
     * own write) does not cause a sync: the status is the sync's output, not its input.
     */
    public void podUpdated(Pod old, Pod pod) {
        if (old != null && onlyStatusChanged(old, pod)) {
            return;
        }
        enqueue(key(pod));
    }

    static boolean onlyStatusChanged(Pod old, Pod pod) {
        return Objects.equals(old.getSpec(), pod.getSpec()) && Objects.equals(comparableMeta(old), comparableMeta(pod));
    }

    private static ObjectMeta comparableMeta(Pod pod) {
        return new ObjectMetaBuilder(pod.getMetadata()).withResourceVersion(null).withManagedFields().build();
    }

    public static String key(Pod pod) {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }

    private void workLoop() {
        while (running) {
            String key;
            try {
                key = queue.get().orElse(null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (key == null) {
                return; // shut down
            }
            Timer.Sample sample = Timer.start();
            try {
                PodSyncer.Result result = syncer.sync(key);
                queue.forget(key);
                if (result.requeueAfter() != null) {
                    queue.addAfter(key, result.requeueAfter());
                }
            } catch (RuntimeException e) {
                log.warn("sync failed pod={}: {}", key, e.toString());
                log.debug("sync failure pod={}", key, e);
                queue.addRateLimited(key);
            } finally {
                sample.stop(syncTimer);
                queue.done(key);
            }
        }
    }

    /**
     * The kubelet's PLEG: list the runtime's containers and queue every pod whose containers changed
     * (started, exited, appeared, vanished), and every pod key with containers but no pod bound here.
     */
    void relist() {
        try {
            Map<String, Set<String>> now = new HashMap<>();
            for (ContainerSummary c : runtime.list()) {
                now.computeIfAbsent(c.pod().key(), k -> new TreeSet<>()).add(c.id() + ":" + c.state() + ":" + c.pod().uid());
            }
            Map<String, Set<String>> before = lastRelist;
            Set<String> changed = new HashSet<>();
            now.forEach((k, v) -> {
                if (!v.equals(before.get(k))) {
                    changed.add(k);
                }
            });
            before.keySet().stream().filter(k -> !now.containsKey(k)).forEach(changed::add);
            if (api.synced()) {
                for (String k : now.keySet()) {
                    if (api.cached(k).isEmpty()) {
                        changed.add(k); // orphans: the sync removes them
                    }
                }
            }
            lastRelist = now;
            changed.forEach(this::enqueue);
        } catch (RuntimeException e) {
            log.warn("relist failed: {}", e.toString());
        }
    }

    @Override
    public synchronized void close() {
        running = false;
        queue.close();
        threads.forEach(Thread::interrupt);
        probes.close();
        scheduler.shutdownNow();
        stopper.shutdownNow();
    }
}
