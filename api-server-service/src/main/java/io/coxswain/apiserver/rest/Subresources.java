package io.coxswain.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.coxswain.apiserver.api.ApiException;
import io.coxswain.apiserver.fieldmanager.FieldManager;
import io.coxswain.apiserver.api.FieldError;
import io.coxswain.apiserver.registry.ObjectRegistry;
import io.coxswain.apiserver.resource.ResourceType;
import io.coxswain.apiserver.resource.ResourceTypes;
import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;
import io.fabric8.kubernetes.api.model.autoscaling.v1.ScaleBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** The subresources other than status: {@code pods/binding}, {@code pods/log}, {@code deployments|replicasets/scale}. */
final class Subresources {

    private final ObjectRegistry registry;
    private final RequestBodies bodies;
    private final Responses responses;
    private final PodLogs logs;

    Subresources(ObjectRegistry registry, Responses responses, PodLogs logs) {
        this.registry = registry;
        this.bodies = new RequestBodies(registry.codec());
        this.responses = responses;
        this.logs = logs;
    }

    void handle(ResourcePath path, ApiRequest request, String method, HttpServletRequest servlet,
                HttpServletResponse response) throws IOException {
        switch (path.subresource()) {
            case "binding" -> {
                if (!method.equals("POST")) {
                    throw ApiException.methodNotAllowed("binding only accepts POST");
                }
                bind(path.namespace(), path.name(), request, servlet);
                responses.json(response, 201, new io.fabric8.kubernetes.api.model.StatusBuilder()
                        .withNewMetadata().endMetadata().withStatus("Success").withCode(201).build());
            }
            case "log" -> {
                if (!method.equals("GET")) {
                    throw ApiException.methodNotAllowed("log only accepts GET");
                }
                logs.stream(path, servlet, response);
            }
            case "scale" -> scale(path, request, method, servlet, response);
            case "finalize" -> {
                if (!method.equals("PUT")) {
                    throw ApiException.methodNotAllowed("finalize only accepts PUT");
                }
                responses.object(servlet, response, 200, path.type(), finalizeNamespace(path, request, servlet));
            }
            default -> throw ApiException.pathNotFound();
        }
    }

    /**
     * {@code PUT namespaces/<name>/finalize}: the namespace controller removes its {@code spec.finalizers} entry once the
     * namespace is empty; a terminating namespace without finalizers is then removed.
     */
    private HasMetadata finalizeNamespace(ResourcePath path, ApiRequest request, HttpServletRequest servlet)
            throws IOException {
        JsonNode tree = bodies.parseTree(servlet.getInputStream().readAllBytes(), servlet.getContentType());
        io.fabric8.kubernetes.api.model.Namespace wanted = registry.codec().fromTree(tree,
                io.fabric8.kubernetes.api.model.Namespace.class);
        List<String> finalizers = wanted.getSpec() == null || wanted.getSpec().getFinalizers() == null ? List.of()
                : wanted.getSpec().getFinalizers();
        String precondition = wanted.getMetadata() == null ? null : wanted.getMetadata().getResourceVersion();
        return registry.guaranteedUpdate(path.type(), null, path.name(), precondition, current -> {
            io.fabric8.kubernetes.api.model.Namespace ns = (io.fabric8.kubernetes.api.model.Namespace) current;
            ns.getSpec().setFinalizers(new ArrayList<>(finalizers));
            return ns;
        }, ObjectRegistry.Target.ALL, request.dryRun());
    }

    private void scale(ResourcePath path, ApiRequest request, String method, HttpServletRequest servlet,
                       HttpServletResponse response) throws IOException {
        ResourceType type = path.type();
        switch (method) {
            case "GET" -> responses.json(response, 200, toScale(registry.get(type, path.namespace(), path.name())));
            case "PUT" -> {
                JsonNode tree = bodies.parseTree(servlet.getInputStream().readAllBytes(),
                        servlet.getContentType() == null ? "application/json" : servlet.getContentType());
                Scale scale = registry.codec().fromTree(tree, Scale.class);
                String precondition = scale.getMetadata() == null ? null : scale.getMetadata().getResourceVersion();
                HasMetadata updated = setReplicas(path, scale, precondition, request.dryRun(),
                        request.owner("scale", "UpdateOptions"));
                responses.json(response, 200, toScale(updated));
            }
            case "PATCH" -> {
                String contentType = RequestBodies.mediaType(servlet.getContentType());
                JsonNode patch = bodies.parseTree(servlet.getInputStream().readAllBytes(), "application/json");
                HasMetadata current = registry.get(type, path.namespace(), path.name());
                JsonNode scaleTree = registry.codec().toTree(toScale(current));
                JsonNode patched = switch (contentType) {
                    case Patches.MERGE_PATCH -> Patches.mergePatch(scaleTree, patch);
                    case Patches.STRATEGIC_MERGE_PATCH -> StrategicMergePatch.apply(scaleTree, patch);
                    case Patches.JSON_PATCH -> Patches.jsonPatch(scaleTree, patch);
                    default -> throw ApiException.unsupportedPatchType(servlet.getContentType());
                };
                Scale scale = registry.codec().fromTree(patched, Scale.class);
                HasMetadata updated = setReplicas(path, scale, current.getMetadata().getResourceVersion(), request.dryRun(),
                        request.owner("scale", "PatchOptions"));
                responses.json(response, 200, toScale(updated));
            }
            default -> throw ApiException.methodNotAllowed("scale accepts GET, PUT and PATCH");
        }
    }

    private HasMetadata setReplicas(ResourcePath path, Scale scale, String precondition, boolean dryRun,
                                    FieldManager.Owner owner) {
        Integer replicas = scale.getSpec() == null ? null : scale.getSpec().getReplicas();
        if (replicas == null || replicas < 0) {
            throw ApiException.invalid(path.type(), path.name(), List.of(replicas == null
                    ? FieldError.required("spec.replicas")
                    : FieldError.invalid("spec.replicas", replicas, "must be greater than or equal to 0")));
        }
        return registry.guaranteedUpdate(path.type(), path.namespace(), path.name(), precondition, current -> {
            if (current instanceof Deployment d) {
                d.getSpec().setReplicas(replicas);
            } else if (current instanceof ReplicaSet rs) {
                rs.getSpec().setReplicas(replicas);
            }
            return current;
        }, ObjectRegistry.Target.MAIN, dryRun, owner);
    }

    private static Scale toScale(HasMetadata object) {
        Integer specReplicas;
        Integer statusReplicas;
        LabelSelector selector;
        if (object instanceof Deployment d) {
            specReplicas = d.getSpec().getReplicas();
            statusReplicas = d.getStatus() == null ? null : d.getStatus().getReplicas();
            selector = d.getSpec().getSelector();
        } else {
            ReplicaSet rs = (ReplicaSet) object;
            specReplicas = rs.getSpec().getReplicas();
            statusReplicas = rs.getStatus() == null ? null : rs.getStatus().getReplicas();
            selector = rs.getSpec().getSelector();
        }
        var meta = object.getMetadata();
        return new ScaleBuilder()
                .withNewMetadata().withName(meta.getName()).withNamespace(meta.getNamespace()).withUid(meta.getUid())
                .withResourceVersion(meta.getResourceVersion()).withCreationTimestamp(meta.getCreationTimestamp()).endMetadata()
                .withNewSpec().withReplicas(specReplicas == null ? 1 : specReplicas).endSpec()
                .withNewStatus().withReplicas(statusReplicas == null ? 0 : statusReplicas)
                .withSelector(selectorString(selector)).endStatus()
                .build();
    }

    /** A structured label selector in the string form of {@code kubectl get -l} ("" for none). */
    static String selectorString(LabelSelector selector) {
        if (selector == null) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        if (selector.getMatchLabels() != null) {
            new TreeMap<>(selector.getMatchLabels()).forEach((k, v) -> parts.add(k + "=" + v));
        }
        if (selector.getMatchExpressions() != null) {
            for (var r : selector.getMatchExpressions()) {
                switch (r.getOperator()) {
                    case "In" -> parts.add(r.getKey() + " in (" + String.join(",", r.getValues()) + ")");
                    case "NotIn" -> parts.add(r.getKey() + " notin (" + String.join(",", r.getValues()) + ")");
                    case "Exists" -> parts.add(r.getKey());
                    case "DoesNotExist" -> parts.add("!" + r.getKey());
                    default -> {
                    }
                }
            }
        }
        return String.join(",", parts);
    }

    /** {@code POST pods/<name>/binding}: sets spec.nodeName once, and the PodScheduled condition. */
    /** {@code POST namespaces/<ns>/bindings}: the binding names the pod in its metadata. */
    void bindCollection(String namespace, ApiRequest request, HttpServletRequest servlet, HttpServletResponse response)
            throws IOException {
        JsonNode tree = bodies.parseTree(servlet.getInputStream().readAllBytes(), servlet.getContentType());
        Binding binding = registry.codec().fromTree(tree, Binding.class);
        String name = binding.getMetadata() == null ? null : binding.getMetadata().getName();
        if (name == null || name.isEmpty()) {
            throw ApiException.invalid(ResourceTypes.PODS, "", List.of(FieldError.required("metadata.name")));
        }
        bind(namespace, name, binding, request);
        responses.json(response, 201, new io.fabric8.kubernetes.api.model.StatusBuilder()
                .withNewMetadata().endMetadata().withStatus("Success").withCode(201).build());
    }

    private HasMetadata bind(String namespace, String name, ApiRequest request, HttpServletRequest servlet)
            throws IOException {
        JsonNode tree = bodies.parseTree(servlet.getInputStream().readAllBytes(), servlet.getContentType());
        return bind(namespace, name, registry.codec().fromTree(tree, Binding.class), request);
    }

    private HasMetadata bind(String namespace, String podName, Binding binding, ApiRequest request) {
        ResourcePath path = new ResourcePath(ResourceTypes.PODS, namespace, podName, "binding");
        if (binding.getTarget() == null || binding.getTarget().getName() == null || binding.getTarget().getName().isEmpty()) {
            throw ApiException.invalid(ResourceTypes.PODS, path.name(),
                    List.of(io.coxswain.apiserver.api.FieldError.required("target.name")));
        }
        String node = binding.getTarget().getName();
        return registry.guaranteedUpdate(ResourceTypes.PODS, path.namespace(), path.name(), null, current -> {
            Pod pod = (Pod) current;
            if (pod.getMetadata().getDeletionTimestamp() != null) {
                throw ApiException.conflict(ResourceTypes.PODS, path.name(), "pod " + path.name()
                        + " is being deleted, cannot be assigned to a host");
            }
            String assigned = pod.getSpec().getNodeName();
            if (assigned != null && !assigned.isEmpty()) {
                throw ApiException.conflict(ResourceTypes.PODS, path.name(), "pod " + path.name()
                        + " is already assigned to node \"" + assigned + "\"");
            }
            pod.getSpec().setNodeName(node);
            List<PodCondition> conditions = new ArrayList<>(pod.getStatus().getConditions() == null ? List.of()
                    : pod.getStatus().getConditions());
            conditions.removeIf(c -> "PodScheduled".equals(c.getType()));
            PodCondition scheduled = new PodCondition();
            scheduled.setType("PodScheduled");
            scheduled.setStatus("True");
            scheduled.setLastTransitionTime(registry.now());
            conditions.add(scheduled);
            pod.getStatus().setConditions(conditions);
            return pod;
        }, ObjectRegistry.Target.ALL, request.dryRun());
    }
}
