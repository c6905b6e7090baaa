package io.coxswain.nodeagent.pod;

import io.coxswain.nodeagent.runtime.ContainerSpec;
import io.coxswain.nodeagent.runtime.PodRef;
import io.coxswain.nodeagent.runtime.PortMapping;
import io.coxswain.nodeagent.runtime.Resources;
import io.fabric8.kubernetes.api.model.ConfigMapKeySelector;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.ObjectFieldSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceFieldSelector;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecretKeySelector;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Pod spec to runtime configuration. Pure functions, apart from the ConfigMap/Secret lookups handed in. */
final class ContainerConfigs {

    private ContainerConfigs() {
    }

    /** A container's spec, or a reason it cannot be built yet ({@code CreateContainerConfigError}). */
    static final class ConfigException extends RuntimeException {
        ConfigException(String message) {
            super(message);
        }
    }

    static PodRef podRef(Pod pod) {
        return new PodRef(pod.getMetadata().getUid(), pod.getMetadata().getNamespace(), pod.getMetadata().getName());
    }

    /** An empty args list means "not set" (Go does not tell nil from empty), so the image's cmd applies. */
    static ContainerSpec containerSpec(Pod pod, Container c, int attempt, String sandboxId, Map<String, String> env) {
        List<String> args = c.getArgs() == null || c.getArgs().isEmpty() ? null : expandAll(c.getArgs(), env);
        return new ContainerSpec(podRef(pod), c.getName(), attempt, sandboxId, c.getImage(),
                expandAll(c.getCommand(), env), args, env, c.getWorkingDir(), resources(c.getResources()));
    }

    /** Requests default to limits when only limits are set, as the api-server's defaulting does in Kubernetes. */
    static Resources resources(ResourceRequirements r) {
        if (r == null) {
            return Resources.NONE;
        }
        Map<String, Quantity> limits = r.getLimits() == null ? Map.of() : r.getLimits();
        Map<String, Quantity> requests = r.getRequests() == null ? Map.of() : r.getRequests();
        Long cpuLimit = millis(limits.get("cpu"));
        Long memLimit = bytes(limits.get("memory"));
        Long cpuRequest = requests.containsKey("cpu") ? millis(requests.get("cpu")) : cpuLimit;
        Long memRequest = requests.containsKey("memory") ? bytes(requests.get("memory")) : memLimit;
        return new Resources(cpuRequest, cpuLimit, memRequest, memLimit);
    }

    static Long millis(Quantity q) {
        return q == null ? null : q.getNumericalAmount().multiply(BigDecimal.valueOf(1000)).setScale(0, RoundingMode.CEILING).longValueExact();
    }

    static Long bytes(Quantity q) {
        return q == null ? null : q.getNumericalAmount().setScale(0, RoundingMode.CEILING).longValueExact();
    }

    /** Every container port of the pod, published with its hostPort (0: the runtime picks one). */
    static List<PortMapping> ports(Pod pod) {
        List<PortMapping> ports = new ArrayList<>();
        for (Container c : pod.getSpec().getContainers()) {
            if (c.getPorts() == null) {
                continue;
            }
            for (ContainerPort p : c.getPorts()) {
                if (p.getContainerPort() != null) {
                    ports.add(new PortMapping(p.getContainerPort(), p.getHostPort() == null ? 0 : p.getHostPort(), p.getProtocol()));
                }
            }
        }
        return ports;
    }

    /**
     * The container's environment in Kubernetes order: envFrom sources first, then env entries (which win),
     * each value with {@code $(VAR)} references to earlier variables expanded.
     *
     * @throws ConfigException when a referenced ConfigMap, Secret or key is missing and not optional
     */
    static Map<String, String> environment(Pod pod, Container c, String podIp, String hostIp, EnvLookup lookup) {
        String ns = pod.getMetadata().getNamespace();
        Map<String, String> env = new LinkedHashMap<>();
        if (c.getEnvFrom() != null) {
            for (EnvFromSource from : c.getEnvFrom()) {
                String prefix = from.getPrefix() == null ? "" : from.getPrefix();
                if (from.getConfigMapRef() != null) {
                    Optional<Map<String, String>> data = lookup.configMap(ns, from.getConfigMapRef().getName());
                    if (data.isEmpty() && !Boolean.TRUE.equals(from.getConfigMapRef().getOptional())) {
                        throw new ConfigException("configmap \"" + from.getConfigMapRef().getName() + "\" not found");
                    }
                    data.ifPresent(d -> new java.util.TreeMap<>(d).forEach((k, v) -> env.put(prefix + k, v))); // sorted: a stable environment
                }
                if (from.getSecretRef() != null) {
                    Optional<Map<String, String>> data = lookup.secret(ns, from.getSecretRef().getName());
                    if (data.isEmpty() && !Boolean.TRUE.equals(from.getSecretRef().getOptional())) {
                        throw new ConfigException("secret \"" + from.getSecretRef().getName() + "\" not found");
                    }
                    data.ifPresent(d -> new java.util.TreeMap<>(d).forEach((k, v) -> env.put(prefix + k, v))); // sorted: a stable environment
                }
            }
        }
        if (c.getEnv() != null) {
            for (EnvVar var : c.getEnv()) {
                String value;
                if (var.getValueFrom() != null) {
                    value = valueFrom(pod, c, var.getValueFrom(), podIp, hostIp, lookup);
                    if (value == null) {
                        continue; // optional reference that is absent
                    }
                } else {
                    value = expand(var.getValue() == null ? "" : var.getValue(), env);
                }
                env.put(var.getName(), value);
            }
        }
        return env;
    }

    private static String valueFrom(Pod pod, Container c, EnvVarSource src, String podIp, String hostIp, EnvLookup lookup) {
        String ns = pod.getMetadata().getNamespace();
        if (src.getFieldRef() != null) {
            return fieldRef(pod, src.getFieldRef(), podIp, hostIp);
        }
        if (src.getResourceFieldRef() != null) {
            return resourceFieldRef(c, src.getResourceFieldRef());
        }
        if (src.getConfigMapKeyRef() != null) {
            ConfigMapKeySelector ref = src.getConfigMapKeyRef();
            String v = lookup.configMap(ns, ref.getName()).map(d -> d.get(ref.getKey())).orElse(null);
            if (v == null && !Boolean.TRUE.equals(ref.getOptional())) {
                throw new ConfigException("couldn't find key " + ref.getKey() + " in ConfigMap " + ns + "/" + ref.getName());
            }
            return v;
        }
        if (src.getSecretKeyRef() != null) {
            SecretKeySelector ref = src.getSecretKeyRef();
            String v = lookup.secret(ns, ref.getName()).map(d -> d.get(ref.getKey())).orElse(null);
            if (v == null && !Boolean.TRUE.equals(ref.getOptional())) {
                throw new ConfigException("couldn't find key " + ref.getKey() + " in Secret " + ns + "/" + ref.getName());
            }
            return v;
        }
        throw new ConfigException("unsupported valueFrom source");
    }

    private static final Pattern MAP_FIELD = Pattern.compile("metadata\\.(labels|annotations)\\['(.+)']");

    static String fieldRef(Pod pod, ObjectFieldSelector ref, String podIp, String hostIp) {
        String path = ref.getFieldPath();
        Matcher m = MAP_FIELD.matcher(path);
        if (m.matches()) {
            Map<String, String> map = "labels".equals(m.group(1)) ? pod.getMetadata().getLabels() : pod.getMetadata().getAnnotations();
            return map == null ? "" : map.getOrDefault(m.group(2), "");
        }
        return switch (path) {
            case "metadata.name" -> pod.getMetadata().getName();
            case "metadata.namespace" -> pod.getMetadata().getNamespace();
            case "metadata.uid" -> pod.getMetadata().getUid();
            case "spec.nodeName" -> pod.getSpec().getNodeName();
            case "spec.serviceAccountName" -> pod.getSpec().getServiceAccountName() == null ? "" : pod.getSpec().getServiceAccountName();
            case "status.podIP", "status.podIPs" -> podIp == null ? "" : podIp;
            case "status.hostIP", "status.hostIPs" -> hostIp == null ? "" : hostIp;
            default -> throw new ConfigException("unsupported fieldRef " + path);
        };
    }

    private static String resourceFieldRef(Container c, ResourceFieldSelector ref) {
        Resources r = resources(c.getResources());
        BigDecimal divisor = ref.getDivisor() == null ? BigDecimal.ONE : ref.getDivisor().getNumericalAmount();
        BigDecimal value = switch (ref.getResource()) {
            case "limits.cpu" -> r.cpuLimitMillis() == null ? null : BigDecimal.valueOf(r.cpuLimitMillis()).movePointLeft(3);
            case "requests.cpu" -> r.cpuRequestMillis() == null ? null : BigDecimal.valueOf(r.cpuRequestMillis()).movePointLeft(3);
            case "limits.memory" -> r.memoryLimitBytes() == null ? null : BigDecimal.valueOf(r.memoryLimitBytes());
            case "requests.memory" -> r.memoryRequestBytes() == null ? null : BigDecimal.valueOf(r.memoryRequestBytes());
            default -> throw new ConfigException("unsupported resourceFieldRef " + ref.getResource());
        };
        if (value == null) {
            return "0";
        }
        return value.divide(divisor, 0, RoundingMode.CEILING).toPlainString();
    }

    private static final Pattern VAR_REF = Pattern.compile("\\$\\$|\\$\\(([A-Za-z_][A-Za-z0-9_.-]*)\\)");

    /** Kubernetes' $(VAR) expansion: known variables are replaced, unknown ones stay as written, $$ escapes. */
    static String expand(String s, Map<String, String> env) {
        if (s == null || s.indexOf('$') < 0) {
            return s;
        }
        Matcher m = VAR_REF.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group(1) == null) {
                replacement = "$";
            } else {
                replacement = env.containsKey(m.group(1)) ? env.get(m.group(1)) : m.group();
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    static List<String> expandAll(List<String> values, Map<String, String> env) {
        if (values == null) {
            return null;
        }
        return values.stream().map(v -> expand(v, env)).toList();
    }
}
