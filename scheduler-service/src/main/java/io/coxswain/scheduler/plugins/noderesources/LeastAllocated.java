package io.coxswain.scheduler.plugins.noderesources;

import io.coxswain.scheduler.framework.NodeInfo;
import io.coxswain.scheduler.framework.PodInfo;
import io.coxswain.scheduler.framework.ScorePlugin;

/**
 * Favours nodes with the most free CPU and memory after placing the pod: per resource
 * {@code (allocatable - requested) * 100 / allocatable}, averaged with equal weights. Uses the non-zero requests so
 * pods without requests still spread (Kubernetes' {@code LeastAllocated} strategy of NodeResourcesFit).
 */
public final class LeastAllocated implements ScorePlugin {

    public static final String NAME = "NodeResourcesLeastAllocated";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public long score(PodInfo pod, NodeInfo node) {
        long cpu = leastRequested(node.nonZeroMilliCpu() + pod.nonZeroMilliCpu(), node.allocatableMilliCpu());
        long memory = leastRequested(node.nonZeroMemory() + pod.nonZeroMemory(), node.allocatableMemory());
        return (cpu + memory) / 2;
    }

    static long leastRequested(long requested, long capacity) {
        if (capacity == 0 || requested > capacity) {
            return 0;
        }
        return (capacity - requested) * MAX_NODE_SCORE / capacity;
    }
}
