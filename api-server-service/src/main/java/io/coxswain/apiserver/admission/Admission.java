package io.coxswain.apiserver.admission;

import io.coxswain.apiserver.api.ApiException;
import io.coxswain.apiserver.api.FieldError;
import io.coxswain.apiserver.resource.ResourceType;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceSpec;
import io.fabric8.kubernetes.api.model.NamespaceStatus;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetSpec;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDeployment;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Admission: the defaults Kubernetes sets and the validation it applies, per kind. Runs on the object a request
 * wants to store, before anything is written; a failure is a 422 {@code Invalid} naming every bad field.
 * Stateless and thread-safe.
 */
public final class Admission {

    private static final long MAX_ANNOTATIONS_BYTES = 256 * 1024;
    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");

    /** Applies defaults and validates an object about to be created. */
    public void admitCreate(ResourceType type, HasMetadata object) {
        if (object instanceof Namespace ns) {
            // Only at creation: the namespace controller empties the list through /finalize when it has cleaned up.
            if (ns.getSpec() == null) {
                ns.setSpec(new NamespaceSpec());
            }
            if (ns.getSpec().getFinalizers() == null || ns.getSpec().getFinalizers().isEmpty()) {
                ns.getSpec().setFinalizers(new ArrayList<>(List.of("kubernetes")));
            }
        }
        applyDefaults(object);
        validate(type, object, null);
    }

    /** Applies defaults and validates an update of {@code old} into {@code object}. */
    public void admitUpdate(ResourceType type, HasMetadata object, HasMetadata old) {
        applyDefaults(object);
        validate(type, object, old);
    }

    void applyDefaults(HasMetadata object) {
        if (object instanceof Pod pod) {
            PodSpecs.applyDefaults(pod.getSpec());
            if (pod.getSpec() != null) {
                PodSpecs.addDefaultTolerations(pod.getSpec());
            }
            if (pod.getStatus() == null) {
                pod.setStatus(new PodStatus());
            }
            if (pod.getStatus().getPhase() == null) {
                pod.getStatus().setPhase("Pending");
            }
            if (pod.getStatus().getQosClass() == null && pod.getSpec() != null) {
                pod.getStatus().setQosClass(QosClass.of(pod.getSpec()));
            }
        } else if (object instanceof Deployment d) {
            DeploymentSpec spec = d.getSpec();
            if (spec != null) {
                if (spec.getReplicas() == null) {
                    spec.setReplicas(1);
                }
                if (spec.getStrategy() == null) {
                    spec.setStrategy(new DeploymentStrategy());
                }
                if (spec.getStrategy().getType() == null) {
                    spec.getStrategy().setType("RollingUpdate");
                }
                if ("RollingUpdate".equals(spec.getStrategy().getType())) {
                    if (spec.getStrategy().getRollingUpdate() == null) {
                        spec.getStrategy().setRollingUpdate(new RollingUpdateDeployment());
                    }
                    RollingUpdateDeployment ru = spec.getStrategy().getRollingUpdate();
                    if (ru.getMaxSurge() == null) {
                        ru.setMaxSurge(new IntOrString("25%"));
                    }
                    if (ru.getMaxUnavailable() == null) {
                        ru.setMaxUnavailable(new IntOrString("25%"));
                    }
                }
                if (spec.getRevisionHistoryLimit() == null) {
                    spec.setRevisionHistoryLimit(10);
                }
                if (spec.getProgressDeadlineSeconds() == null) {
                    spec.setProgressDeadlineSeconds(600);
                }
                defaultTemplate(spec.getTemplate());
            }
        } else if (object instanceof ReplicaSet rs) {
            ReplicaSetSpec spec = rs.getSpec();
            if (spec != null) {
                if (spec.getReplicas() == null) {
                    spec.setReplicas(1);
                }
                defaultTemplate(spec.getTemplate());
            }
        } else if (object instanceof Service svc) {
            if (svc.getSpec() == null) {
                svc.setSpec(new ServiceSpec());
            }
            ServiceSpec spec = svc.getSpec();
            if (spec.getType() == null) {
                spec.setType("ClusterIP");
            }
            if (spec.getSessionAffinity() == null) {
                spec.setSessionAffinity("None");
            }
            if (spec.getInternalTrafficPolicy() == null && !"ExternalName".equals(spec.getType())) {
                spec.setInternalTrafficPolicy("Cluster");
            }
            if (spec.getIpFamilies() == null || spec.getIpFamilies().isEmpty()) {
                spec.setIpFamilies(List.of("IPv4"));
                spec.setIpFamilyPolicy("SingleStack");
            }
            if (spec.getPorts() != null) {
                for (ServicePort p : spec.getPorts()) {
                    if (p.getProtocol() == null) {
                        p.setProtocol("TCP");
                    }
                    // SetDefaults_Service: Go clients send "targetPort": 0 for an unset IntOrString
                    if (isUnset(p.getTargetPort()) && p.getPort() != null) {
                        p.setTargetPort(new IntOrString(p.getPort()));
                    }
                }
            }
            if (("NodePort".equals(spec.getType()) || "LoadBalancer".equals(spec.getType()))
                    && spec.getExternalTrafficPolicy() == null) {
                spec.setExternalTrafficPolicy("Cluster");
            }
        } else if (object instanceof Namespace ns) {
            if (ns.getSpec() == null) {
                ns.setSpec(new NamespaceSpec());
            }
            if (ns.getStatus() == null) {
                ns.setStatus(new NamespaceStatus());
            }
            if (ns.getStatus().getPhase() == null) {
                ns.getStatus().setPhase("Active");
            }
            ObjectMeta meta = ns.getMetadata();
            if (meta != null && meta.getName() != null) {
                Map<String, String> labels = meta.getLabels() == null ? new java.util.LinkedHashMap<>()
                        : new java.util.LinkedHashMap<>(meta.getLabels());
                labels.put("kubernetes.io/metadata.name", meta.getName());
                meta.setLabels(labels);
            }
        } else if (object instanceof Secret secret) {
            if (secret.getType() == null) {
                secret.setType("Opaque");
            }
            if (secret.getStringData() != null && !secret.getStringData().isEmpty()) {
                Map<String, String> data = secret.getData() == null ? new java.util.LinkedHashMap<>()
                        : new java.util.LinkedHashMap<>(secret.getData());
                secret.getStringData().forEach((k, v) -> data.put(k,
                        Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
                secret.setData(data);
                secret.setStringData(null);
            }
        } else if (object instanceof Event event) {
            if (event.getCount() == null) {
                event.setCount(1);
            }
            if (event.getType() == null) {
                event.setType("Normal");
            }
        }
    }

    private static boolean isUnset(IntOrString port) {
        return port == null || (port.getIntVal() != null && port.getIntVal() == 0)
                || (port.getIntVal() == null && (port.getStrVal() == null || port.getStrVal().isEmpty()));
    }

    private static void defaultTemplate(PodTemplateSpec template) {
        if (template != null) {
            PodSpecs.applyDefaults(template.getSpec());
        }
    }

    private void validate(ResourceType type, HasMetadata object, HasMetadata old) {
        Errors errors = new Errors();
        validateMetadata(type, object.getMetadata(), errors);
        if (object instanceof Pod pod) {
            validatePod(pod, (Pod) old, errors);
        } else if (object instanceof Deployment d) {
            validateDeployment(d, (Deployment) old, errors);
        } else if (object instanceof ReplicaSet rs) {
            validateReplicaSet(rs, (ReplicaSet) old, errors);
        } else if (object instanceof Service svc) {
            validateService(svc, (Service) old, errors);
        } else if (object instanceof ConfigMap cm) {
            validateConfigMap(cm, errors);
        } else if (object instanceof Secret secret) {
            validateSecret(secret, (Secret) old, errors);
        } else if (object instanceof Endpoints ep) {
            validateEndpoints(ep, errors);
        } else if (object instanceof Event ev) {
            validateEvent(ev, errors);
        } else if (object instanceof Node node) {
            validateNode(node, errors);
        } else if (object instanceof Lease lease) {
            validateLease(lease, errors);
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(type, object.getMetadata() == null ? null : object.getMetadata().getName(),
                    errors.list());
        }
    }

    private void validateMetadata(ResourceType type, ObjectMeta meta, Errors errors) {
        if (meta == null) {
            errors.add(FieldError.required("metadata.name", "name or generateName is required"));
            return;
        }
        String name = meta.getName();
        if (name == null || name.isEmpty()) {
            errors.add(FieldError.required("metadata.name", "name or generateName is required"));
        } else {
            String message = switch (type.kind()) {
                case "Namespace" -> Names.dns1123Label(name);
                case "Service" -> Names.dns1035Label(name);
                case "Event" -> pathSegment(name);
                default -> Names.dns1123Subdomain(name);
            };
            errors.check("metadata.name", name, message);
        }
        errors.labels("metadata.labels", meta.getLabels());
        if (meta.getAnnotations() != null) {
            long size = 0;
            for (Map.Entry<String, String> e : meta.getAnnotations().entrySet()) {
                errors.check("metadata.annotations", e.getKey(), Names.qualifiedName(e.getKey()));
                size += e.getKey().length() + (e.getValue() == null ? 0 : e.getValue().length());
            }
            if (size > MAX_ANNOTATIONS_BYTES) {
                errors.add(new FieldError("FieldValueTooLong", "metadata.annotations",
                        "Too long: must have at most " + MAX_ANNOTATIONS_BYTES + " bytes"));
            }
        }
        if (meta.getOwnerReferences() != null) {
            for (int i = 0; i < meta.getOwnerReferences().size(); i++) {
                var ref = meta.getOwnerReferences().get(i);
                String f = "metadata.ownerReferences[" + i + "]";
                errors.required(f + ".apiVersion", ref.getApiVersion());
                errors.required(f + ".kind", ref.getKind());
                errors.required(f + ".name", ref.getName());
                errors.required(f + ".uid", ref.getUid());
            }
        }
        if (meta.getFinalizers() != null) {
            for (String finalizer : meta.getFinalizers()) {
                errors.check("metadata.finalizers", finalizer, Names.qualifiedName(finalizer));
            }
        }
    }

    private static String pathSegment(String name) {
        if (name.equals(".") || name.equals("..")) {
            return "may not be '" + name + "'";
        }
        if (name.contains("/") || name.contains("%")) {
            return "may not contain '/' or '%'";
        }
        return null;
    }

    private void validatePod(Pod pod, Pod old, Errors errors) {
        PodSpecs.validate(pod.getSpec(), "spec", errors);
        if (old != null && old.getSpec() != null && pod.getSpec() != null) {
            validatePodSpecUpdate(pod.getSpec(), old.getSpec(), errors);
        }
    }

    /**
     * Kubernetes' ValidatePodUpdate: a pod's spec is immutable but for container and init container images,
     * activeDeadlineSeconds, tolerations (existing ones stay, with only their tolerationSeconds changed; new ones may
     * be added) and terminationGracePeriodSeconds going from a negative value to 1. The updatable fields of the new
     * spec are replaced by the old values and the rest must then be equal.
     */
    private static void validatePodSpecUpdate(PodSpec spec, PodSpec oldSpec, Errors errors) {
        validateOnlyAddedTolerations(spec.getTolerations(), oldSpec.getTolerations(), errors);
        PodSpec munged = new PodSpecBuilder(spec).build();
        PodSpec previous = new PodSpecBuilder(oldSpec).build();
        for (PodSpec s : List.of(munged, previous)) {
            eraseImages(s.getContainers());
            eraseImages(s.getInitContainers());
        }
        munged.setActiveDeadlineSeconds(previous.getActiveDeadlineSeconds());
        munged.setTolerations(previous.getTolerations());
        Long oldGrace = previous.getTerminationGracePeriodSeconds();
        if (oldGrace != null && oldGrace < 0 && Long.valueOf(1L).equals(munged.getTerminationGracePeriodSeconds())) {
            munged.setTerminationGracePeriodSeconds(oldGrace);
        }
        if (!Objects.equals(munged, previous)) {
            errors.add(FieldError.forbidden("spec", "pod updates may not change fields other than `spec.containers[*].image`,"
                    + "`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions "
                    + "to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was "
                    + "previously negative)"));
        }
    }

    /** validateOnlyAddedTolerations: every old toleration must still be there, up to its tolerationSeconds. */
    private static void validateOnlyAddedTolerations(List<Toleration> tolerations, List<Toleration> oldTolerations,
                                                     Errors errors) {
        List<Toleration> current = tolerations == null ? List.of() : tolerations;
        for (Toleration old : oldTolerations == null ? List.<Toleration>of() : oldTolerations) {
            boolean kept = current.stream().anyMatch(t -> Objects.equals(t.getKey(), old.getKey())
                    && Objects.equals(t.getOperator(), old.getOperator())
                    && Objects.equals(t.getValue(), old.getValue())
                    && Objects.equals(t.getEffect(), old.getEffect()));
            if (!kept) {
                errors.add(FieldError.forbidden("spec.tolerations",
                        "existing toleration can not be modified except its tolerationSeconds"));
                return;
            }
        }
    }

    private static void eraseImages(List<io.fabric8.kubernetes.api.model.Container> containers) {
        if (containers != null) {
            containers.forEach(c -> c.setImage(null));
        }
    }

    private void validateWorkload(Integer replicas, LabelSelector selector, PodTemplateSpec template,
                                  LabelSelector oldSelector, boolean update, Errors errors) {
        errors.nonNegative("spec.replicas", replicas);
        if (selector == null) {
            errors.add(FieldError.required("spec.selector"));
        } else if ((selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty())
                && (selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty())) {
            errors.add(FieldError.invalid("spec.selector", "", "empty selector is invalid for deployment"));
        } else {
            errors.labels("spec.selector.matchLabels", selector.getMatchLabels());
            if (template != null && !SelectorMatch.matches(selector,
                    template.getMetadata() == null ? null : template.getMetadata().getLabels())) {
                errors.add(FieldError.invalid("spec.template.metadata.labels",
                        template.getMetadata() == null || template.getMetadata().getLabels() == null ? "null"
                                : template.getMetadata().getLabels().toString(),
                        "`selector` does not match template `labels`"));
            }
        }
        if (update && oldSelector != null && !Objects.equals(selector, oldSelector)) {
            errors.add(FieldError.invalid("spec.selector", selector == null ? "null" : selector.toString(),
                    "field is immutable"));
        }
        if (template == null) {
            errors.add(FieldError.required("spec.template"));
        } else {
            if (template.getMetadata() != null) {
                errors.labels("spec.template.metadata.labels", template.getMetadata().getLabels());
            }
            PodSpecs.validate(template.getSpec(), "spec.template.spec", errors);
            if (template.getSpec() != null && template.getSpec().getRestartPolicy() != null
                    && !"Always".equals(template.getSpec().getRestartPolicy())) {
                errors.add(FieldError.notSupported("spec.template.spec.restartPolicy",
                        template.getSpec().getRestartPolicy(), List.of("Always")));
            }
        }
    }

    private void validateDeployment(Deployment d, Deployment old, Errors errors) {
        DeploymentSpec spec = d.getSpec();
        if (spec == null) {
            errors.add(FieldError.required("spec"));
            return;
        }
        validateWorkload(spec.getReplicas(), spec.getSelector(), spec.getTemplate(),
                old == null || old.getSpec() == null ? null : old.getSpec().getSelector(), old != null, errors);
        if (spec.getStrategy() != null) {
            errors.oneOf("spec.strategy.type", spec.getStrategy().getType(), List.of("Recreate", "RollingUpdate"));
            if ("Recreate".equals(spec.getStrategy().getType()) && spec.getStrategy().getRollingUpdate() != null) {
                errors.add(FieldError.forbidden("spec.strategy.rollingUpdate",
                        "may not be specified when strategy `type` is 'Recreate'"));
            }
            RollingUpdateDeployment ru = spec.getStrategy().getRollingUpdate();
            if (ru != null) {
                validateIntOrPercent("spec.strategy.rollingUpdate.maxSurge", ru.getMaxSurge(), errors);
                validateIntOrPercent("spec.strategy.rollingUpdate.maxUnavailable", ru.getMaxUnavailable(), errors);
                if (isZero(ru.getMaxSurge()) && isZero(ru.getMaxUnavailable())) {
                    errors.add(FieldError.invalid("spec.strategy.rollingUpdate.maxUnavailable",
                            String.valueOf(ru.getMaxUnavailable().getValue()),
                            "may not be 0 when `maxSurge` is 0"));
                }
            }
        }
        errors.nonNegative("spec.minReadySeconds", spec.getMinReadySeconds());
        errors.nonNegative("spec.revisionHistoryLimit", spec.getRevisionHistoryLimit());
        if (spec.getProgressDeadlineSeconds() != null && spec.getMinReadySeconds() != null
                && spec.getProgressDeadlineSeconds() <= spec.getMinReadySeconds()) {
            errors.add(FieldError.invalid("spec.progressDeadlineSeconds", spec.getProgressDeadlineSeconds(),
                    "must be greater than minReadySeconds"));
        }
    }

    private static void validateIntOrPercent(String field, IntOrString value, Errors errors) {
        if (value == null) {
            return;
        }
        if (value.getIntVal() != null) {
            errors.nonNegative(field, value.getIntVal());
        } else if (value.getStrVal() != null) {
            String s = value.getStrVal();
            if (!s.matches("[0-9]+%")) {
                errors.add(FieldError.invalid(field, s, "a valid percent string must be a numeric string followed by an "
                        + "ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"));
            } else if (Integer.parseInt(s.substring(0, s.length() - 1)) > 100 && field.endsWith("maxUnavailable")) {
                errors.add(FieldError.invalid(field, s, "must not be greater than 100%"));
            }
        }
    }

    private static boolean isZero(IntOrString v) {
        return v != null && ((v.getIntVal() != null && v.getIntVal() == 0) || "0%".equals(v.getStrVal()));
    }

    private void validateReplicaSet(ReplicaSet rs, ReplicaSet old, Errors errors) {
        ReplicaSetSpec spec = rs.getSpec();
        if (spec == null) {
            errors.add(FieldError.required("spec"));
            return;
        }
        validateWorkload(spec.getReplicas(), spec.getSelector(), spec.getTemplate(),
                old == null || old.getSpec() == null ? null : old.getSpec().getSelector(), old != null, errors);
        errors.nonNegative("spec.minReadySeconds", spec.getMinReadySeconds());
    }

    private void validateService(Service svc, Service old, Errors errors) {
        ServiceSpec spec = svc.getSpec();
        errors.oneOf("spec.type", spec.getType(), List.of("ClusterIP", "NodePort", "LoadBalancer", "ExternalName"));
        errors.oneOf("spec.sessionAffinity", spec.getSessionAffinity(), List.of("None", "ClientIP"));
        boolean externalName = "ExternalName".equals(spec.getType());
        if (externalName) {
            errors.required("spec.externalName", spec.getExternalName());
        }
        List<ServicePort> ports = spec.getPorts() == null ? List.of() : spec.getPorts();
        boolean headless = "None".equals(spec.getClusterIP());
        if (ports.isEmpty() && !externalName && !headless) {
            errors.add(FieldError.required("spec.ports"));
        }
        Set<String> names = new HashSet<>();
        Set<String> portKeys = new HashSet<>();
        for (int i = 0; i < ports.size(); i++) {
            ServicePort p = ports.get(i);
            String f = "spec.ports[" + i + "]";
            if (ports.size() > 1) {
                errors.required(f + ".name", p.getName());
            }
            if (p.getName() != null && !p.getName().isEmpty()) {
                errors.check(f + ".name", p.getName(), Names.dns1123Label(p.getName()));
                if (!names.add(p.getName())) {
                    errors.add(FieldError.duplicate(f + ".name", p.getName()));
                }
            }
            if (p.getPort() == null) {
                errors.add(FieldError.required(f + ".port"));
            } else {
                errors.range(f + ".port", p.getPort(), 1, 65535);
                if (!portKeys.add(p.getPort() + "/" + p.getProtocol())) {
                    errors.add(FieldError.duplicate(f, p.getPort() + "/" + p.getProtocol()));
                }
            }
            errors.oneOf(f + ".protocol", p.getProtocol(), List.of("TCP", "UDP", "SCTP"));
            if (p.getTargetPort() != null && p.getTargetPort().getIntVal() != null) {
                errors.range(f + ".targetPort", p.getTargetPort().getIntVal(), 1, 65535);
            }
            if (p.getNodePort() != null && p.getNodePort() != 0) {
                if (!"NodePort".equals(spec.getType()) && !"LoadBalancer".equals(spec.getType())) {
                    errors.add(FieldError.forbidden(f + ".nodePort", "may not be used when `type` is '" + spec.getType() + "'"));
                } else {
                    errors.range(f + ".nodePort", p.getNodePort(), 30000, 32767);
                }
            }
        }
        errors.labels("spec.selector", spec.getSelector());
        if (spec.getClusterIP() != null && !spec.getClusterIP().isEmpty() && !headless
                && !IPV4.matcher(spec.getClusterIP()).matches()) {
            errors.add(FieldError.invalid("spec.clusterIP", spec.getClusterIP(), "must be a valid IP address, (e.g. 10.9.8.7)"));
        }
        if (old != null && old.getSpec() != null && old.getSpec().getClusterIP() != null
                && !old.getSpec().getClusterIP().isEmpty() && spec.getClusterIP() != null && !spec.getClusterIP().isEmpty()
                && !old.getSpec().getClusterIP().equals(spec.getClusterIP())) {
            errors.add(FieldError.invalid("spec.clusterIPs[0]", spec.getClusterIP(), "may not change once set"));
        }
    }

    private void validateConfigMap(ConfigMap cm, Errors errors) {
        Set<String> keys = new HashSet<>();
        if (cm.getData() != null) {
            for (String k : cm.getData().keySet()) {
                configKey("data[" + k + "]", k, errors);
                keys.add(k);
            }
        }
        if (cm.getBinaryData() != null) {
            for (String k : cm.getBinaryData().keySet()) {
                configKey("binaryData[" + k + "]", k, errors);
                if (!keys.add(k)) {
                    errors.add(FieldError.invalid("data[" + k + "]", k, "duplicate of key present in binaryData"));
                }
            }
        }
    }

    private static void configKey(String field, String key, Errors errors) {
        for (String problem : Names.configMapKey(key)) {
            errors.add(FieldError.invalid(field, key, problem));
        }
    }

    private void validateSecret(Secret secret, Secret old, Errors errors) {
        if (secret.getData() != null) {
            for (Map.Entry<String, String> e : secret.getData().entrySet()) {
                configKey("data[" + e.getKey() + "]", e.getKey(), errors);
                try {
                    Base64.getDecoder().decode(e.getValue() == null ? "" : e.getValue());
                } catch (IllegalArgumentException ex) {
                    errors.add(FieldError.invalid("data[" + e.getKey() + "]", "<secret contents redacted>",
                            "illegal base64 data"));
                }
            }
        }
        if (old != null && !Objects.equals(old.getType(), secret.getType())) {
            errors.add(FieldError.invalid("type", secret.getType(), "field is immutable"));
        }
    }

    private void validateEndpoints(Endpoints ep, Errors errors) {
        if (ep.getSubsets() == null) {
            return;
        }
        for (int i = 0; i < ep.getSubsets().size(); i++) {
            EndpointSubset s = ep.getSubsets().get(i);
            String f = "subsets[" + i + "]";
            for (String kind : List.of("addresses", "notReadyAddresses")) {
                List<EndpointAddress> addresses = kind.equals("addresses") ? s.getAddresses() : s.getNotReadyAddresses();
                if (addresses == null) {
                    continue;
                }
                for (int j = 0; j < addresses.size(); j++) {
                    String ip = addresses.get(j).getIp();
                    if (ip == null || !IPV4.matcher(ip).matches()) {
                        errors.add(FieldError.invalid(f + "." + kind + "[" + j + "].ip", ip, "must be a valid IP address"));
                    }
                }
            }
            if (s.getPorts() != null) {
                for (int j = 0; j < s.getPorts().size(); j++) {
                    errors.range(f + ".ports[" + j + "].port", s.getPorts().get(j).getPort(), 1, 65535);
                    if (s.getPorts().get(j).getPort() == null) {
                        errors.add(FieldError.required(f + ".ports[" + j + "].port"));
                    }
                }
            }
        }
    }

    private void validateEvent(Event ev, Errors errors) {
        if (ev.getInvolvedObject() == null) {
            errors.add(FieldError.required("involvedObject"));
        } else if (ev.getInvolvedObject().getNamespace() != null && ev.getMetadata() != null
                && ev.getMetadata().getNamespace() != null
                && !ev.getInvolvedObject().getNamespace().isEmpty()
                && !ev.getInvolvedObject().getNamespace().equals(ev.getMetadata().getNamespace())) {
            errors.add(FieldError.invalid("involvedObject.namespace", ev.getInvolvedObject().getNamespace(),
                    "does not match event.namespace"));
        }
        // core/v1 Events get no type check: Kubernetes validates type only for events.k8s.io/v1 requests
    }

    private void validateNode(Node node, Errors errors) {
        if (node.getSpec() != null && node.getSpec().getTaints() != null) {
            for (int i = 0; i < node.getSpec().getTaints().size(); i++) {
                var t = node.getSpec().getTaints().get(i);
                String f = "spec.taints[" + i + "]";
                errors.required(f + ".key", t.getKey());
                if (t.getKey() != null && !t.getKey().isEmpty()) {
                    errors.check(f + ".key", t.getKey(), Names.qualifiedName(t.getKey()));
                }
                errors.required(f + ".effect", t.getEffect());
                errors.oneOf(f + ".effect", t.getEffect(), List.of("NoSchedule", "PreferNoSchedule", "NoExecute"));
            }
        }
    }

    private void validateLease(Lease lease, Errors errors) {
        if (lease.getSpec() != null) {
            Integer duration = lease.getSpec().getLeaseDurationSeconds();
            if (duration != null && duration <= 0) {
                errors.add(FieldError.invalid("spec.leaseDurationSeconds", duration, "must be greater than 0"));
            }
            errors.nonNegative("spec.leaseTransitions", lease.getSpec().getLeaseTransitions());
        }
    }
}
