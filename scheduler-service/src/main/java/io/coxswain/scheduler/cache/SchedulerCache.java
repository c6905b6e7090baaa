package io.coxswain.scheduler.cache;

import io.coxswain.runtime.ObjectKeys;
import io.coxswain.scheduler.framework.NodeInfo;
import io.coxswain.scheduler.framework.PodInfo;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The scheduler's view of what runs where, with assumptions, as kube-scheduler's cache: a pod counts against its
 * node from the moment the scheduler chose the node ({@link #assume}), before the binding is even sent, so a burst
 * of pods cannot overcommit a node between decision and watch event. When the informer reports the pod bound
 * ({@link #addPod}), the confirmed pod replaces the assumption (on whatever node the API says). A binding that
 * fails is rolled back with {@link #forget}.
 *
 * <p>Assumed pods do not expire: a successful binding is always followed by a watch event for the pod (bound, or
 * deleted), and both end the assumption.
 *
 * <p>Threading: every method is synchronized; the scheduling cycle runs its filters inside {@link #withNodes} so
 * that informer updates wait for the few milliseconds of one cycle rather than race with it.
 */
public final class SchedulerCache {

    private record PodState(PodInfo pod, String nodeName, boolean assumed) {
    }

    private final Map<String, NodeInfo> nodes = new LinkedHashMap<>();
    private final Map<String, PodState> pods = new HashMap<>();
    private List<NodeInfo> schedulable = List.of();
    private boolean nodeListStale;

    /** Runs {@code cycle} over the nodes that exist (not placeholders for pods of unknown nodes), under the lock. */
    public synchronized <R> R withNodes(Function<List<NodeInfo>, R> cycle) {
        if (nodeListStale) {
            List<NodeInfo> list = new ArrayList<>(nodes.size());
            for (NodeInfo info : nodes.values()) {
                if (info.hasNode()) {
                    list.add(info);
                }
            }
            schedulable = list;
            nodeListStale = false;
        }
        return cycle.apply(schedulable);
    }

    public synchronized void addNode(Node node) {
        nodes.computeIfAbsent(node.getMetadata().getName(), NodeInfo::new).setNode(node);
        nodeListStale = true;
    }

    public synchronized void updateNode(Node node) {
        addNode(node);
    }

    public synchronized void removeNode(String name) {
        NodeInfo info = nodes.get(name);
        if (info == null) {
            return;
        }
        // Keep the entry while pods still count against it: their delete events will come and remove it.
        if (info.podCount() == 0) {
            nodes.remove(name);
        } else {
            info.clearNode();
        }
        nodeListStale = true;
    }

    /** Counts {@code pod} against {@code nodeName} until the informer confirms or {@link #forget} rolls it back. */
    public synchronized void assume(PodInfo pod, String nodeName) {
        if (pods.containsKey(pod.key())) {
            throw new IllegalStateException("pod " + pod.key() + " is already in the cache");
        }
        nodeFor(nodeName).addPod(pod);
        pods.put(pod.key(), new PodState(pod, nodeName, true));
    }

    /** Rolls back an assumption after a failed binding; does nothing if the pod was confirmed meanwhile. */
    public synchronized void forget(String key) {
        PodState state = pods.get(key);
        if (state == null || !state.assumed()) {
            return;
        }
        pods.remove(key);
        removeFromNode(key, state.nodeName());
    }

    /** A bound pod reported by the informer; replaces an assumption of it. */
    public synchronized void addPod(Pod pod) {
        String key = ObjectKeys.of(pod);
        PodState state = pods.remove(key);
        if (state != null) {
            removeFromNode(key, state.nodeName());
        }
        PodInfo info = PodInfo.of(pod);
        String nodeName = pod.getSpec().getNodeName();
        nodeFor(nodeName).addPod(info);
        pods.put(key, new PodState(info, nodeName, false));
    }

    public synchronized void updatePod(Pod pod) {
        addPod(pod);
    }

    /** The pod is gone or finished: it no longer counts against any node (confirmed or assumed). */
    public synchronized void removePod(String key) {
        PodState state = pods.remove(key);
        if (state != null) {
            removeFromNode(key, state.nodeName());
        }
    }

    public synchronized boolean isAssumed(String key) {
        PodState state = pods.get(key);
        return state != null && state.assumed();
    }

    /** Whether the pod counts against some node, assumed or confirmed. */
    public synchronized boolean contains(String key) {
        return pods.containsKey(key);
    }

    /** The node the pod counts against, or null. */
    public synchronized String nodeOf(String key) {
        PodState state = pods.get(key);
        return state == null ? null : state.nodeName();
    }

    public synchronized int nodeCount() {
        return (int) nodes.values().stream().filter(NodeInfo::hasNode).count();
    }

    private NodeInfo nodeFor(String nodeName) {
        return nodes.computeIfAbsent(nodeName, NodeInfo::new);
    }

    private void removeFromNode(String key, String nodeName) {
        NodeInfo info = nodes.get(nodeName);
        if (info == null) {
            return;
        }
        info.removePod(key);
        if (!info.hasNode() && info.podCount() == 0) {
            nodes.remove(nodeName);
            nodeListStale = true;
        }
    }
}
