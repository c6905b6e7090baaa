package io.coxswain.scheduler.framework;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A node with the pods the scheduler counts against it (bound and assumed) and their sums, as Kubernetes'
 * {@code framework.NodeInfo}. The node object may be null when pods arrive before their node; such entries are not
 * offered to the plugins.
 *
 * <p>Threading: not thread-safe. The scheduler cache mutates it under its lock; plugins read it while the scheduling
 * cycle holds that lock, so they see a consistent state.
 */
public final class NodeInfo {

    private final String name;
    private Node node;
    private long allocatableMilliCpu;
    private long allocatableMemory;
    private long allocatablePods;
    private boolean ready;
    private List<Taint> taints = List.of();
    private Map<String, String> labels = Map.of();

    private final Map<String, PodInfo> pods = new LinkedHashMap<>();
    private long requestedMilliCpu;
    private long requestedMemory;
    private long nonZeroMilliCpu;
    private long nonZeroMemory;
    private final List<HostPort> usedPorts = new ArrayList<>();
    private final Map<String, Integer> podsPerOwner = new HashMap<>();

    public NodeInfo(String name) {
        this.name = name;
    }

    /** Convenience for tests and the cache: an entry for {@code node} with no pods. */
    public static NodeInfo of(Node node) {
        NodeInfo info = new NodeInfo(node.getMetadata().getName());
        info.setNode(node);
        return info;
    }

    public void setNode(Node node) {
        this.node = node;
        Map<String, Quantity> allocatable = node.getStatus() == null ? null : node.getStatus().getAllocatable();
        if (allocatable == null || allocatable.isEmpty()) {
            allocatable = node.getStatus() == null ? null : node.getStatus().getCapacity();
        }
        allocatable = allocatable == null ? Map.of() : allocatable;
        allocatableMilliCpu = PodInfo.amount(allocatable.get("cpu"), true);
        allocatableMemory = PodInfo.amount(allocatable.get("memory"), false);
        allocatablePods = PodInfo.amount(allocatable.get("pods"), false);
        ready = isReady(node);
        taints = node.getSpec() == null || node.getSpec().getTaints() == null ? List.of()
                : List.copyOf(node.getSpec().getTaints());
        labels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
    }

    public void clearNode() {
        this.node = null;
    }

    public void addPod(PodInfo pod) {
        PodInfo previous = pods.put(pod.key(), pod);
        if (previous != null) {
            subtract(previous);
        }
        requestedMilliCpu += pod.milliCpu();
        requestedMemory += pod.memory();
        nonZeroMilliCpu += pod.nonZeroMilliCpu();
        nonZeroMemory += pod.nonZeroMemory();
        usedPorts.addAll(pod.hostPorts());
        if (pod.ownerUid() != null) {
            podsPerOwner.merge(pod.ownerUid(), 1, Integer::sum);
        }
    }

    /** Removes the pod with {@code key}; returns whether it was there. */
    public boolean removePod(String key) {
        PodInfo previous = pods.remove(key);
        if (previous == null) {
            return false;
        }
        subtract(previous);
        return true;
    }

    private void subtract(PodInfo pod) {
        requestedMilliCpu -= pod.milliCpu();
        requestedMemory -= pod.memory();
        nonZeroMilliCpu -= pod.nonZeroMilliCpu();
        nonZeroMemory -= pod.nonZeroMemory();
        for (HostPort port : pod.hostPorts()) {
            usedPorts.remove(port);
        }
        if (pod.ownerUid() != null) {
            podsPerOwner.computeIfPresent(pod.ownerUid(), (k, v) -> v == 1 ? null : v - 1);
        }
    }

    private static boolean isReady(Node node) {
        if (node.getStatus() == null || node.getStatus().getConditions() == null) {
            return false;
        }
        for (NodeCondition condition : node.getStatus().getConditions()) {
            if ("Ready".equals(condition.getType())) {
                return "True".equals(condition.getStatus());
            }
        }
        return false;
    }

    public String name() {
        return name;
    }

    public Node node() {
        return node;
    }

    public boolean hasNode() {
        return node != null;
    }

    public boolean ready() {
        return ready;
    }

    public boolean unschedulable() {
        return node != null && node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable());
    }

    public List<Taint> taints() {
        return taints;
    }

    public Map<String, String> labels() {
        return labels;
    }

    public long allocatableMilliCpu() {
        return allocatableMilliCpu;
    }

    public long allocatableMemory() {
        return allocatableMemory;
    }

    public long allocatablePods() {
        return allocatablePods;
    }

    public long requestedMilliCpu() {
        return requestedMilliCpu;
    }

    public long requestedMemory() {
        return requestedMemory;
    }

    public long nonZeroMilliCpu() {
        return nonZeroMilliCpu;
    }

    public long nonZeroMemory() {
        return nonZeroMemory;
    }

    public int podCount() {
        return pods.size();
    }

    public Collection<PodInfo> pods() {
        return Collections.unmodifiableCollection(pods.values());
    }

    public List<HostPort> usedPorts() {
        return Collections.unmodifiableList(usedPorts);
    }

    /** How many pods controlled by the owner with {@code ownerUid} this node holds. */
    public int podsOfOwner(String ownerUid) {
        return podsPerOwner.getOrDefault(ownerUid, 0);
    }

    @Override
    public String toString() {
        return name;
    }
}
