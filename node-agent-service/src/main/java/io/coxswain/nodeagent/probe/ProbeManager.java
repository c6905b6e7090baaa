package io.coxswain.nodeagent.probe;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Probe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the liveness, readiness and startup probes of running containers, one periodic task per container
 * and probe type, and keeps their latest results. The pod workers read results in their sync and are told
 * (through {@link Listener}) when a result changes, so that they sync the pod again.
 * Thread-safe; probes run on the given scheduler, never on a pod worker.
 */
public class ProbeManager implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProbeManager.class);

    /** Told about result changes and failed runs. Called from probe threads. */
    public interface Listener {
        void resultChanged(String podKey, String containerName, ProbeType type, ProbeResult result);

        void probeFailed(String podKey, String containerName, ProbeType type, String message);
    }

    private record Key(String containerId, ProbeType type) {
    }

    private final class Worker implements Runnable {
        final String podKey;
        final Container container;
        final String containerId;
        final String podIp;
        final ProbeType type;
        final Probe probe;
        volatile ProbeState state;
        volatile ScheduledFuture<?> future;

        Worker(String podKey, Container container, String containerId, String podIp, ProbeType type) {
            this.podKey = podKey;
            this.container = container;
            this.containerId = containerId;
            this.podIp = podIp;
            this.type = type;
            this.probe = type.of(container);
            this.state = ProbeState.initial(type);
        }

        @Override
        public void run() {
            try {
                if (type == ProbeType.STARTUP && state.result() == ProbeResult.SUCCESS) {
                    return; // a startup probe stops once it has succeeded
                }
                if (type != ProbeType.STARTUP && container.getStartupProbe() != null
                        && result(containerId, ProbeType.STARTUP) != ProbeResult.SUCCESS) {
                    return; // liveness and readiness wait for the startup probe
                }
                ProbeOutcome outcome = prober.probe(probe, container, podIp, containerId);
                ProbeState before = state;
                state = before.observe(outcome.passed(), orDefault(probe.getSuccessThreshold(), 1), orDefault(probe.getFailureThreshold(), 3));
                if (!outcome.passed()) {
                    listener.probeFailed(podKey, container.getName(), type, outcome.message());
                }
                if (state.result() != before.result()) {
                    log.info("probe result changed pod={} container={} probe={} result={}", podKey, container.getName(), type, state.result());
                    listener.resultChanged(podKey, container.getName(), type, state.result());
                }
            } catch (RuntimeException e) {
                log.warn("probe failed to run pod={} container={} probe={}", podKey, container.getName(), type, e);
            }
        }
    }

    private final Prober prober;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final Listener listener;
    private final Map<Key, Worker> workers = new ConcurrentHashMap<>();

    public ProbeManager(Prober prober, ScheduledExecutorService scheduler, Clock clock, Listener listener) {
        this.prober = prober;
        this.scheduler = scheduler;
        this.clock = clock;
        this.listener = listener;
    }

    /** Starts the probes of a running container unless they already run. Idempotent. */
    public void ensure(String podKey, Container container, String containerId, String podIp, Instant startedAt) {
        for (ProbeType type : ProbeType.values()) {
            Probe probe = type.of(container);
            if (probe == null) {
                continue;
            }
            workers.computeIfAbsent(new Key(containerId, type), k -> {
                Worker w = new Worker(podKey, container, containerId, podIp, type);
                Instant firstRun = (startedAt == null ? clock.instant() : startedAt)
                        .plusSeconds(orDefault(probe.getInitialDelaySeconds(), 0));
                long delayMs = Math.max(0, Duration.between(clock.instant(), firstRun).toMillis());
                long periodMs = Math.max(1, orDefault(probe.getPeriodSeconds(), 10)) * 1000L;
                w.future = scheduler.scheduleWithFixedDelay(w, delayMs, periodMs, TimeUnit.MILLISECONDS);
                return w;
            });
        }
    }

    /**
     * The current result of a container's probe; null when the container has no such probe (or it is not
     * being probed), which the caller reads as "no opinion".
     */
    public ProbeResult result(String containerId, ProbeType type) {
        Worker w = workers.get(new Key(containerId, type));
        return w == null ? null : w.state.result();
    }

    /** Stops the probes of the pod's containers that are not in {@code runningContainerIds}. */
    public void retain(String podKey, Set<String> runningContainerIds) {
        workers.entrySet().removeIf(e -> {
            boolean drop = e.getValue().podKey.equals(podKey) && !runningContainerIds.contains(e.getKey().containerId());
            if (drop) {
                e.getValue().future.cancel(false);
            }
            return drop;
        });
    }

    public void removeContainer(String containerId) {
        workers.entrySet().removeIf(e -> {
            boolean drop = e.getKey().containerId().equals(containerId);
            if (drop) {
                e.getValue().future.cancel(false);
            }
            return drop;
        });
    }

    public void removePod(String podKey) {
        retain(podKey, Set.of());
    }

    @Override
    public void close() {
        workers.values().forEach(w -> w.future.cancel(false));
        workers.clear();
    }

    private static int orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }
}
