package io.coxswain.scheduler.scheduling;

import io.coxswain.runtime.ObjectKeys;
import io.coxswain.scheduler.binding.Binder;
import io.coxswain.scheduler.binding.BindingRejectedException;
import io.coxswain.runtime.events.EventRecorder;
import io.coxswain.scheduler.binding.PodConditionWriter;
import io.coxswain.scheduler.cache.SchedulerCache;
import io.coxswain.scheduler.framework.Framework;
import io.coxswain.scheduler.framework.PodInfo;
import io.coxswain.scheduler.framework.ScheduleResult;
import io.coxswain.scheduler.queue.QueuedPod;
import io.coxswain.scheduler.queue.SchedulingQueue;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler: turns pod and node events into queue and cache changes, and runs scheduling cycles (pop a pod,
 * filter and score under the cache lock, assume it on the chosen node, bind on a binding thread).
 *
 * <p>Threading: the {@code on*} methods are called by the informers' (sequential) handler threads; the scheduling
 * loop runs on one thread of its own, started and stopped with leadership; bindings, status writes and events run
 * on {@code apiExecutor}. Only pods whose {@code spec.schedulerName} is this scheduler's name are taken.
 */
public final class Scheduler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Scheduler.class);
    static final String REASON_SCHEDULED = "Scheduled";
    static final String REASON_FAILED_SCHEDULING = "FailedScheduling";

    private final String schedulerName;
    private final SchedulingQueue queue;
    private final SchedulerCache cache;
    private final Framework framework;
    private final Binder binder;
    private final PodConditionWriter conditions;
    private final EventRecorder events;
    private final SchedulerMetrics metrics;
    private final Executor apiExecutor;
    private final Clock clock;
    private Thread loop;
    private volatile boolean running;

    public Scheduler(String schedulerName, SchedulingQueue queue, SchedulerCache cache, Framework framework,
                     Binder binder, PodConditionWriter conditions, EventRecorder events, SchedulerMetrics metrics,
                     Executor apiExecutor, Clock clock) {
        this.schedulerName = schedulerName;
        this.queue = queue;
        this.cache = cache;
        this.framework = framework;
        this.binder = binder;
        this.conditions = conditions;
        this.events = events;
        this.metrics = metrics;
        this.apiExecutor = apiExecutor;
        this.clock = clock;
    }

    // ---- events from the informers -------------------------------------------------------------------------

    public void onPodAdd(Pod pod) {
        if (isAssigned(pod)) {
            queue.delete(ObjectKeys.of(pod));
            if (!isTerminal(pod)) {
                cache.addPod(pod);
            }
        } else if (isPendingForUs(pod)) {
            queue.add(PodInfo.of(pod));
        }
    }

    public void onPodUpdate(Pod old, Pod pod) {
        String key = ObjectKeys.of(pod);
        if (isAssigned(pod)) {
            queue.delete(key);
            if (isTerminal(pod)) {
                // A finished pod no longer uses its node's resources.
                if (cache.contains(key)) {
                    cache.removePod(key);
                    queue.moveAllToActiveOrBackoff();
                }
            } else {
                cache.updatePod(pod);
            }
        } else if (isPendingForUs(pod)) {
            if (!cache.isAssumed(key)) {
                queue.update(PodInfo.of(pod), schedulingInputsChanged(old, pod));
            }
        } else {
            queue.delete(key);
        }
    }

    public void onPodDelete(Pod pod) {
        String key = ObjectKeys.of(pod);
        queue.delete(key);
        if (cache.contains(key)) {
            cache.removePod(key);
            queue.moveAllToActiveOrBackoff();
        }
    }

    public void onNodeAdd(Node node) {
        cache.addNode(node);
        queue.moveAllToActiveOrBackoff();
    }

    public void onNodeUpdate(Node old, Node node) {
        cache.updateNode(node);
        if (nodeSchedulingInputsChanged(old, node)) {
            queue.moveAllToActiveOrBackoff();
        }
    }

    public void onNodeDelete(Node node) {
        cache.removeNode(node.getMetadata().getName());
    }

    // ---- the scheduling loop -------------------------------------------------------------------------------

    /** Starts the scheduling loop (on becoming leader). Idempotent. */
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        loop = new Thread(this::runLoop, "scheduler-loop");
        loop.setDaemon(true);
        loop.start();
        log.info("scheduling started scheduler={}", schedulerName);
    }

    /** Stops the scheduling loop after the current cycle (on losing leadership). In-flight bindings complete. */
    public void stop() {
        Thread current;
        synchronized (this) {
            if (!running) {
                return;
            }
            running = false;
            current = loop;
        }
        current.interrupt();
        try {
            current.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("scheduling stopped scheduler={}", schedulerName);
    }

    private void runLoop() {
        while (running) {
            QueuedPod next;
            try {
                next = queue.pop();
            } catch (InterruptedException e) {
                return;
            }
            if (next == null) {
                return;
            }
            try {
                scheduleOne(next);
            } catch (RuntimeException e) {
                log.error("scheduling cycle failed pod={}", next.key(), e);
                queue.requeueAfterError(next);
            }
        }
    }

    /** One scheduling cycle for a popped pod. Public so tests can drive cycles without the loop thread. */
    public void scheduleOne(QueuedPod queued) {
        PodInfo pod = queued.pod();
        if (cache.contains(pod.key())) {
            // Already assumed or bound: an event raced with the pop.
            queue.done(queued);
            return;
        }
        long start = System.nanoTime();
        ScheduleResult result = cache.withNodes(nodes -> {
            ScheduleResult decided = framework.schedule(pod, nodes);
            if (decided instanceof ScheduleResult.Scheduled scheduled) {
                cache.assume(pod, scheduled.nodeName());
            }
            return decided;
        });
        metrics.algorithm(System.nanoTime() - start);
        if (result instanceof ScheduleResult.Scheduled scheduled) {
            log.debug("assumed pod={} node={} evaluated={} feasible={}", pod.key(), scheduled.nodeName(),
                    scheduled.evaluatedNodes(), scheduled.feasibleNodes());
            apiExecutor.execute(() -> bind(queued, pod, scheduled.nodeName(), start));
        } else if (result instanceof ScheduleResult.Unschedulable unschedulable) {
            metrics.attempt(SchedulerMetrics.UNSCHEDULABLE, System.nanoTime() - start);
            queue.requeueUnschedulable(queued);
            String message = unschedulable.fitError().message();
            log.info("unschedulable pod={} attempts={}: {}", pod.key(), queued.attempts(), message);
            apiExecutor.execute(() -> {
                conditions.markUnschedulable(pod.pod(), message);
                events.record(pod.pod(), EventRecorder.WARNING, REASON_FAILED_SCHEDULING, message);
            });
        } else if (result instanceof ScheduleResult.Failed failed) {
            metrics.attempt(SchedulerMetrics.ERROR, System.nanoTime() - start);
            queue.requeueAfterError(queued);
            log.warn("scheduling error pod={} plugin={}: {}", pod.key(), failed.plugin(), failed.message());
            apiExecutor.execute(() -> events.record(pod.pod(), EventRecorder.WARNING, REASON_FAILED_SCHEDULING,
                    failed.message()));
        }
    }

    private void bind(QueuedPod queued, PodInfo pod, String nodeName, long start) {
        try {
            binder.bind(pod.pod(), nodeName);
        } catch (BindingRejectedException e) {
            // Gone or bound by someone else: the informer will tell the cache the truth.
            log.info("binding rejected pod={} node={}: {}", pod.key(), nodeName, e.getMessage());
            metrics.attempt(SchedulerMetrics.ERROR, System.nanoTime() - start);
            cache.forget(pod.key());
            queue.done(queued);
            queue.moveAllToActiveOrBackoff();
            return;
        } catch (RuntimeException e) {
            log.warn("binding failed pod={} node={}: {}", pod.key(), nodeName, e.toString());
            metrics.attempt(SchedulerMetrics.ERROR, System.nanoTime() - start);
            cache.forget(pod.key());
            queue.requeueAfterError(queued);
            queue.moveAllToActiveOrBackoff();
            events.record(pod.pod(), EventRecorder.WARNING, REASON_FAILED_SCHEDULING,
                    "Binding rejected: " + e.getMessage());
            return;
        }
        metrics.attempt(SchedulerMetrics.SCHEDULED, System.nanoTime() - start);
        if (queued.initialAttempt() != null) {
            metrics.podScheduled(Duration.between(queued.initialAttempt(), clock.instant()));
        }
        queue.done(queued);
        log.debug("bound pod={} node={}", pod.key(), nodeName);
        events.record(pod.pod(), EventRecorder.NORMAL, REASON_SCHEDULED,
                "Successfully assigned " + pod.key() + " to " + nodeName);
    }

    @Override
    public void close() {
        stop();
        queue.close();
        framework.close();
    }

    // ---- which pods and changes matter ---------------------------------------------------------------------

    static boolean isAssigned(Pod pod) {
        String nodeName = pod.getSpec().getNodeName();
        return nodeName != null && !nodeName.isEmpty();
    }

    static boolean isTerminal(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    boolean isPendingForUs(Pod pod) {
        String name = pod.getSpec().getSchedulerName();
        String wanted = name == null || name.isEmpty() ? "default-scheduler" : name;
        return wanted.equals(schedulerName) && !isAssigned(pod) && !isTerminal(pod)
                && pod.getMetadata().getDeletionTimestamp() == null;
    }

    /** Kubernetes' {@code isPodUpdated}: a change other than status (which the scheduler writes itself). */
    static boolean schedulingInputsChanged(Pod old, Pod pod) {
        return !Objects.equals(old.getSpec(), pod.getSpec())
                || !Objects.equals(old.getMetadata().getLabels(), pod.getMetadata().getLabels())
                || !Objects.equals(old.getMetadata().getAnnotations(), pod.getMetadata().getAnnotations());
    }

    /** Changes that can make a pod fit: capacity, labels, taints, cordon, readiness (not heartbeat timestamps). */
    static boolean nodeSchedulingInputsChanged(Node old, Node node) {
        return !Objects.equals(allocatable(old), allocatable(node))
                || !Objects.equals(old.getMetadata().getLabels(), node.getMetadata().getLabels())
                || !Objects.equals(old.getSpec(), node.getSpec())
                || !Objects.equals(readyStatus(old), readyStatus(node));
    }

    private static Object allocatable(Node node) {
        return node.getStatus() == null ? null : node.getStatus().getAllocatable();
    }

    private static String readyStatus(Node node) {
        if (node.getStatus() == null || node.getStatus().getConditions() == null) {
            return null;
        }
        List<NodeCondition> conditions = node.getStatus().getConditions();
        return conditions.stream().filter(c -> "Ready".equals(c.getType())).map(NodeCondition::getStatus)
                .findFirst().orElse(null);
    }
}
