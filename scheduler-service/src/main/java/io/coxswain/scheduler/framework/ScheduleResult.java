package io.coxswain.scheduler.framework;

/** The outcome of one scheduling attempt for one pod. */
public sealed interface ScheduleResult {

    /** The pod goes to {@code nodeName}; {@code evaluatedNodes} were filtered, {@code feasibleNodes} passed. */
    record Scheduled(String nodeName, int evaluatedNodes, int feasibleNodes) implements ScheduleResult {
    }

    /** No node fits; the pod waits for the cluster to change. */
    record Unschedulable(FitError fitError) implements ScheduleResult {
    }

    /** A plugin failed; the attempt is retried with back-off. */
    record Failed(String plugin, String message) implements ScheduleResult {
    }
}
