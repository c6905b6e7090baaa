package io.coxswain.scheduler.plugins.noderesources;

import io.coxswain.scheduler.framework.NodeInfo;
import io.coxswain.scheduler.framework.PodInfo;
import io.coxswain.scheduler.framework.ScorePlugin;

/**
 * Favours nodes whose CPU and memory would be used in similar proportions after placing the pod, so that neither
 * resource is stranded: {@code (1 - std) * 100} over the two fractions, i.e. {@code (1 - |cpu - mem| / 2) * 100}
 * (Kubernetes' {@code NodeResourcesBalancedAllocation}).
 */
public final class BalancedAllocation implements ScorePlugin {

    public static final String NAME = "NodeResourcesBalancedAllocation";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public long score(PodInfo pod, NodeInfo node) {
        double cpu = fraction(node.requestedMilliCpu() + pod.milliCpu(), node.allocatableMilliCpu());
        double memory = fraction(node.requestedMemory() + pod.memory(), node.allocatableMemory());
        double std = Math.abs(cpu - memory) / 2;
        return (long) ((1 - std) * MAX_NODE_SCORE);
    }

    private static double fraction(long requested, long capacity) {
        if (capacity == 0) {
            return 1;
        }
        return Math.min(1, (double) requested / capacity);
    }
}
