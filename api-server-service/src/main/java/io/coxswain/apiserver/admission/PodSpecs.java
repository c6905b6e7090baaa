package io.coxswain.apiserver.admission;

import io.coxswain.apiserver.api.FieldError;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Defaults and validation of a pod spec, shared by pods and the pod templates of workloads. */
final class PodSpecs {

    private static final List<String> RESTART_POLICIES = List.of("Always", "OnFailure", "Never");
    private static final List<String> PULL_POLICIES = List.of("Always", "IfNotPresent", "Never");
    private static final List<String> PROTOCOLS = List.of("TCP", "UDP", "SCTP");
    private static final List<String> DNS_POLICIES = List.of("ClusterFirstWithHostNet", "ClusterFirst", "Default", "None");

    private PodSpecs() {
    }

    /** Sets what Kubernetes' defaulting sets on a pod spec. Idempotent. */
    static void applyDefaults(PodSpec spec) {
        if (spec == null) {
            return;
        }
        if (spec.getRestartPolicy() == null) {
            spec.setRestartPolicy("Always");
        }
        if (spec.getDnsPolicy() == null) {
            spec.setDnsPolicy("ClusterFirst");
        }
        if (spec.getSchedulerName() == null) {
            spec.setSchedulerName("default-scheduler");
        }
        if (spec.getTerminationGracePeriodSeconds() == null) {
            spec.setTerminationGracePeriodSeconds(30L);
        }
        if (spec.getSecurityContext() == null) {
            spec.setSecurityContext(new PodSecurityContext());
        }
        if (spec.getEnableServiceLinks() == null) {
            spec.setEnableServiceLinks(true);
        }
        if (spec.getPriority() == null) {
            spec.setPriority(0);
        }
        if (spec.getServiceAccountName() == null && spec.getServiceAccount() != null) {
            spec.setServiceAccountName(spec.getServiceAccount());
        }
        for (Container c : containers(spec)) {
            defaultContainer(c);
        }
        if (spec.getVolumes() != null) {
            for (Volume v : spec.getVolumes()) {
                if (v.getEmptyDir() == null && v.getConfigMap() == null && v.getSecret() == null
                        && v.getHostPath() == null && v.getPersistentVolumeClaim() == null && v.getProjected() == null
                        && v.getDownwardAPI() == null) {
                    v.setEmptyDir(new io.fabric8.kubernetes.api.model.EmptyDirVolumeSource());
                }
            }
        }
    }

    /** The DefaultTolerationSeconds admission plugin: pods tolerate a not-ready or unreachable node for 300 s. */
    static void addDefaultTolerations(PodSpec spec) {
        List<Toleration> tolerations = spec.getTolerations() == null ? new ArrayList<>() : new ArrayList<>(spec.getTolerations());
        for (String key : List.of("node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable")) {
            boolean present = tolerations.stream().anyMatch(t -> key.equals(t.getKey()) && "NoExecute".equals(t.getEffect()))
                    || tolerations.stream().anyMatch(t -> t.getKey() == null && "Exists".equals(t.getOperator()));
            if (!present) {
                tolerations.add(new Toleration("NoExecute", key, "Exists", 300L, null));
            }
        }
        spec.setTolerations(tolerations);
    }

    private static void defaultContainer(Container c) {
        if (c.getImagePullPolicy() == null && c.getImage() != null) {
            c.setImagePullPolicy(isLatest(c.getImage()) ? "Always" : "IfNotPresent");
        }
        if (c.getTerminationMessagePath() == null) {
            c.setTerminationMessagePath("/dev/termination-log");
        }
        if (c.getTerminationMessagePolicy() == null) {
            c.setTerminationMessagePolicy("File");
        }
        if (c.getPorts() != null) {
            for (ContainerPort p : c.getPorts()) {
                if (p.getProtocol() == null) {
                    p.setProtocol("TCP");
                }
            }
        }
        if (c.getResources() == null) {
            c.setResources(new ResourceRequirements());
        } else if (c.getResources().getLimits() != null && !c.getResources().getLimits().isEmpty()) {
            // Requests default to limits when only limits are given.
            Map<String, Quantity> requests = c.getResources().getRequests() == null
                    ? new LinkedHashMap<>() : new LinkedHashMap<>(c.getResources().getRequests());
            c.getResources().getLimits().forEach(requests::putIfAbsent);
            c.getResources().setRequests(requests);
        }
        for (Probe probe : new Probe[] {c.getLivenessProbe(), c.getReadinessProbe(), c.getStartupProbe()}) {
            if (probe == null) {
                continue;
            }
            if (probe.getTimeoutSeconds() == null) {
                probe.setTimeoutSeconds(1);
            }
            if (probe.getPeriodSeconds() == null) {
                probe.setPeriodSeconds(10);
            }
            if (probe.getSuccessThreshold() == null) {
                probe.setSuccessThreshold(1);
            }
            if (probe.getFailureThreshold() == null) {
                probe.setFailureThreshold(3);
            }
            if (probe.getHttpGet() != null) {
                if (probe.getHttpGet().getScheme() == null) {
                    probe.getHttpGet().setScheme("HTTP");
                }
                if (probe.getHttpGet().getPath() == null) {
                    probe.getHttpGet().setPath("/");
                }
            }
        }
    }

    /**
     * Whether an image reference's tag is "latest", as Kubernetes' parsers.ParseImageName sees it: no tag and no
     * digest means "latest"; a digest without a tag has no tag; {@code name:latest@sha256:...} is tagged "latest".
     */
    private static boolean isLatest(String image) {
        String ref = image;
        int at = ref.indexOf('@');
        boolean digested = at >= 0;
        if (digested) {
            ref = ref.substring(0, at);
        }
        int slash = ref.lastIndexOf('/');
        int colon = ref.lastIndexOf(':');
        if (colon <= slash) {
            return !digested;
        }
        return ref.substring(colon + 1).equals("latest");
    }

    static void validate(PodSpec spec, String path, Errors errors) {
        if (spec == null) {
            errors.add(FieldError.required(path));
            return;
        }
        if (spec.getContainers() == null || spec.getContainers().isEmpty()) {
            errors.add(FieldError.required(path + ".containers"));
        }
        errors.oneOf(path + ".restartPolicy", spec.getRestartPolicy(), RESTART_POLICIES);
        errors.oneOf(path + ".dnsPolicy", spec.getDnsPolicy(), DNS_POLICIES);
        errors.nonNegative(path + ".terminationGracePeriodSeconds", spec.getTerminationGracePeriodSeconds());
        if (spec.getActiveDeadlineSeconds() != null && spec.getActiveDeadlineSeconds() <= 0) {
            errors.add(FieldError.invalid(path + ".activeDeadlineSeconds", spec.getActiveDeadlineSeconds(),
                    "must be greater than or equal to 1"));
        }
        if (spec.getNodeName() != null && !spec.getNodeName().isEmpty()) {
            errors.check(path + ".nodeName", spec.getNodeName(), Names.dns1123Subdomain(spec.getNodeName()));
        }
        errors.labels(path + ".nodeSelector", spec.getNodeSelector());
        Set<String> volumeNames = new HashSet<>();
        if (spec.getVolumes() != null) {
            for (int i = 0; i < spec.getVolumes().size(); i++) {
                Volume v = spec.getVolumes().get(i);
                String f = path + ".volumes[" + i + "].name";
                errors.required(f, v.getName());
                if (v.getName() != null && !v.getName().isEmpty()) {
                    errors.check(f, v.getName(), Names.dns1123Label(v.getName()));
                    if (!volumeNames.add(v.getName())) {
                        errors.add(FieldError.duplicate(f, v.getName()));
                    }
                }
            }
        }
        Set<String> names = new HashSet<>();
        Set<String> hostPorts = new HashSet<>();
        validateContainers(spec.getInitContainers(), path + ".initContainers", names, hostPorts, volumeNames, errors);
        validateContainers(spec.getContainers(), path + ".containers", names, hostPorts, volumeNames, errors);
        if (spec.getTolerations() != null) {
            for (int i = 0; i < spec.getTolerations().size(); i++) {
                Toleration t = spec.getTolerations().get(i);
                String f = path + ".tolerations[" + i + "]";
                errors.oneOf(f + ".operator", t.getOperator(), List.of("Exists", "Equal"));
                errors.oneOf(f + ".effect", t.getEffect(), List.of("NoSchedule", "PreferNoSchedule", "NoExecute"));
                if ("Exists".equals(t.getOperator()) && t.getValue() != null && !t.getValue().isEmpty()) {
                    errors.add(FieldError.invalid(f + ".operator", t.getOperator(),
                            "value must be empty when `operator` is 'Exists'"));
                }
            }
        }
    }

    private static void validateContainers(List<Container> containers, String path, Set<String> names,
                                           Set<String> hostPorts, Set<String> volumeNames, Errors errors) {
        if (containers == null) {
            return;
        }
        for (int i = 0; i < containers.size(); i++) {
            Container c = containers.get(i);
            String f = path + "[" + i + "]";
            errors.required(f + ".name", c.getName());
            if (c.getName() != null && !c.getName().isEmpty()) {
                errors.check(f + ".name", c.getName(), Names.dns1123Label(c.getName()));
                if (!names.add(c.getName())) {
                    errors.add(FieldError.duplicate(f + ".name", c.getName()));
                }
            }
            errors.required(f + ".image", c.getImage());
            errors.oneOf(f + ".imagePullPolicy", c.getImagePullPolicy(), PULL_POLICIES);
            validatePorts(c.getPorts(), f + ".ports", hostPorts, errors);
            if (c.getEnv() != null) {
                for (int j = 0; j < c.getEnv().size(); j++) {
                    EnvVar e = c.getEnv().get(j);
                    String ef = f + ".env[" + j + "].name";
                    errors.required(ef, e.getName());
                    if (e.getName() != null && !e.getName().isEmpty()) {
                        errors.check(ef, e.getName(), Names.envVarName(e.getName()));
                    }
                    if (e.getValue() != null && !e.getValue().isEmpty() && e.getValueFrom() != null) {
                        errors.add(FieldError.invalid(f + ".env[" + j + "].valueFrom", "",
                                "may not be specified when `value` is not empty"));
                    }
                }
            }
            if (c.getVolumeMounts() != null) {
                for (int j = 0; j < c.getVolumeMounts().size(); j++) {
                    var m = c.getVolumeMounts().get(j);
                    String mf = f + ".volumeMounts[" + j + "]";
                    errors.required(mf + ".name", m.getName());
                    errors.required(mf + ".mountPath", m.getMountPath());
                    if (m.getName() != null && !m.getName().isEmpty() && !volumeNames.contains(m.getName())) {
                        errors.add(new FieldError("FieldValueNotFound", mf + ".name", "Not found: \"" + m.getName() + "\""));
                    }
                }
            }
            validateResources(c.getResources(), f + ".resources", errors);
            validateProbe(c.getLivenessProbe(), f + ".livenessProbe", errors);
            validateProbe(c.getReadinessProbe(), f + ".readinessProbe", errors);
            validateProbe(c.getStartupProbe(), f + ".startupProbe", errors);
        }
    }

    private static void validatePorts(List<ContainerPort> ports, String path, Set<String> hostPorts, Errors errors) {
        if (ports == null) {
            return;
        }
        Set<String> portNames = new HashSet<>();
        for (int i = 0; i < ports.size(); i++) {
            ContainerPort p = ports.get(i);
            String f = path + "[" + i + "]";
            if (p.getContainerPort() == null) {
                errors.add(FieldError.required(f + ".containerPort"));
            } else {
                errors.range(f + ".containerPort", p.getContainerPort(), 1, 65535);
            }
            if (p.getHostPort() != null && p.getHostPort() != 0) {
                errors.range(f + ".hostPort", p.getHostPort(), 1, 65535);
                String key = p.getHostPort() + "/" + p.getProtocol() + "/" + (p.getHostIP() == null ? "" : p.getHostIP());
                if (!hostPorts.add(key)) {
                    errors.add(FieldError.duplicate(f + ".hostPort", key));
                }
            }
            errors.oneOf(f + ".protocol", p.getProtocol(), PROTOCOLS);
            if (p.getName() != null && !p.getName().isEmpty()) {
                errors.check(f + ".name", p.getName(), Names.portName(p.getName()));
                if (!portNames.add(p.getName())) {
                    errors.add(FieldError.duplicate(f + ".name", p.getName()));
                }
            }
        }
    }

    private static void validateResources(ResourceRequirements r, String path, Errors errors) {
        if (r == null) {
            return;
        }
        Map<String, BigDecimal> limits = new LinkedHashMap<>();
        if (r.getLimits() != null) {
            r.getLimits().forEach((k, v) -> {
                BigDecimal amount = errors.quantity(path + ".limits[" + k + "]", v);
                if (amount != null) {
                    limits.put(k, amount);
                }
            });
        }
        if (r.getRequests() != null) {
            r.getRequests().forEach((k, v) -> {
                BigDecimal amount = errors.quantity(path + ".requests[" + k + "]", v);
                BigDecimal limit = limits.get(k);
                if (amount != null && limit != null && amount.compareTo(limit) > 0) {
                    errors.add(FieldError.invalid(path + ".requests", v.toString(),
                            "must be less than or equal to " + k + " limit of " + r.getLimits().get(k)));
                }
            });
        }
    }

    private static void validateProbe(Probe p, String path, Errors errors) {
        if (p == null) {
            return;
        }
        int handlers = (p.getHttpGet() != null ? 1 : 0) + (p.getTcpSocket() != null ? 1 : 0)
                + (p.getExec() != null ? 1 : 0) + (p.getGrpc() != null ? 1 : 0);
        if (handlers == 0) {
            errors.add(FieldError.required(path, "must specify a handler type"));
        } else if (handlers > 1) {
            errors.add(FieldError.forbidden(path, "may not specify more than 1 handler type"));
        }
        errors.nonNegative(path + ".initialDelaySeconds", p.getInitialDelaySeconds());
        positive(path + ".timeoutSeconds", p.getTimeoutSeconds(), errors);
        positive(path + ".periodSeconds", p.getPeriodSeconds(), errors);
        positive(path + ".successThreshold", p.getSuccessThreshold(), errors);
        positive(path + ".failureThreshold", p.getFailureThreshold(), errors);
        if (p.getHttpGet() != null) {
            errors.oneOf(path + ".httpGet.scheme", p.getHttpGet().getScheme(), List.of("HTTP", "HTTPS"));
            if (p.getHttpGet().getPort() == null) {
                errors.add(FieldError.required(path + ".httpGet.port"));
            }
        }
        if (p.getTcpSocket() != null && p.getTcpSocket().getPort() == null) {
            errors.add(FieldError.required(path + ".tcpSocket.port"));
        }
        if (p.getExec() != null && (p.getExec().getCommand() == null || p.getExec().getCommand().isEmpty())) {
            errors.add(FieldError.required(path + ".exec.command"));
        }
    }

    private static void positive(String field, Integer value, Errors errors) {
        if (value != null && value < 1) {
            errors.add(FieldError.invalid(field, value, "must be greater than or equal to 1"));
        }
    }

    private static List<Container> containers(PodSpec spec) {
        List<Container> all = new ArrayList<>();
        if (spec.getInitContainers() != null) {
            all.addAll(spec.getInitContainers());
        }
        if (spec.getContainers() != null) {
            all.addAll(spec.getContainers());
        }
        return all;
    }
}
