package io.coxswain.messages;

import java.time.Instant;

/**
 * A core/v1 Event as a component reports it over the broker. The api-server stores it as an Event object
 * with a TTL. Plain fields rather than the fabric8 Event type, so that the message stays readable whatever
 * JSON library the binder uses.
 *
 * @param namespace          namespace of the involved object ("default" for cluster-scoped objects, as in Kubernetes)
 * @param involvedKind       kind of the involved object, e.g. "Pod"
 * @param involvedApiVersion apiVersion of the involved object, e.g. "v1"
 * @param involvedName       name of the involved object
 * @param involvedUid        uid of the involved object, may be null
 * @param involvedFieldPath  e.g. "spec.containers{web}", may be null
 * @param type               "Normal" or "Warning"
 * @param reason             short CamelCase reason, e.g. "Pulled", "FailedScheduling"
 * @param message            human-readable text
 * @param sourceComponent    reporting component, e.g. "default-scheduler", "kubelet"
 * @param sourceHost         reporting host (node name for kubelet), may be null
 * @param timestamp          when it happened
 */
public record ClusterEvent(
        String namespace,
        String involvedKind,
        String involvedApiVersion,
        String involvedName,
        String involvedUid,
        String involvedFieldPath,
        String type,
        String reason,
        String message,
        String sourceComponent,
        String sourceHost,
        Instant timestamp) {

    public static final String DESTINATION = "coxswain.cluster-events";
}
