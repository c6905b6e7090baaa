package io.coxswain.nodeagent.runtime;

import java.util.List;

/**
 * The pod sandbox: it holds the pod's network namespace (which every container of the pod joins, so they
 * reach each other on localhost) and publishes all the pod's container ports.
 *
 * @param pod         owning pod
 * @param attempt     how many sandboxes were created for this pod before (0 for the first)
 * @param hostname    hostname inside the pod (Kubernetes: the pod name)
 * @param ports       ports of all the pod's containers
 * @param bindAddress node address the ports are published on
 */
public record SandboxSpec(PodRef pod, int attempt, String hostname, List<PortMapping> ports, String bindAddress) {
    public SandboxSpec {
        ports = List.copyOf(ports);
    }
}
