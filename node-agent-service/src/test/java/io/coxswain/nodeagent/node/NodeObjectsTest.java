package io.coxswain.nodeagent.node;

import io.coxswain.nodeagent.runtime.RuntimeInfo;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class NodeObjectsTest {

    private static final RuntimeInfo DOCKER = new RuntimeInfo("docker", "20.10.24", 2, 24L * 1024 * 1024 * 1024, "linux", "amd64",
            "6.1.0", "Debian GNU/Linux 12 (bookworm)");
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static NodeObjects.Identity id(String cpu, String memory) {
        return new NodeObjects.Identity("node-a", "127.0.0.1", 10250, cpu, memory, 110, Map.of("zone", "z1"));
    }

    @Test
    void nodeCarriesWellKnownAndConfiguredLabels() {
        assertThat(NodeObjects.node(id("", ""), DOCKER).getMetadata().getLabels())
                .containsEntry("kubernetes.io/hostname", "node-a")
                .containsEntry("kubernetes.io/os", "linux")
                .containsEntry("kubernetes.io/arch", "amd64")
                .containsEntry("zone", "z1");
    }

    @Test
    void capacityComesFromTheRuntimeUnlessConfigured() {
        NodeStatus fromRuntime = NodeObjects.status(id("", ""), DOCKER, true, "ok", null, T0);
        assertThat(fromRuntime.getCapacity()).containsEntry("cpu", new Quantity("2"))
                .containsEntry("memory", new Quantity("25165824Ki")).containsEntry("pods", new Quantity("110"));
        assertThat(fromRuntime.getAllocatable()).isEqualTo(fromRuntime.getCapacity());

        NodeStatus configured = NodeObjects.status(id("8", "16Gi"), DOCKER, true, "ok", null, T0);
        assertThat(configured.getCapacity()).containsEntry("cpu", new Quantity("8")).containsEntry("memory", new Quantity("16Gi"));
    }

    @Test
    void statusReportsAddressesRuntimeVersionAndAgentPort() {
        NodeStatus s = NodeObjects.status(id("", ""), DOCKER, true, "ok", null, T0);
        assertThat(s.getNodeInfo().getContainerRuntimeVersion()).isEqualTo("docker://20.10.24");
        assertThat(s.getNodeInfo().getArchitecture()).isEqualTo("amd64");
        assertThat(s.getAddresses()).extracting(a -> a.getType() + "=" + a.getAddress())
                .containsExactly("InternalIP=127.0.0.1", "Hostname=node-a");
        assertThat(s.getDaemonEndpoints().getKubeletEndpoint().getPort()).isEqualTo(10250);
    }

    @Test
    void unchangedReadinessGivesAnEqualStatusSoNothingIsWritten() {
        NodeStatus first = NodeObjects.status(id("", ""), DOCKER, true, "ok", null, T0);
        NodeStatus later = NodeObjects.status(id("", ""), DOCKER, true, "ok", first, T0.plusSeconds(60));
        assertThat(later).isEqualTo(first);

        NodeStatus down = NodeObjects.status(id("", ""), DOCKER, false, "runtime down", first, T0.plusSeconds(60));
        NodeCondition ready = down.getConditions().get(0);
        assertThat(ready.getStatus()).isEqualTo("False");
        assertThat(ready.getReason()).isEqualTo("KubeletNotReady");
        assertThat(ready.getLastTransitionTime()).isEqualTo("2026-01-01T00:01:00Z");
    }
}
