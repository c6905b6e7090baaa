package io.coxswain.scheduler.framework;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Why a pod fits on no node: the verdict of the first failing filter for every node. {@link #message()} is built as
 * kube-scheduler builds it: each reason counted over nodes, "count reason" strings sorted, joined with ", ":
 * {@code 0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}, 2 Insufficient memory.}
 */
public record FitError(int numAllNodes, Map<String, Status> nodeStatuses) {

    public static final String NO_NODES_MESSAGE = "no nodes available to schedule pods";

    public FitError {
        nodeStatuses = Map.copyOf(nodeStatuses);
    }

    public String message() {
        if (numAllNodes == 0) {
            return NO_NODES_MESSAGE;
        }
        Map<String, Integer> histogram = new TreeMap<>();
        for (Status status : nodeStatuses.values()) {
            for (String reason : status.reasons()) {
                histogram.merge(reason, 1, Integer::sum);
            }
        }
        List<String> counted = new ArrayList<>(histogram.size());
        histogram.forEach((reason, count) -> counted.add(count + " " + reason));
        counted.sort(null);
        StringBuilder message = new StringBuilder("0/").append(numAllNodes).append(" nodes are available:");
        if (!counted.isEmpty()) {
            message.append(' ').append(String.join(", ", counted)).append('.');
        }
        return message.toString();
    }

    /** Whether every node's failure is one that waiting for pods to leave cannot fix. */
    public boolean allUnresolvable() {
        return nodeStatuses.values().stream().allMatch(s -> s.code() == Code.UNSCHEDULABLE_AND_UNRESOLVABLE);
    }
}
