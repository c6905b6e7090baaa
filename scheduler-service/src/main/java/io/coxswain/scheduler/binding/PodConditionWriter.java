package io.coxswain.scheduler.binding;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * Records on a pending pod why it could not be scheduled: condition {@code PodScheduled=False}, reason
 * {@code Unschedulable}, the fit error message, through {@code pods/{name}/status}. Best effort: a failure is logged
 * by the implementation, never thrown, since the next attempt writes it again.
 */
public interface PodConditionWriter {

    String REASON_UNSCHEDULABLE = "Unschedulable";

    void markUnschedulable(Pod pod, String message);
}
