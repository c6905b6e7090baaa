package io.coxswain.scheduler.framework;

import io.coxswain.runtime.ObjectKeys;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A pod with the figures the plugins need parsed once (quantities are slow to parse and a pod is filtered against
 * thousands of nodes). Immutable; the wrapped {@link Pod} comes from an informer cache and must not be modified.
 *
 * <p>Requests follow Kubernetes: the sum over containers, raised to the largest init container's request, plus the
 * pod overhead. The "non-zero" figures substitute 100m CPU and 200 MiB for containers without a request, so that
 * scoring still spreads such pods (Kubernetes' {@code DefaultMilliCPURequest}/{@code DefaultMemoryRequest}).
 */
public final class PodInfo {

    static final long DEFAULT_MILLI_CPU = 100;
    static final long DEFAULT_MEMORY = 200L * 1024 * 1024;

    private final Pod pod;
    private final String key;
    private final long milliCpu;
    private final long memory;
    private final long nonZeroMilliCpu;
    private final long nonZeroMemory;
    private final List<HostPort> hostPorts;
    private final String ownerUid;
    private final int priority;

    private PodInfo(Pod pod) {
        this.pod = pod;
        this.key = ObjectKeys.of(pod);
        long cpu = 0;
        long mem = 0;
        long nzCpu = 0;
        long nzMem = 0;
        List<HostPort> ports = new ArrayList<>();
        for (Container container : nullSafe(pod.getSpec().getContainers())) {
            long c = request(container, "cpu", true);
            long m = request(container, "memory", false);
            cpu += c;
            mem += m;
            nzCpu += c == 0 && !hasRequest(container, "cpu") ? DEFAULT_MILLI_CPU : c;
            nzMem += m == 0 && !hasRequest(container, "memory") ? DEFAULT_MEMORY : m;
            for (ContainerPort port : nullSafe(container.getPorts())) {
                if (port.getHostPort() != null && port.getHostPort() > 0) {
                    ports.add(new HostPort(port.getHostIP(), port.getProtocol(), port.getHostPort()));
                }
            }
        }
        for (Container init : nullSafe(pod.getSpec().getInitContainers())) {
            long c = request(init, "cpu", true);
            long m = request(init, "memory", false);
            cpu = Math.max(cpu, c);
            mem = Math.max(mem, m);
            nzCpu = Math.max(nzCpu, c);
            nzMem = Math.max(nzMem, m);
        }
        Map<String, Quantity> overhead = pod.getSpec().getOverhead();
        if (overhead != null) {
            long c = amount(overhead.get("cpu"), true);
            long m = amount(overhead.get("memory"), false);
            cpu += c;
            mem += m;
            nzCpu += c;
            nzMem += m;
        }
        this.milliCpu = cpu;
        this.memory = mem;
        this.nonZeroMilliCpu = nzCpu;
        this.nonZeroMemory = nzMem;
        this.hostPorts = List.copyOf(ports);
        this.ownerUid = controllerOwnerUid(pod);
        this.priority = pod.getSpec().getPriority() == null ? 0 : pod.getSpec().getPriority();
    }

    public static PodInfo of(Pod pod) {
        return new PodInfo(pod);
    }

    public Pod pod() {
        return pod;
    }

    /** {@code namespace/name}. */
    public String key() {
        return key;
    }

    public long milliCpu() {
        return milliCpu;
    }

    public long memory() {
        return memory;
    }

    public long nonZeroMilliCpu() {
        return nonZeroMilliCpu;
    }

    public long nonZeroMemory() {
        return nonZeroMemory;
    }

    public List<HostPort> hostPorts() {
        return hostPorts;
    }

    /** Uid of the controlling owner (ReplicaSet...), or null: pods sharing it are replicas of one workload. */
    public String ownerUid() {
        return ownerUid;
    }

    public int priority() {
        return priority;
    }

    public String nodeName() {
        return pod.getSpec().getNodeName();
    }

    /** Parses a quantity into milli-units ({@code milli}) or plain units, rounding up like Kubernetes. */
    public static long amount(Quantity quantity, boolean milli) {
        if (quantity == null) {
            return 0;
        }
        BigDecimal value = quantity.getNumericalAmount();
        if (milli) {
            value = value.movePointRight(3);
        }
        return value.setScale(0, java.math.RoundingMode.CEILING).longValueExact();
    }

    private static long request(Container container, String resource, boolean milli) {
        if (container.getResources() == null) {
            return 0;
        }
        Map<String, Quantity> requests = container.getResources().getRequests();
        Quantity q = requests == null ? null : requests.get(resource);
        if (q == null) {
            // Kubernetes defaults a missing request to the limit.
            Map<String, Quantity> limits = container.getResources().getLimits();
            q = limits == null ? null : limits.get(resource);
        }
        return amount(q, milli);
    }

    private static boolean hasRequest(Container container, String resource) {
        if (container.getResources() == null) {
            return false;
        }
        var requests = container.getResources().getRequests();
        var limits = container.getResources().getLimits();
        return requests != null && requests.containsKey(resource) || limits != null && limits.containsKey(resource);
    }

    private static String controllerOwnerUid(Pod pod) {
        List<OwnerReference> refs = pod.getMetadata().getOwnerReferences();
        if (refs == null) {
            return null;
        }
        for (OwnerReference ref : refs) {
            if (Boolean.TRUE.equals(ref.getController())) {
                return ref.getUid() != null ? ref.getUid() : ref.getKind() + "/" + ref.getName();
            }
        }
        return null;
    }

    private static <T> List<T> nullSafe(List<T> list) {
        return list == null ? List.of() : list;
    }

    @Override
    public String toString() {
        return key;
    }
}
