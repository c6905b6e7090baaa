package io.coxswain.scheduler.framework;

/**
 * Decides whether a pod may run on a node. Implementations are stateless and pure: the verdict depends only on the
 * arguments, and they must not modify them (filters run concurrently across nodes).
 */
public interface FilterPlugin {

    String name();

    Status filter(PodInfo pod, NodeInfo node);
}
