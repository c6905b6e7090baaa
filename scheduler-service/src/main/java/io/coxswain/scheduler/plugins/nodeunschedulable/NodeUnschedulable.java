package io.coxswain.scheduler.plugins.nodeunschedulable;

import io.coxswain.scheduler.framework.FilterPlugin;
import io.coxswain.scheduler.framework.NodeInfo;
import io.coxswain.scheduler.framework.PodInfo;
import io.coxswain.scheduler.framework.Status;
import io.coxswain.scheduler.plugins.tainttoleration.TaintToleration;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;

/** Rejects cordoned nodes ({@code spec.unschedulable}) unless the pod tolerates the unschedulable taint. */
public final class NodeUnschedulable implements FilterPlugin {

    public static final String NAME = "NodeUnschedulable";
    public static final String REASON = "node(s) were unschedulable";
    static final Taint UNSCHEDULABLE_TAINT =
            new TaintBuilder().withKey("node.kubernetes.io/unschedulable").withEffect("NoSchedule").build();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status filter(PodInfo pod, NodeInfo node) {
        if (!node.unschedulable() || TaintToleration.tolerated(UNSCHEDULABLE_TAINT, pod.pod().getSpec().getTolerations())) {
            return Status.success();
        }
        return Status.unresolvable(NAME, REASON);
    }
}
