package io.coxswain.apiserver.selection;

import io.coxswain.apiserver.resource.ResourceType;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;

/** The fields each kind can be selected by with a field selector, as Kubernetes supports them. */
public final class SelectableFields {

    private static final Set<String> COMMON = Set.of("metadata.name", "metadata.namespace");

    private SelectableFields() {
    }

    public static Set<String> supported(ResourceType type) {
        Set<String> fields = new HashSet<>(COMMON);
        switch (type.kind()) {
            case "Pod" -> fields.addAll(Set.of("spec.nodeName", "spec.restartPolicy", "spec.schedulerName",
                    "spec.serviceAccountName", "spec.hostNetwork", "status.phase", "status.podIP", "status.nominatedNodeName"));
            case "Event" -> fields.addAll(Set.of("involvedObject.kind", "involvedObject.namespace", "involvedObject.name",
                    "involvedObject.uid", "involvedObject.apiVersion", "involvedObject.resourceVersion",
                    "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type"));
            case "Node" -> fields.add("spec.unschedulable");
            case "Namespace" -> fields.add("status.phase");
            case "Secret" -> fields.add("type");
            case "ReplicaSet" -> fields.add("status.replicas");
            default -> {
            }
        }
        return Set.copyOf(fields);
    }

    /** A resolver of field values for one object; unknown fields resolve to null. */
    public static Function<String, String> of(HasMetadata object) {
        return field -> switch (field) {
            case "metadata.name" -> object.getMetadata().getName();
            case "metadata.namespace" -> object.getMetadata().getNamespace();
            default -> kindField(object, field);
        };
    }

    private static String kindField(HasMetadata object, String field) {
        if (object instanceof Pod pod) {
            return switch (field) {
                case "spec.nodeName" -> pod.getSpec() == null ? null : pod.getSpec().getNodeName();
                case "spec.restartPolicy" -> pod.getSpec() == null ? null : pod.getSpec().getRestartPolicy();
                case "spec.schedulerName" -> pod.getSpec() == null ? null : pod.getSpec().getSchedulerName();
                case "spec.serviceAccountName" -> pod.getSpec() == null ? null : pod.getSpec().getServiceAccountName();
                case "spec.hostNetwork" -> pod.getSpec() == null ? "false"
                        : String.valueOf(Boolean.TRUE.equals(pod.getSpec().getHostNetwork()));
                case "status.phase" -> pod.getStatus() == null ? null : pod.getStatus().getPhase();
                case "status.podIP" -> pod.getStatus() == null ? null : pod.getStatus().getPodIP();
                case "status.nominatedNodeName" -> pod.getStatus() == null ? null : pod.getStatus().getNominatedNodeName();
                default -> null;
            };
        }
        if (object instanceof Event event) {
            ObjectReference ref = event.getInvolvedObject();
            return switch (field) {
                case "involvedObject.kind" -> ref == null ? null : ref.getKind();
                case "involvedObject.namespace" -> ref == null ? null : ref.getNamespace();
                case "involvedObject.name" -> ref == null ? null : ref.getName();
                case "involvedObject.uid" -> ref == null ? null : ref.getUid();
                case "involvedObject.apiVersion" -> ref == null ? null : ref.getApiVersion();
                case "involvedObject.resourceVersion" -> ref == null ? null : ref.getResourceVersion();
                case "involvedObject.fieldPath" -> ref == null ? null : ref.getFieldPath();
                case "reason" -> event.getReason();
                case "reportingComponent" -> event.getReportingComponent();
                case "source" -> event.getSource() == null ? null : event.getSource().getComponent();
                case "type" -> event.getType();
                default -> null;
            };
        }
        if (object instanceof Node node && field.equals("spec.unschedulable")) {
            return String.valueOf(node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable()));
        }
        if (object instanceof Namespace ns && field.equals("status.phase")) {
            return ns.getStatus() == null ? null : ns.getStatus().getPhase();
        }
        if (object instanceof Secret secret && field.equals("type")) {
            return secret.getType();
        }
        if (object instanceof ReplicaSet rs && field.equals("status.replicas")) {
            return rs.getStatus() == null || rs.getStatus().getReplicas() == null ? "0" : String.valueOf(rs.getStatus().getReplicas());
        }
        return null;
    }
}
