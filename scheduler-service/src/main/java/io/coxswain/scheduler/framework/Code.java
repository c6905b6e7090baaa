package io.coxswain.scheduler.framework;

/** What a plugin decided, as Kubernetes' framework codes say it. */
public enum Code {
    SUCCESS,
    /** The node does not fit now but might once something changes on it (pods leave, resources free up). */
    UNSCHEDULABLE,
    /** The node cannot fit this pod whatever happens to the pods on it (labels, taints, cordon). */
    UNSCHEDULABLE_AND_UNRESOLVABLE,
    /** The plugin failed; the attempt is retried with back-off. */
    ERROR
}
