package io.coxswain.apiserver.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.apiserver.api.ApiException;
import io.coxswain.apiserver.registry.ObjectCodec;
import io.coxswain.apiserver.resource.ResourceTypes;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Server-side printing as {@code kubectl get} shows it; expected values follow Kubernetes'
 * k8s.io/apimachinery/pkg/util/duration (HumanDuration) and pkg/printers/internalversion/printers.go (printPod).
 */
class TablesTest {

    private static final Instant NOW = Instant.parse("2026-01-10T12:00:00Z");
    private static final String CREATED = "2026-01-10T11:55:00Z"; // AGE 5m

    private final ObjectCodec codec = new ObjectCodec();
    private final Tables tables = new Tables(codec, Clock.fixed(NOW, ZoneOffset.UTC));

    /** TestHumanDuration and TestHumanDurationBoundaries of Kubernetes' duration_test.go. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "PT1S, 1s",
            "PT70S, 70s",
            "PT190S, 3m10s",
            "PT70M, 70m",
            "PT47H, 47h",
            "PT49H, 2d1h",
            "PT194H, 8d",
            "PT8808H, 367d",
            "PT17545H, 2y1d",
            "PT70082H, 8y",
            "PT0S, 0s",
            "PT0.999S, 0s",
            "PT1M59.999S, 119s",
            "PT2M, 2m",
            "PT2M1S, 2m1s",
            "PT9M59.999S, 9m59s",
            "PT10M, 10m",
            "PT10M1S, 10m",
            "PT2H59M59.999S, 179m",
            "PT3H, 3h",
            "PT3H1M, 3h1m",
            "PT7H59M59.999S, 7h59m",
            "PT8H, 8h",
            "PT8H59M, 8h",
            "PT47H59M59.999S, 47h",
            "PT48H, 2d",
            "PT49H, 2d1h",
            "PT191H59M59.999S, 7d23h",
            "PT192H, 8d",
            "PT215H, 8d",
            "PT17519H59M59.999S, 729d",
            "PT17520H, 2y",
            "PT17543H, 2y",
            "PT17543H59M, 2y",
            "PT17543H59M59.999S, 2y",
            "PT17544H, 2y1d",
            "PT26280H, 3y",
            "PT35040H, 4y",
            "PT43800H, 5y",
            "PT52560H, 6y",
            "PT61320H, 7y",
            "PT70079H59M59.999S, 7y364d",
            "PT70080H, 8y",
            "PT78816H, 8y",
            "PT78840H, 9y",
            // a clock up to 2 s behind the writer's is tolerated as "now"
            "PT-1.999S, 0s",
            "PT-0.5S, 0s",
    })
    void humanDurationPrintsWhatKubernetesPrints(Duration d, String expected) {
        assertThat(Tables.humanDuration(d)).isEqualTo(expected);
    }

    /** Kubernetes: {@code {d: -2 * time.Second, want: "<invalid>"}}: a timestamp 2 s or more in the future. */
    @ParameterizedTest(name = "{0} -> <invalid>")
    @CsvSource({"PT-2S", "PT-1M", "PT-48H"})
    void humanDurationOfAFutureTimestampIsInvalid(Duration d) {
        assertThat(Tables.humanDuration(d)).isEqualTo("<invalid>");
    }

    // --- pod rows: NAME READY STATUS RESTARTS AGE IP NODE NOMINATED-NODE READINESS-GATES ---

    private static PodBuilder pod(int containers) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName("web-1").withNamespace("shop")
                .withCreationTimestamp(CREATED).endMetadata();
        var spec = b.withNewSpec();
        for (int i = 0; i < containers; i++) {
            spec.addNewContainer().withName("c" + i).withImage("busybox").endContainer();
        }
        return spec.endSpec();
    }

    private static ContainerStatus running(String name, boolean ready, int restarts) {
        return new ContainerStatusBuilder().withName(name).withReady(ready).withRestartCount(restarts)
                .withNewState().withNewRunning().withStartedAt("2026-01-10T11:56:00Z").endRunning().endState().build();
    }

    private static ContainerStatus waiting(String name, String reason, int restarts, String lastFinishedAt) {
        ContainerStatusBuilder b = new ContainerStatusBuilder().withName(name).withReady(false).withRestartCount(restarts)
                .withNewState().withNewWaiting().withReason(reason).endWaiting().endState();
        if (lastFinishedAt != null) {
            b.withNewLastState().withNewTerminated().withExitCode(1).withReason("Error").withFinishedAt(lastFinishedAt)
                    .endTerminated().endLastState();
        }
        return b.build();
    }

    private static ContainerStatus terminated(String name, String reason, int exitCode, Integer signal) {
        return new ContainerStatusBuilder().withName(name).withReady(false).withRestartCount(0)
                .withNewState().withNewTerminated().withReason(reason).withExitCode(exitCode).withSignal(signal)
                .withFinishedAt("2026-01-10T11:58:00Z").endTerminated().endState().build();
    }

    private List<String> podRow(Pod pod) {
        ObjectNode table = tables.table(ResourceTypes.PODS, List.of(pod), "7", Tables.Include.NONE, true);
        List<String> cells = new ArrayList<>();
        table.at("/rows/0/cells").forEach(c -> cells.add(c.asText()));
        return cells;
    }

    static Stream<Arguments> podsAndTheirReadyStatusRestartsCells() {
        return Stream.of(
                Arguments.of("new pod without status", pod(1).build(), "0/1", "Pending", "0"),
                Arguments.of("pending, no container status yet",
                        pod(2).withNewStatus().withPhase("Pending").endStatus().build(), "0/2", "Pending", "0"),
                Arguments.of("pulling image", pod(1).withNewStatus().withPhase("Pending")
                        .withContainerStatuses(waiting("c0", "ContainerCreating", 0, null)).endStatus().build(),
                        "0/1", "ContainerCreating", "0"),
                Arguments.of("running and ready", pod(2).withNewStatus().withPhase("Running")
                        .withContainerStatuses(running("c0", true, 0), running("c1", true, 0)).endStatus().build(),
                        "2/2", "Running", "0"),
                Arguments.of("running, one not ready", pod(2).withNewStatus().withPhase("Running")
                        .withContainerStatuses(running("c0", true, 0), running("c1", false, 0)).endStatus().build(),
                        "1/2", "Running", "0"),
                Arguments.of("crash loop: the waiting reason wins, restarts with the last one's age",
                        pod(1).withNewStatus().withPhase("Running")
                                .withContainerStatuses(waiting("c0", "CrashLoopBackOff", 4, "2026-01-10T11:59:30Z"))
                                .endStatus().build(),
                        "0/1", "CrashLoopBackOff", "4 (30s ago)"),
                Arguments.of("restarts add up; the latest termination gives the age",
                        pod(2).withNewStatus().withPhase("Running")
                                .withContainerStatuses(waiting("c0", "CrashLoopBackOff", 2, "2026-01-10T11:50:00Z"),
                                        new ContainerStatusBuilder(running("c1", true, 3)).withNewLastState().withNewTerminated()
                                                .withExitCode(137).withFinishedAt("2026-01-10T11:57:00Z").endTerminated()
                                                .endLastState().build())
                                .endStatus().build(),
                        "1/2", "CrashLoopBackOff", "5 (3m ago)"),
                Arguments.of("image pull failure", pod(1).withNewStatus().withPhase("Pending")
                        .withContainerStatuses(waiting("c0", "ImagePullBackOff", 0, null)).endStatus().build(),
                        "0/1", "ImagePullBackOff", "0"),
                Arguments.of("completed", pod(1).withNewStatus().withPhase("Succeeded")
                        .withContainerStatuses(terminated("c0", "Completed", 0, null)).endStatus().build(),
                        "0/1", "Completed", "0"),
                Arguments.of("failed with a reason", pod(1).withNewStatus().withPhase("Failed")
                        .withContainerStatuses(terminated("c0", "Error", 1, null)).endStatus().build(),
                        "0/1", "Error", "0"),
                Arguments.of("terminated without a reason: the exit code", pod(1).withNewStatus().withPhase("Failed")
                        .withContainerStatuses(terminated("c0", null, 3, null)).endStatus().build(),
                        "0/1", "ExitCode:3", "0"),
                Arguments.of("terminated by a signal", pod(1).withNewStatus().withPhase("Failed")
                        .withContainerStatuses(terminated("c0", null, 137, 9)).endStatus().build(),
                        "0/1", "Signal:9", "0"),
                Arguments.of("pod reason overrides the phase", pod(1).withNewStatus().withPhase("Failed")
                        .withReason("Evicted").endStatus().build(), "0/1", "Evicted", "0"),
                Arguments.of("being deleted while running", new PodBuilder(pod(1).withNewStatus().withPhase("Running")
                        .withContainerStatuses(running("c0", true, 0)).endStatus().build())
                        .editMetadata().withDeletionTimestamp("2026-01-10T11:59:50Z").endMetadata().build(),
                        "1/1", "Terminating", "0"));
    }

    @ParameterizedTest(name = "{0}: {2} {3} {4}")
    @MethodSource("podsAndTheirReadyStatusRestartsCells")
    void podRowShowsReadyStatusAndRestartsAsKubectl(String description, Pod pod, String ready, String status,
                                                    String restarts) {
        List<String> row = podRow(pod);

        assertThat(row.subList(0, 5)).containsExactly("web-1", ready, status, restarts, "5m");
    }

    /** printPod: a pod in a terminal phase that is being deleted keeps its terminal status. */
    @Test
    void completedPodBeingDeletedStaysCompleted() {
        Pod pod = new PodBuilder(pod(1).withNewStatus().withPhase("Succeeded")
                .withContainerStatuses(terminated("c0", "Completed", 0, null)).endStatus().build())
                .editMetadata().withDeletionTimestamp("2026-01-10T11:59:50Z").endMetadata().build();

        assertThat(podRow(pod).get(2)).isEqualTo("Completed");
    }

    /**
     * printPod: "change pod status back to Running if there is at least one container still reporting as Running";
     * a sidecar that finished while the main container runs must not make the pod look Completed.
     */
    @Test
    void podWithACompletedAndARunningContainerIsRunning() {
        Pod pod = pod(2).withNewStatus().withPhase("Running")
                .withContainerStatuses(terminated("c0", "Completed", 0, null), running("c1", true, 0))
                .addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build();

        assertThat(podRow(pod).subList(1, 3)).containsExactly("1/2", "Running");
    }

    /** printPod appends "(x ago)" only when restarts != 0. */
    @Test
    void restartsCellWithoutRestartsHasNoAge() {
        Pod pod = pod(1).withNewStatus().withPhase("Running")
                .withContainerStatuses(new ContainerStatusBuilder(running("c0", true, 0)).withNewLastState().withNewTerminated()
                        .withExitCode(0).withFinishedAt("2026-01-10T11:57:00Z").endTerminated().endLastState().build())
                .endStatus().build();

        assertThat(podRow(pod).get(3)).isEqualTo("0");
    }

    /** printEvent: {@code strings.ToLower(obj.InvolvedObject.Kind) + "/" + obj.InvolvedObject.Name}, kind may be empty. */
    @Test
    void eventAboutAnObjectWithoutKindStillPrints() {
        HasMetadata event = new io.fabric8.kubernetes.api.model.EventBuilder().withNewMetadata().withName("e")
                .withCreationTimestamp(CREATED).endMetadata().withNewInvolvedObject().withName("x").endInvolvedObject()
                .withType("Normal").withReason("Test").withMessage("m").build();

        JsonNode cells = tables.table(ResourceTypes.EVENTS, List.of(event), "1", Tables.Include.NONE, true).at("/rows/0/cells");

        assertThat(cells.get(3).asText()).isEqualTo("/x");
    }

    @Test
    void eventRowShowsLastSeenTypeReasonObjectAndMessage() {
        HasMetadata event = new io.fabric8.kubernetes.api.model.EventBuilder().withNewMetadata().withName("web-1.17a")
                .withCreationTimestamp("2026-01-10T11:00:00Z").endMetadata()
                .withNewInvolvedObject().withKind("Pod").withName("web-1").withFieldPath("spec.containers{web}")
                .endInvolvedObject().withType("Warning").withReason("BackOff").withMessage("Back-off restarting")
                .withFirstTimestamp("2026-01-10T11:00:00Z").withLastTimestamp("2026-01-10T11:59:00Z").withCount(7)
                .withNewSource().withComponent("kubelet").withHost("node-a").endSource().build();

        JsonNode cells = tables.table(ResourceTypes.EVENTS, List.of(event), "1", Tables.Include.NONE, true).at("/rows/0/cells");

        assertThat(cells.toString()).isEqualTo("[\"60s\",\"Warning\",\"BackOff\",\"pod/web-1\",\"spec.containers{web}\","
                + "\"kubelet, node-a\",\"Back-off restarting\",\"60m\",7,\"web-1.17a\"]");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nodesAndTheirStatusCell")
    void nodeRowShowsReadinessAndCordon(String description, HasMetadata node, String status, String roles) {
        JsonNode cells = tables.table(ResourceTypes.NODES, List.of(node), "1", Tables.Include.NONE, true).at("/rows/0/cells");

        assertThat(cells.get(1).asText()).isEqualTo(status);
        assertThat(cells.get(2).asText()).isEqualTo(roles);
    }

    static Stream<Arguments> nodesAndTheirStatusCell() {
        var base = new io.fabric8.kubernetes.api.model.NodeBuilder().withNewMetadata().withName("node-a")
                .withCreationTimestamp(CREATED).endMetadata();
        return Stream.of(
                Arguments.of("no conditions", base.build(), "Unknown", "<none>"),
                Arguments.of("ready", new io.fabric8.kubernetes.api.model.NodeBuilder(base.build()).withNewStatus()
                        .addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build(), "Ready",
                        "<none>"),
                Arguments.of("not ready, cordoned, two roles", new io.fabric8.kubernetes.api.model.NodeBuilder(base.build())
                        .editMetadata().addToLabels("node-role.kubernetes.io/worker", "").addToLabels(
                                "node-role.kubernetes.io/control-plane", "").endMetadata()
                        .withNewSpec().withUnschedulable(true).endSpec().withNewStatus().addNewCondition().withType("Ready")
                        .withStatus("False").endCondition().endStatus().build(), "NotReady,SchedulingDisabled",
                        "control-plane,worker"));
    }

    @Test
    void endpointsRowShowsThreeAddressesAndHowManyMore() {
        HasMetadata ep = new io.fabric8.kubernetes.api.model.EndpointsBuilder().withNewMetadata().withName("web")
                .withCreationTimestamp(CREATED).endMetadata().addNewSubset()
                .addNewAddress().withIp("10.0.0.1").endAddress().addNewAddress().withIp("10.0.0.2").endAddress()
                .addNewAddress().withIp("10.0.0.3").endAddress().addNewAddress().withIp("10.0.0.4").endAddress()
                .addNewPort().withPort(8080).endPort().endSubset().build();
        HasMetadata empty = new io.fabric8.kubernetes.api.model.EndpointsBuilder().withNewMetadata().withName("none")
                .withCreationTimestamp(CREATED).endMetadata().build();

        JsonNode rows = tables.table(ResourceTypes.ENDPOINTS, List.of(ep, empty), "1", Tables.Include.NONE, true).get("rows");

        assertThat(rows.get(0).get("cells").get(1).asText())
                .isEqualTo("10.0.0.1:8080,10.0.0.2:8080,10.0.0.3:8080 + 1 more...");
        assertThat(rows.get(1).get("cells").get(1).asText()).isEqualTo("<none>");
    }

    /** printPod: init containers give Init:N/M, Init:<waiting reason>, Init:<terminated reason>, Init:ExitCode:N. */
    static Stream<Arguments> podsInitialising() {
        PodBuilder twoInits = new PodBuilder(pod(1).build()).editSpec()
                .addNewInitContainer().withName("i0").withImage("busybox").endInitContainer()
                .addNewInitContainer().withName("i1").withImage("busybox").endInitContainer().endSpec();
        return Stream.of(
                Arguments.of(new PodBuilder(twoInits.build()).withNewStatus().withPhase("Pending")
                        .withInitContainerStatuses(terminated("i0", "Completed", 0, null),
                                new ContainerStatusBuilder(running("i1", false, 0)).build())
                        .withContainerStatuses(waiting("c0", "PodInitializing", 0, null)).endStatus().build(), "Init:1/2"),
                Arguments.of(new PodBuilder(twoInits.build()).withNewStatus().withPhase("Pending")
                        .withInitContainerStatuses(waiting("i0", "CrashLoopBackOff", 3, "2026-01-10T11:59:00Z"),
                                waiting("i1", "PodInitializing", 0, null))
                        .withContainerStatuses(waiting("c0", "PodInitializing", 0, null)).endStatus().build(),
                        "Init:CrashLoopBackOff"),
                Arguments.of(new PodBuilder(twoInits.build()).withNewStatus().withPhase("Failed")
                        .withInitContainerStatuses(terminated("i0", null, 2, null), waiting("i1", "PodInitializing", 0, null))
                        .withContainerStatuses(waiting("c0", "PodInitializing", 0, null)).endStatus().build(),
                        "Init:ExitCode:2"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("podsInitialising")
    void initialisingPodShowsInitProgress(Pod pod, String status) {
        assertThat(podRow(pod).get(2)).isEqualTo(status);
    }

    @Test
    void wideColumnsShowIpNodeAndNoneWhenUnset() {
        Pod bound = pod(1).editSpec().withNodeName("node-a").endSpec()
                .withNewStatus().withPhase("Running").withPodIP("10.1.2.3").endStatus().build();
        Pod unbound = pod(1).build();

        assertThat(podRow(bound).subList(5, 9)).containsExactly("10.1.2.3", "node-a", "<none>", "<none>");
        assertThat(podRow(unbound).subList(5, 9)).containsExactly("<none>", "<none>", "<none>", "<none>");
    }

    @Test
    void podTableHasKubectlsColumnsWithWideOnesAtPriorityOne() {
        ObjectNode table = tables.table(ResourceTypes.PODS, List.of(pod(1).build()), "7", Tables.Include.NONE, true);

        List<String> names = new ArrayList<>();
        List<Integer> priorities = new ArrayList<>();
        table.get("columnDefinitions").forEach(c -> {
            names.add(c.get("name").asText());
            priorities.add(c.get("priority").asInt());
        });
        assertThat(table.get("kind").asText()).isEqualTo("Table");
        assertThat(table.get("apiVersion").asText()).isEqualTo("meta.k8s.io/v1");
        assertThat(table.at("/metadata/resourceVersion").asText()).isEqualTo("7");
        assertThat(names).containsExactly("Name", "Ready", "Status", "Restarts", "Age", "IP", "Node", "Nominated Node",
                "Readiness Gates");
        assertThat(priorities).containsExactly(0, 0, 0, 0, 0, 1, 1, 1, 1);
        assertThat(table.at("/columnDefinitions/0/format").asText()).isEqualTo("name");
    }

    @Test
    void watchEventTablesOmitColumnDefinitions() {
        ObjectNode table = tables.table(ResourceTypes.PODS, List.of(pod(1).build()), null, Tables.Include.NONE, false);

        assertThat(table.has("columnDefinitions")).isFalse();
        assertThat(table.get("rows")).hasSize(1);
    }

    @Test
    void rowObjectIsTheFullObjectOrPartialMetadataOrAbsent() {
        Pod pod = pod(1).editMetadata().addToLabels("app", "web").endMetadata().build();

        JsonNode full = tables.table(ResourceTypes.PODS, List.of(pod), "1", Tables.Include.OBJECT, true).at("/rows/0/object");
        JsonNode partial = tables.table(ResourceTypes.PODS, List.of(pod), "1", Tables.Include.METADATA, true).at("/rows/0/object");
        JsonNode none = tables.table(ResourceTypes.PODS, List.of(pod), "1", Tables.Include.NONE, true).at("/rows/0");

        assertThat(full.at("/spec/containers/0/image").asText()).isEqualTo("busybox");
        assertThat(partial.get("kind").asText()).isEqualTo("PartialObjectMetadata");
        assertThat(partial.get("apiVersion").asText()).isEqualTo("meta.k8s.io/v1");
        assertThat(partial.at("/metadata/labels/app").asText()).isEqualTo("web");
        assertThat(partial.has("spec")).isFalse();
        assertThat(none.has("object")).isFalse();
    }

    @ParameterizedTest(name = "includeObject={0} -> {1}")
    @CsvSource(nullValues = "null", value = {"null, METADATA", "'', METADATA", "Metadata, METADATA", "None, NONE",
            "Object, OBJECT"})
    void includeObjectDefaultsToMetadata(String value, Tables.Include expected) {
        assertThat(Tables.includeObject(value)).isEqualTo(expected);
    }

    @Test
    void unknownIncludeObjectIsABadRequest() {
        assertThatThrownBy(() -> Tables.includeObject("All"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(400));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            // kubectl get's Accept
            "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json | true",
            "application/json;as=Table;v=v1beta1;g=meta.k8s.io | true",
            "application/json; as=Table; g=meta.k8s.io; v=v1 | true",
            "application/json | false",
            "application/json,application/json;as=Table;v=v1;g=meta.k8s.io | false",
            "application/json;as=Table;v=v2;g=meta.k8s.io | false",
            "application/json;as=APIGroupDiscoveryList;v=v2;g=apidiscovery.k8s.io,application/json | false",
            "null | false",
    })
    void tableIsServedWhenTheFirstAcceptedRangeAsksForIt(String accept, boolean expected) {
        assertThat(Tables.wantsTable(accept)).isEqualTo(expected);
    }

    @Test
    void ageOfAnObjectWithoutTimestampIsUnknown() {
        Pod pod = new PodBuilder(pod(1).build()).editMetadata().withCreationTimestamp(null).endMetadata().build();

        assertThat(podRow(pod).get(4)).isEqualTo("<unknown>");
    }

    @Test
    void deploymentRowShowsReadyOfDesiredUpToDateAvailableAndWideColumns() {
        HasMetadata d = new DeploymentBuilder().withNewMetadata().withName("web").withCreationTimestamp("2026-01-08T12:00:00Z")
                .endMetadata().withNewSpec().withReplicas(3).withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withNewTemplate().withNewSpec().addNewContainer().withName("web").withImage("nginx:1.25").endContainer()
                .addNewContainer().withName("log").withImage("busybox").endContainer().endSpec().endTemplate().endSpec()
                .withNewStatus().withReadyReplicas(2).withUpdatedReplicas(3).withAvailableReplicas(2).endStatus().build();

        JsonNode cells = tables.table(ResourceTypes.DEPLOYMENTS, List.of(d), "1", Tables.Include.NONE, true).at("/rows/0/cells");

        assertThat(cells.toString()).isEqualTo("[\"web\",\"2/3\",3,2,\"2d\",\"web,log\",\"nginx:1.25,busybox\",\"app=web\"]");
    }

    @Test
    void serviceRowShowsTypeClusterIpPortsAndSelector() {
        HasMetadata svc = new ServiceBuilder().withNewMetadata().withName("web").withCreationTimestamp(CREATED).endMetadata()
                .withNewSpec().withType("NodePort").withClusterIP("10.96.0.10")
                .addNewPort().withPort(80).withNodePort(30080).withProtocol("TCP").endPort()
                .addNewPort().withPort(53).withProtocol("UDP").endPort()
                .addToSelector("tier", "fe").addToSelector("app", "web").endSpec().build();

        JsonNode cells = tables.table(ResourceTypes.SERVICES, List.of(svc), "1", Tables.Include.NONE, true).at("/rows/0/cells");

        assertThat(cells.toString())
                .isEqualTo("[\"web\",\"NodePort\",\"10.96.0.10\",\"<none>\",\"80:30080/TCP,53/UDP\",\"5m\",\"app=web,tier=fe\"]");
    }
}
