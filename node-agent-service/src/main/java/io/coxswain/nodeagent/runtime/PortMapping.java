package io.coxswain.nodeagent.runtime;

/**
 * A container port to publish on the node address.
 *
 * @param containerPort port inside the pod's network namespace
 * @param hostPort      port on the node; 0 lets the engine choose a free one (reported back in {@link PublishedPort})
 * @param protocol      "TCP" or "UDP"
 */
public record PortMapping(int containerPort, int hostPort, String protocol) {
    public PortMapping {
        protocol = protocol == null ? "TCP" : protocol.toUpperCase(java.util.Locale.ROOT);
    }
}
