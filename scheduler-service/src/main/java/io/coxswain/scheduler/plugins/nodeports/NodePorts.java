package io.coxswain.scheduler.plugins.nodeports;

import io.coxswain.scheduler.framework.FilterPlugin;
import io.coxswain.scheduler.framework.HostPort;
import io.coxswain.scheduler.framework.NodeInfo;
import io.coxswain.scheduler.framework.PodInfo;
import io.coxswain.scheduler.framework.Status;

/**
 * Rejects nodes where a host port the pod asks for is already taken (same protocol and port, overlapping address).
 * Unschedulable rather than unresolvable: the port frees up when the holder leaves.
 */
public final class NodePorts implements FilterPlugin {

    public static final String NAME = "NodePorts";
    public static final String REASON = "node(s) didn't have free ports for the requested pod ports";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status filter(PodInfo pod, NodeInfo node) {
        for (HostPort wanted : pod.hostPorts()) {
            for (HostPort used : node.usedPorts()) {
                if (wanted.conflictsWith(used)) {
                    return Status.unschedulable(NAME, REASON);
                }
            }
        }
        return Status.success();
    }
}
