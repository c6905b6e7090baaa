package io.coxswain.scheduler.scheduling;

import io.coxswain.scheduler.queue.SchedulingQueue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * kube-scheduler's metrics under their Kubernetes names: {@code scheduler_schedule_attempts_total{result}},
 * {@code scheduler_scheduling_attempt_duration_seconds{result}}, {@code scheduler_pod_scheduling_duration_seconds}
 * (first attempt to bound) and {@code scheduler_pending_pods{queue=active|backoff|unschedulable}}.
 */
public final class SchedulerMetrics {

    public static final String SCHEDULED = "scheduled";
    public static final String UNSCHEDULABLE = "unschedulable";
    public static final String ERROR = "error";

    private final Map<String, Counter> attempts;
    private final Map<String, Timer> attemptDurations;
    private final Timer podSchedulingDuration;

    public SchedulerMetrics(MeterRegistry registry, String profile, SchedulingQueue queue) {
        attempts = Map.of(SCHEDULED, attemptCounter(registry, profile, SCHEDULED),
                UNSCHEDULABLE, attemptCounter(registry, profile, UNSCHEDULABLE),
                ERROR, attemptCounter(registry, profile, ERROR));
        attemptDurations = Map.of(SCHEDULED, attemptTimer(registry, profile, SCHEDULED),
                UNSCHEDULABLE, attemptTimer(registry, profile, UNSCHEDULABLE),
                ERROR, attemptTimer(registry, profile, ERROR));
        podSchedulingDuration = Timer.builder("scheduler.pod.scheduling.duration").tag("profile", profile)
                .publishPercentileHistogram()
                .description("E2e latency for a pod being scheduled, from its first attempt to its binding")
                .register(registry);
        pendingGauge(registry, queue, "active", SchedulingQueue.Counts::active);
        pendingGauge(registry, queue, "backoff", SchedulingQueue.Counts::backoff);
        pendingGauge(registry, queue, "unschedulable", SchedulingQueue.Counts::unschedulable);
    }

    /** One attempt ended with {@code result} after {@code nanos}. */
    public void attempt(String result, long nanos) {
        attempts.get(result).increment();
        attemptDurations.get(result).record(Duration.ofNanos(nanos));
    }

    public void podScheduled(Duration sinceFirstAttempt) {
        podSchedulingDuration.record(sinceFirstAttempt);
    }

    private static Counter attemptCounter(MeterRegistry registry, String profile, String result) {
        return Counter.builder("scheduler.schedule.attempts").tag("result", result).tag("profile", profile)
                .description("Number of attempts to schedule pods, by the result").register(registry);
    }

    private static Timer attemptTimer(MeterRegistry registry, String profile, String result) {
        return Timer.builder("scheduler.scheduling.attempt.duration").tag("result", result).tag("profile", profile)
                .publishPercentileHistogram()
                .description("Scheduling attempt latency (scheduling algorithm + binding)").register(registry);
    }

    private static void pendingGauge(MeterRegistry registry, SchedulingQueue queue, String name,
                                     ToIntFunction<SchedulingQueue.Counts> count) {
        Gauge.builder("scheduler.pending.pods", queue, q -> count.applyAsInt(q.counts())).tag("queue", name)
                .strongReference(true).description("Number of pending pods, by the queue type").register(registry);
    }
}
