package io.coxswain.nodeagent.runtime;

/**
 * A container as a cheap listing reports it: identity and coarse state, no times or exit code.
 * Used to notice changes (the node agent relists every second); {@link ContainerRuntime#inspect} gives the rest.
 */
public record ContainerSummary(String id, boolean sandbox, PodRef pod, String name, int attempt, ContainerInfo.State state) {
}
