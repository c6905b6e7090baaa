package io.coxswain.scheduler.plugins.nodeaffinity;

import io.coxswain.scheduler.framework.NodeInfo;
import io.coxswain.scheduler.framework.PodInfo;
import io.coxswain.scheduler.framework.ScorePlugin;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.PreferredSchedulingTerm;
import java.util.List;

/**
 * Scores a node by the summed weights of the pod's preferred node affinity terms it matches, normalized so the best
 * node gets 100 (the score half of Kubernetes' {@code NodeAffinity}).
 */
public final class PreferredNodeAffinity implements ScorePlugin {

    public static final String NAME = "NodeAffinity";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public long score(PodInfo pod, NodeInfo node) {
        Affinity affinity = pod.pod().getSpec().getAffinity();
        if (affinity == null || affinity.getNodeAffinity() == null) {
            return 0;
        }
        List<PreferredSchedulingTerm> preferred =
                affinity.getNodeAffinity().getPreferredDuringSchedulingIgnoredDuringExecution();
        if (preferred == null) {
            return 0;
        }
        long sum = 0;
        for (PreferredSchedulingTerm term : preferred) {
            if (term.getWeight() != null && term.getWeight() != 0 && term.getPreference() != null
                    && NodeSelectorTerms.matches(term.getPreference(), node)) {
                sum += term.getWeight();
            }
        }
        return sum;
    }

    @Override
    public void normalize(long[] scores) {
        ScorePlugin.normalizeToMax(scores, false);
    }
}
