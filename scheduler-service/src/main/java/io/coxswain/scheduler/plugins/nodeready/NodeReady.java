package io.coxswain.scheduler.plugins.nodeready;

import io.coxswain.scheduler.framework.FilterPlugin;
import io.coxswain.scheduler.framework.NodeInfo;
import io.coxswain.scheduler.framework.PodInfo;
import io.coxswain.scheduler.framework.Status;

/**
 * Rejects nodes whose {@code Ready} condition is not {@code True} (or absent: a node that never reported status has
 * no agent running pods). Kubernetes expresses this through the {@code node.kubernetes.io/not-ready} taint; Coxswain's
 * node lifecycle may not taint every such node, so the condition is checked directly.
 */
public final class NodeReady implements FilterPlugin {

    public static final String NAME = "NodeReady";
    public static final String REASON = "node(s) were not ready";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status filter(PodInfo pod, NodeInfo node) {
        return node.ready() ? Status.success() : Status.unresolvable(NAME, REASON);
    }
}
