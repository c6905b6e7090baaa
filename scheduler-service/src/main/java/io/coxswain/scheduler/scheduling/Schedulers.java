package io.coxswain.scheduler.scheduling;

import io.coxswain.scheduler.config.SchedulerProperties;
import io.coxswain.scheduler.framework.Framework;
import io.coxswain.scheduler.framework.Framework.WeightedScorer;
import io.coxswain.scheduler.plugins.nodeaffinity.NodeAffinity;
import io.coxswain.scheduler.plugins.nodeaffinity.PreferredNodeAffinity;
import io.coxswain.scheduler.plugins.nodeports.NodePorts;
import io.coxswain.scheduler.plugins.noderesources.BalancedAllocation;
import io.coxswain.scheduler.plugins.noderesources.LeastAllocated;
import io.coxswain.scheduler.plugins.noderesources.NodeResourcesFit;
import io.coxswain.scheduler.plugins.nodeready.NodeReady;
import io.coxswain.scheduler.plugins.nodeunschedulable.NodeUnschedulable;
import io.coxswain.scheduler.plugins.ownerspread.OwnerSpread;
import io.coxswain.scheduler.plugins.tainttoleration.TaintToleration;
import java.util.List;

/** The one place the scheduling profile (plugins, their order and weights) is assembled. */
public final class Schedulers {

    private Schedulers() {
    }

    /**
     * Filter order follows kube-scheduler's (cheap, unresolvable checks first); a node's diagnosis is the first
     * filter that rejects it.
     */
    public static Framework framework(SchedulerProperties properties) {
        SchedulerProperties.Weights weights = properties.weights();
        return new Framework(
                List.of(new NodeUnschedulable(), new NodeReady(), new TaintToleration(), new NodeAffinity(),
                        new NodePorts(), new NodeResourcesFit()),
                List.of(new WeightedScorer(new LeastAllocated(), weights.leastAllocated()),
                        new WeightedScorer(new BalancedAllocation(), weights.balancedAllocation()),
                        new WeightedScorer(new PreferredNodeAffinity(), weights.nodeAffinity()),
                        new WeightedScorer(new OwnerSpread(), weights.ownerSpread())),
                properties.percentageOfNodesToScore(), properties.parallelism());
    }
}
