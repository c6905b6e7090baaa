package io.coxswain.scheduler.it;

import static io.coxswain.scheduler.it.TestCluster.createNode;
import static io.coxswain.scheduler.it.TestCluster.node;
import static io.coxswain.scheduler.it.TestCluster.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The scheduler against the real api-server and etcd, with nodes and pods created through the API. Nodes are
 * cluster-wide, so every test deletes what it created.
 */
class SchedulerIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private static TestCluster cluster;
    private static KubernetesClient client;

    @BeforeAll
    static void startCluster() {
        cluster = TestCluster.start();
        client = cluster.client();
        cluster.startScheduler("--coxswain.scheduler.lease.duration=4s",
                "--coxswain.scheduler.lease.renew-deadline=3s", "--coxswain.scheduler.lease.retry-period=1s");
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @AfterEach
    void deleteEverything() {
        // No node agent confirms termination here: delete with grace period 0, as "kubectl delete --force" does.
        client.pods().inNamespace("default").withGracePeriod(0).delete();
        client.nodes().delete();
        await().atMost(TIMEOUT).until(() -> client.pods().inNamespace("default").list().getItems().isEmpty()
                && client.nodes().list().getItems().isEmpty());
    }

    private static Pod create(Pod pod) {
        return client.pods().inNamespace("default").resource(pod).create();
    }

    private static String nodeOf(String pod) {
        Pod current = client.pods().inNamespace("default").withName(pod).get();
        return current == null ? null : current.getSpec().getNodeName();
    }

    private static Map<String, Long> podsPerNode() {
        return client.pods().inNamespace("default").list().getItems().stream()
                .filter(p -> p.getSpec().getNodeName() != null)
                .collect(Collectors.groupingBy(p -> p.getSpec().getNodeName(), Collectors.counting()));
    }

    private static PodCondition scheduledCondition(String pod) {
        Pod current = client.pods().inNamespace("default").withName(pod).get();
        if (current == null || current.getStatus() == null || current.getStatus().getConditions() == null) {
            return null;
        }
        return current.getStatus().getConditions().stream().filter(c -> "PodScheduled".equals(c.getType()))
                .findFirst().orElse(null);
    }

    @Test
    void cpuRequestsAreHonouredAndTheOverflowReportsWhy() {
        createNode(client, node("two-cpu", "2", "8Gi", Map.of()));
        createNode(client, node("three-cpu", "3", "8Gi", Map.of()));
        for (int i = 0; i < 6; i++) {
            create(pod("p" + i, "1", "256Mi").build());
        }
        await().atMost(TIMEOUT).untilAsserted(() ->
                assertThat(podsPerNode()).containsOnly(Map.entry("two-cpu", 2L), Map.entry("three-cpu", 3L)));
        String pending = IntStream.range(0, 6).mapToObj(i -> "p" + i).filter(p -> nodeOf(p) == null).findFirst()
                .orElseThrow();
        await().atMost(TIMEOUT).untilAsserted(() -> {
            PodCondition condition = scheduledCondition(pending);
            assertThat(condition).isNotNull();
            assertThat(condition.getStatus()).isEqualTo("False");
            assertThat(condition.getReason()).isEqualTo("Unschedulable");
            assertThat(condition.getMessage()).isEqualTo("0/2 nodes are available: 2 Insufficient cpu.");
        });
    }

    @Test
    void nodeSelectorsAndTaintsAreHonoured() {
        createNode(client, node("plain", "4", "8Gi", Map.of("disk", "hdd")));
        createNode(client, node("fast", "4", "8Gi", Map.of("disk", "ssd")));
        var gpu = node("gpu", "4", "8Gi", Map.of("disk", "ssd", "accelerator", "gpu"));
        gpu.getSpec().setTaints(List.of(new io.fabric8.kubernetes.api.model.TaintBuilder().withKey("dedicated")
                .withValue("gpu").withEffect("NoSchedule").build()));
        createNode(client, gpu);
        for (int i = 0; i < 4; i++) {
            create(pod("ssd-" + i, "100m", "64Mi").editSpec().addToNodeSelector("disk", "ssd").endSpec().build());
        }
        create(pod("trainer", "100m", "64Mi").editSpec().addToNodeSelector("accelerator", "gpu")
                .addNewToleration().withKey("dedicated").withOperator("Equal").withValue("gpu")
                .withEffect("NoSchedule").endToleration().endSpec().build());
        create(pod("intolerant", "100m", "64Mi").editSpec().addToNodeSelector("accelerator", "gpu").endSpec()
                .build());
        await().atMost(TIMEOUT).untilAsserted(() -> {
            for (int i = 0; i < 4; i++) {
                assertThat(nodeOf("ssd-" + i)).isEqualTo("fast");
            }
            assertThat(nodeOf("trainer")).isEqualTo("gpu");
        });
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(scheduledCondition("intolerant").getMessage())
                .isEqualTo("0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}, "
                        + "2 node(s) didn't match Pod's node affinity/selector."));
        assertThat(nodeOf("intolerant")).isNull();
    }

    @Test
    void hostPortsAreNotDoubleBooked() {
        createNode(client, node("n1", "4", "8Gi", Map.of()));
        createNode(client, node("n2", "4", "8Gi", Map.of()));
        for (int i = 0; i < 3; i++) {
            create(pod("web-" + i, "100m", "64Mi").editSpec().editFirstContainer().addToPorts(
                    new ContainerPortBuilder().withContainerPort(8080).withHostPort(18080).build())
                    .endContainer().endSpec().build());
        }
        await().atMost(TIMEOUT).untilAsserted(() ->
                assertThat(podsPerNode()).containsOnly(Map.entry("n1", 1L), Map.entry("n2", 1L)));
        String pending = IntStream.range(0, 3).mapToObj(i -> "web-" + i).filter(p -> nodeOf(p) == null)
                .findFirst().orElseThrow();
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(scheduledCondition(pending).getMessage())
                .isEqualTo("0/2 nodes are available: 2 node(s) didn't have free ports for the requested pod ports."));
    }

    @Test
    void replicasOfOneOwnerSpreadEvenly() {
        for (int n = 0; n < 3; n++) {
            createNode(client, node("n" + n, "8", "16Gi", Map.of()));
        }
        for (int i = 0; i < 9; i++) {
            create(pod("web-" + i, "100m", "128Mi").editMetadata().addNewOwnerReference().withApiVersion("apps/v1")
                    .withKind("ReplicaSet").withName("web").withUid("3f1e6f0a-web").withController(true)
                    .endOwnerReference().endMetadata().build());
        }
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(podsPerNode())
                .containsOnly(Map.entry("n0", 3L), Map.entry("n1", 3L), Map.entry("n2", 3L)));
    }

    @Test
    void unschedulablePodReportsWhyAndIsPlacedWhenAFittingNodeAppears() {
        createNode(client, node("small", "4", "1Gi", Map.of()));
        create(pod("big", "500m", "2Gi").build());
        await().atMost(TIMEOUT).untilAsserted(() -> {
            PodCondition condition = scheduledCondition("big");
            assertThat(condition).isNotNull();
            assertThat(condition.getReason()).isEqualTo("Unschedulable");
            assertThat(condition.getMessage()).isEqualTo("0/1 nodes are available: 1 Insufficient memory.");
        });
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(client.v1().events().inNamespace("default").list()
                .getItems()).anySatisfy(event -> {
                    assertThat(event.getReason()).isEqualTo("FailedScheduling");
                    assertThat(event.getInvolvedObject().getName()).isEqualTo("big");
                    assertThat(event.getMessage()).isEqualTo("0/1 nodes are available: 1 Insufficient memory.");
                }));
        assertThat(nodeOf("big")).isNull();

        createNode(client, node("large", "4", "8Gi", Map.of()));
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(nodeOf("big")).isEqualTo("large"));
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(client.v1().events().inNamespace("default").list()
                .getItems()).anySatisfy(event -> {
                    assertThat(event.getReason()).isEqualTo("Scheduled");
                    assertThat(event.getMessage()).isEqualTo("Successfully assigned default/big to large");
                }));
    }
}
