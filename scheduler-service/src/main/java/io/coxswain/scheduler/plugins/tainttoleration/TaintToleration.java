package io.coxswain.scheduler.plugins.tainttoleration;

import io.coxswain.scheduler.framework.FilterPlugin;
import io.coxswain.scheduler.framework.NodeInfo;
import io.coxswain.scheduler.framework.PodInfo;
import io.coxswain.scheduler.framework.Status;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;

/**
 * Rejects nodes with a {@code NoSchedule} or {@code NoExecute} taint the pod does not tolerate. The reason names the
 * first such taint, as Kubernetes does: "node(s) had untolerated taint {key: value}".
 */
public final class TaintToleration implements FilterPlugin {

    public static final String NAME = "TaintToleration";
    public static final String REASON_FORMAT = "node(s) had untolerated taint {%s: %s}";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status filter(PodInfo pod, NodeInfo node) {
        List<Toleration> tolerations = pod.pod().getSpec().getTolerations();
        for (Taint taint : node.taints()) {
            if (("NoSchedule".equals(taint.getEffect()) || "NoExecute".equals(taint.getEffect()))
                    && !tolerated(taint, tolerations)) {
                return Status.unresolvable(NAME, String.format(REASON_FORMAT, taint.getKey(),
                        taint.getValue() == null ? "" : taint.getValue()));
            }
        }
        return Status.success();
    }

    /** Kubernetes' {@code ToleratesTaint} over a list: some toleration matches effect, key, operator and value. */
    public static boolean tolerated(Taint taint, List<Toleration> tolerations) {
        if (tolerations == null) {
            return false;
        }
        for (Toleration toleration : tolerations) {
            if (tolerates(toleration, taint)) {
                return true;
            }
        }
        return false;
    }

    static boolean tolerates(Toleration toleration, Taint taint) {
        String effect = toleration.getEffect();
        if (effect != null && !effect.isEmpty() && !effect.equals(taint.getEffect())) {
            return false;
        }
        String key = toleration.getKey();
        String operator = toleration.getOperator() == null || toleration.getOperator().isEmpty() ? "Equal"
                : toleration.getOperator();
        if (key == null || key.isEmpty()) {
            // An empty key with Exists tolerates every taint; with Equal it is invalid and matches nothing.
            return "Exists".equals(operator);
        }
        if (!key.equals(taint.getKey())) {
            return false;
        }
        return switch (operator) {
            case "Exists" -> true;
            case "Equal" -> nullToEmpty(toleration.getValue()).equals(nullToEmpty(taint.getValue()));
            default -> false;
        };
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
