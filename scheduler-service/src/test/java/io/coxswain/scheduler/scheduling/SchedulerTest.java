package io.coxswain.scheduler.scheduling;

import static io.coxswain.scheduler.fixtures.TestNodes.node;
import static io.coxswain.scheduler.fixtures.TestPods.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.coxswain.scheduler.binding.Binder;
import io.coxswain.scheduler.binding.BindingRejectedException;
import io.coxswain.runtime.events.EventRecorder;
import io.coxswain.scheduler.binding.PodConditionWriter;
import io.coxswain.scheduler.cache.SchedulerCache;
import io.coxswain.scheduler.config.SchedulerProperties;
import io.coxswain.scheduler.queue.QueuedPod;
import io.coxswain.scheduler.queue.SchedulingQueue;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SchedulerTest {

    /** Records bindings and applies them like the API would, so the test can feed the informer's answer back. */
    static final class RecordingBinder implements Binder {
        final Map<String, String> bound = new HashMap<>();
        RuntimeException failNext;

        @Override
        public void bind(Pod pod, String nodeName) {
            if (failNext != null) {
                RuntimeException e = failNext;
                failNext = null;
                throw e;
            }
            bound.put(pod.getMetadata().getName(), nodeName);
        }
    }

    record Recorded(String pod, String type, String reason, String message) {
    }

    private final RecordingBinder binder = new RecordingBinder();
    private final Map<String, String> conditions = new HashMap<>();
    private final List<Recorded> events = new ArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final SchedulingQueue queue =
            new SchedulingQueue(Clock.systemUTC(), Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofMinutes(5));
    private final SchedulerCache cache = new SchedulerCache();
    private final SchedulerProperties properties = SchedulerProperties.defaults();
    private final Scheduler scheduler = new Scheduler("default-scheduler", queue, cache,
            Schedulers.framework(properties), binder,
            (PodConditionWriter) (pod, message) -> conditions.put(pod.getMetadata().getName(), message),
            (EventRecorder) (pod, fieldPath, type, reason, message) ->
                    events.add(new Recorded(pod.getMetadata().getName(), type, reason, message)),
            new SchedulerMetrics(registry, "default-scheduler", queue), Runnable::run, Clock.systemUTC());

    @AfterEach
    void close() {
        scheduler.close();
    }

    /** Runs cycles until the active queue is empty, like the loop would. */
    private void drain() {
        QueuedPod next;
        while ((next = queue.poll()) != null) {
            scheduler.scheduleOne(next);
        }
    }

    private double attempts(String result) {
        return registry.get("scheduler.schedule.attempts").tag("result", result).counter().count();
    }

    @Test
    void bindsPendingPodAndRecordsScheduledEvent() {
        scheduler.onNodeAdd(node("n1").build());
        scheduler.onPodAdd(pod("web").requests("1", "1Gi").build());
        drain();
        assertThat(binder.bound).containsEntry("web", "n1");
        assertThat(events).containsExactly(new Recorded("web", "Normal", "Scheduled",
                "Successfully assigned default/web to n1"));
        assertThat(attempts("scheduled")).isEqualTo(1);
    }

    @Test
    void burstOfPodsDoesNotOvercommitANodeBeforeTheWatchConfirms() {
        scheduler.onNodeAdd(node("small").allocatable("2", "4Gi", "110").build());
        scheduler.onNodeAdd(node("big").allocatable("2", "4Gi", "110").build());
        for (int i = 0; i < 6; i++) {
            scheduler.onPodAdd(pod("p" + i).requests("1", "1Gi").build());
        }
        drain();
        // 2 CPUs per node, 1 CPU per pod: 4 fit, 2 wait, and no node got more than 2.
        assertThat(binder.bound).hasSize(4);
        assertThat(binder.bound.values().stream().filter("small"::equals).count()).isEqualTo(2);
        assertThat(binder.bound.values().stream().filter("big"::equals).count()).isEqualTo(2);
        assertThat(queue.counts().unschedulable()).isEqualTo(2);
    }

    @Test
    void unschedulablePodGetsConditionAndEventAndIsPlacedWhenAFittingNodeAppears() {
        scheduler.onNodeAdd(node("small").allocatable("4", "1Gi", "110").build());
        scheduler.onNodeAdd(node("gpu").taint("dedicated", "gpu", "NoSchedule").build());
        scheduler.onPodAdd(pod("big").requests("1", "2Gi").build());
        drain();
        String message = "0/2 nodes are available: 1 Insufficient memory, "
                + "1 node(s) had untolerated taint {dedicated: gpu}.";
        assertThat(conditions).containsEntry("big", message);
        assertThat(events).containsExactly(new Recorded("big", "Warning", "FailedScheduling", message));
        assertThat(attempts("unschedulable")).isEqualTo(1);
        assertThat(binder.bound).isEmpty();

        // Our own status write comes back as an update: no retry, no busy loop.
        Pod pending = pod("big").requests("1", "2Gi").build();
        scheduler.onPodUpdate(pending, new PodBuilder(pending).editOrNewStatus().addNewCondition()
                .withType("PodScheduled").withStatus("False").endCondition().endStatus().build());
        assertThat(queue.poll()).isNull();

        scheduler.onNodeAdd(node("roomy").build());
        // The pod may still be backing off from its first attempt (1 ms); the queue releases it then.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            drain();
            assertThat(binder.bound).containsEntry("big", "roomy");
        });
    }

    @Test
    void failedBindingRollsBackTheAssumptionAndRetries() {
        scheduler.onNodeAdd(node("only").allocatable("1", "4Gi", "110").build());
        binder.failNext = new IllegalStateException("api-server unavailable");
        scheduler.onPodAdd(pod("p").requests("1", "1Gi").build());
        scheduler.scheduleOne(queue.poll());
        assertThat(cache.contains("default/p")).isFalse();
        assertThat(attempts("error")).isEqualTo(1);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            drain();
            assertThat(binder.bound).containsEntry("p", "only");
        });
    }

    @Test
    void rejectedBindingIsNotRetried() {
        scheduler.onNodeAdd(node("n").build());
        binder.failNext = new BindingRejectedException("pod already bound", null);
        scheduler.onPodAdd(pod("p").build());
        drain();
        assertThat(cache.contains("default/p")).isFalse();
        assertThat(queue.counts()).isEqualTo(new SchedulingQueue.Counts(0, 0, 0));
    }

    @Test
    void takesOnlyPodsForThisScheduler() {
        scheduler.onNodeAdd(node("n").build());
        scheduler.onPodAdd(pod("mine").build());
        scheduler.onPodAdd(pod("explicit").schedulerName("default-scheduler").build());
        scheduler.onPodAdd(pod("other").schedulerName("gpu-scheduler").build());
        drain();
        assertThat(binder.bound).containsOnlyKeys("mine", "explicit");
    }

    @Test
    void deletingABoundPodFreesItsNodeForWaitingPods() {
        Pod holder = pod("holder").requests("4", "1Gi").nodeName("n").build();
        scheduler.onNodeAdd(node("n").build());
        scheduler.onPodAdd(holder);
        scheduler.onPodAdd(pod("waiting").requests("2", "1Gi").build());
        drain();
        assertThat(conditions).containsEntry("waiting", "0/1 nodes are available: 1 Insufficient cpu.");
        scheduler.onPodDelete(holder);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            drain();
            assertThat(binder.bound).containsEntry("waiting", "n");
        });
    }

    @Test
    void finishedPodsNoLongerCountAgainstTheirNode() {
        Pod job = pod("job").requests("4", "1Gi").nodeName("n").build();
        scheduler.onNodeAdd(node("n").build());
        scheduler.onPodAdd(job);
        scheduler.onPodUpdate(job, new PodBuilder(job).editOrNewStatus().withPhase("Succeeded").endStatus().build());
        scheduler.onPodAdd(pod("next").requests("4", "1Gi").build());
        drain();
        assertThat(binder.bound).containsEntry("next", "n");
    }

    @Test
    void replicasOfOneOwnerSpreadEvenly() {
        for (int n = 0; n < 3; n++) {
            scheduler.onNodeAdd(node("n" + n).build());
        }
        for (int i = 0; i < 9; i++) {
            scheduler.onPodAdd(pod("web-" + i).owner("rs-web").requests("100m", "128Mi").build());
        }
        drain();
        Map<String, Long> perNode = new HashMap<>();
        binder.bound.values().forEach(node -> perNode.merge(node, 1L, Long::sum));
        assertThat(perNode).containsOnly(Map.entry("n0", 3L), Map.entry("n1", 3L), Map.entry("n2", 3L));
    }
}
