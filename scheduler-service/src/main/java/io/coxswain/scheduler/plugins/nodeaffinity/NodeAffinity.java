package io.coxswain.scheduler.plugins.nodeaffinity;

import io.coxswain.scheduler.framework.FilterPlugin;
import io.coxswain.scheduler.framework.NodeInfo;
import io.coxswain.scheduler.framework.PodInfo;
import io.coxswain.scheduler.framework.Status;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.NodeSelector;
import java.util.Map;

/**
 * Rejects nodes that do not match the pod's {@code nodeSelector} (every label equal) or its required node affinity
 * ({@code requiredDuringSchedulingIgnoredDuringExecution}: any term matches). Unresolvable: labels do not change
 * because pods come and go.
 */
public final class NodeAffinity implements FilterPlugin {

    public static final String NAME = "NodeAffinity";
    public static final String REASON = "node(s) didn't match Pod's node affinity/selector";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status filter(PodInfo pod, NodeInfo node) {
        Map<String, String> selector = pod.pod().getSpec().getNodeSelector();
        if (selector != null) {
            for (Map.Entry<String, String> entry : selector.entrySet()) {
                if (!entry.getValue().equals(node.labels().get(entry.getKey()))) {
                    return Status.unresolvable(NAME, REASON);
                }
            }
        }
        NodeSelector required = required(pod);
        if (required != null && !NodeSelectorTerms.anyMatches(required.getNodeSelectorTerms(), node)) {
            return Status.unresolvable(NAME, REASON);
        }
        return Status.success();
    }

    private static NodeSelector required(PodInfo pod) {
        Affinity affinity = pod.pod().getSpec().getAffinity();
        if (affinity == null || affinity.getNodeAffinity() == null) {
            return null;
        }
        return affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
    }
}
