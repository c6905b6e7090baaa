package io.coxswain.nodeagent.events;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * Reports core/v1 Events about objects. Fire-and-forget: never blocks long, never throws; a lost event is
 * acceptable (Events are informational in Kubernetes too).
 */
public interface EventRecorder {

    String NORMAL = "Normal";
    String WARNING = "Warning";

    /**
     * @param fieldPath e.g. {@code spec.containers{web}}, or null for the whole object
     * @param type      {@link #NORMAL} or {@link #WARNING}
     * @param reason    short CamelCase reason ("Pulled", "BackOff")
     */
    void record(HasMetadata object, String fieldPath, String type, String reason, String message);
}
