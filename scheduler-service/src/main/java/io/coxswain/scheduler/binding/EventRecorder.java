package io.coxswain.scheduler.binding;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * Reports core/v1 Events about pods ({@code Scheduled}, {@code FailedScheduling}). Fire and forget: events are a
 * loss-tolerant signal, so implementations log failures and never throw.
 */
public interface EventRecorder {

    String NORMAL = "Normal";
    String WARNING = "Warning";

    void record(Pod pod, String type, String reason, String message);
}
