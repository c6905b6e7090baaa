package io.coxswain.runtime.events;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * Reports core/v1 Events about objects ({@code Scheduled}, {@code Pulled}, {@code BackOff}...). Fire and forget: never
 * blocks long, never throws; a lost event is acceptable (Events are informational in Kubernetes too).
 */
public interface EventRecorder {

    String NORMAL = "Normal";
    String WARNING = "Warning";

    /**
     * @param fieldPath the part of the object, e.g. {@code spec.containers{web}}, or null for the whole object
     * @param type      {@link #NORMAL} or {@link #WARNING}
     * @param reason    short CamelCase reason ("Pulled", "FailedScheduling")
     */
    void record(HasMetadata object, String fieldPath, String type, String reason, String message);

    /** An event about the whole object. */
    default void record(HasMetadata object, String type, String reason, String message) {
        record(object, null, type, reason, message);
    }
}
