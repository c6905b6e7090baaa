package io.coxswain.scheduler.plugins.ownerspread;

import io.coxswain.scheduler.framework.NodeInfo;
import io.coxswain.scheduler.framework.PodInfo;
import io.coxswain.scheduler.framework.ScorePlugin;

/**
 * Spreads replicas of one workload across nodes: the raw score is how many pods with the same controlling owner the
 * node already holds, normalized in reverse so the emptiest node scores 100 (Kubernetes' {@code SelectorSpread},
 * keyed by owner instead of by the owner's selector). Pods without an owner score the same everywhere.
 */
public final class OwnerSpread implements ScorePlugin {

    public static final String NAME = "OwnerSpread";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public long score(PodInfo pod, NodeInfo node) {
        return pod.ownerUid() == null ? 0 : node.podsOfOwner(pod.ownerUid());
    }

    @Override
    public void normalize(long[] scores) {
        ScorePlugin.normalizeToMax(scores, true);
    }
}
