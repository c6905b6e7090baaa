package io.coxswain.nodeagent.node;

import io.coxswain.nodeagent.runtime.RuntimeInfo;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.NodeStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Node object this agent registers, and its status. Pure functions. */
final class NodeObjects {

    static final String AGENT_VERSION = "v1.32.0-coxswain";

    private NodeObjects() {
    }

    /**
     * What the agent knows about its node.
     *
     * @param name        Node name
     * @param address     InternalIP (where pod ports are published)
     * @param agentPort   the agent's HTTP port (logs), for status.daemonEndpoints.kubeletEndpoint
     * @param cpu         CPU capacity override, or empty for the runtime's
     * @param memory      memory capacity override, or empty for the runtime's
     * @param maxPods     pods capacity
     * @param extraLabels labels beyond the well-known ones
     */
    record Identity(String name, String address, int agentPort, String cpu, String memory, int maxPods, Map<String, String> extraLabels) {
    }

    static Map<String, String> labels(Identity id, RuntimeInfo info) {
        Map<String, String> labels = new LinkedHashMap<>(id.extraLabels());
        labels.put("kubernetes.io/hostname", id.name());
        labels.put("kubernetes.io/os", info.os());
        labels.put("kubernetes.io/arch", info.arch());
        labels.put("beta.kubernetes.io/os", info.os());
        labels.put("beta.kubernetes.io/arch", info.arch());
        return labels;
    }

    static Node node(Identity id, RuntimeInfo info) {
        return new NodeBuilder().withNewMetadata().withName(id.name()).withLabels(labels(id, info)).endMetadata()
                .withNewSpec().endSpec().build();
    }

    /**
     * The node's status. The Ready condition keeps its lastTransitionTime while its status stays the same, so
     * that an unchanged node gives an equal status (and is not written).
     */
    static NodeStatus status(Identity id, RuntimeInfo info, boolean ready, String readyMessage, NodeStatus old, Instant now) {
        Map<String, Quantity> capacity = new LinkedHashMap<>();
        capacity.put("cpu", new Quantity(id.cpu().isBlank() ? Integer.toString(info.cpus()) : id.cpu()));
        capacity.put("memory", id.memory().isBlank() ? new Quantity(Long.toString(info.memoryBytes() / 1024) + "Ki") : new Quantity(id.memory()));
        capacity.put("pods", new Quantity(Integer.toString(id.maxPods())));
        String status = ready ? "True" : "False";
        String transition = time(now);
        if (old != null && old.getConditions() != null) {
            for (NodeCondition c : old.getConditions()) {
                if ("Ready".equals(c.getType()) && status.equals(c.getStatus()) && c.getLastTransitionTime() != null) {
                    transition = c.getLastTransitionTime();
                }
            }
        }
        NodeCondition readyCondition = new NodeConditionBuilder().withType("Ready").withStatus(status)
                .withReason(ready ? "KubeletReady" : "KubeletNotReady").withMessage(readyMessage)
                .withLastTransitionTime(transition).withLastHeartbeatTime(transition).build();
        return new NodeStatusBuilder()
                .withCapacity(capacity)
                .withAllocatable(new LinkedHashMap<>(capacity))
                .withConditions(List.of(readyCondition))
                .addNewAddress().withType("InternalIP").withAddress(id.address()).endAddress()
                .addNewAddress().withType("Hostname").withAddress(id.name()).endAddress()
                .withNewDaemonEndpoints().withNewKubeletEndpoint().withPort(id.agentPort()).endKubeletEndpoint().endDaemonEndpoints()
                .withNewNodeInfo()
                .withArchitecture(info.arch())
                .withOperatingSystem(info.os())
                .withKernelVersion(info.kernel() == null ? "" : info.kernel())
                .withOsImage(info.osImage() == null ? "" : info.osImage())
                .withContainerRuntimeVersion(info.versionString())
                .withKubeletVersion(AGENT_VERSION)
                .withKubeProxyVersion(AGENT_VERSION)
                .withMachineID(id.name())
                .withSystemUUID(id.name())
                .withBootID("")
                .endNodeInfo()
                .build();
    }

    static String time(Instant t) {
        return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
    }
}
