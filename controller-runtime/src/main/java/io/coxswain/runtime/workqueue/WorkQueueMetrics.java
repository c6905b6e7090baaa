package io.coxswain.runtime.workqueue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The work queue's meters, named as client-go names them so that dashboards written for Kubernetes read them:
 * {@code workqueue_depth}, {@code workqueue_adds_total}, {@code workqueue_retries_total},
 * {@code workqueue_queue_duration_seconds} and {@code workqueue_work_duration_seconds}, each tagged {@code name}.
 */
final class WorkQueueMetrics {

    private final Counter adds;
    private final Counter retries;
    private final Timer queueDuration;
    private final Timer workDuration;

    WorkQueueMetrics(MeterRegistry registry, String name, Supplier<Number> depth) {
        Gauge.builder("workqueue.depth", depth).tag("name", name).strongReference(true)
                .description("Current depth of the work queue").register(registry);
        adds = Counter.builder("workqueue.adds").tag("name", name)
                .description("Total number of adds handled by the work queue").register(registry);
        retries = Counter.builder("workqueue.retries").tag("name", name)
                .description("Total number of rate-limited re-adds handled by the work queue").register(registry);
        queueDuration = Timer.builder("workqueue.queue.duration").tag("name", name).publishPercentileHistogram()
                .description("How long an item stays in the work queue before being requested").register(registry);
        workDuration = Timer.builder("workqueue.work.duration").tag("name", name).publishPercentileHistogram()
                .description("How long processing an item from the work queue takes").register(registry);
    }

    void added() {
        adds.increment();
    }

    void retried() {
        retries.increment();
    }

    void waited(long nanos) {
        queueDuration.record(Duration.ofNanos(nanos));
    }

    void worked(long nanos) {
        workDuration.record(Duration.ofNanos(nanos));
    }
}
