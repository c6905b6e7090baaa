package io.coxswain.scheduler.plugins.noderesources;

import io.coxswain.scheduler.framework.FilterPlugin;
import io.coxswain.scheduler.framework.NodeInfo;
import io.coxswain.scheduler.framework.PodInfo;
import io.coxswain.scheduler.framework.Status;
import java.util.ArrayList;
import java.util.List;

/**
 * Rejects nodes whose allocatable CPU, memory or pod count cannot hold the pod's requests on top of those already
 * counted against the node (bound and assumed pods). Every shortage is reported, so a node short of both CPU and
 * memory counts under both reasons, as in Kubernetes.
 */
public final class NodeResourcesFit implements FilterPlugin {

    public static final String NAME = "NodeResourcesFit";
    public static final String REASON_TOO_MANY_PODS = "Too many pods";
    public static final String REASON_CPU = "Insufficient cpu";
    public static final String REASON_MEMORY = "Insufficient memory";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status filter(PodInfo pod, NodeInfo node) {
        List<String> reasons = null;
        if (node.podCount() + 1 > node.allocatablePods()) {
            reasons = add(reasons, REASON_TOO_MANY_PODS);
        }
        if (pod.milliCpu() > 0 && pod.milliCpu() > node.allocatableMilliCpu() - node.requestedMilliCpu()) {
            reasons = add(reasons, REASON_CPU);
        }
        if (pod.memory() > 0 && pod.memory() > node.allocatableMemory() - node.requestedMemory()) {
            reasons = add(reasons, REASON_MEMORY);
        }
        return reasons == null ? Status.success() : Status.unschedulable(NAME, reasons);
    }

    private static List<String> add(List<String> reasons, String reason) {
        List<String> list = reasons == null ? new ArrayList<>(3) : reasons;
        list.add(reason);
        return list;
    }
}
