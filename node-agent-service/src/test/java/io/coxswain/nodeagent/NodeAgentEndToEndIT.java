package io.coxswain.nodeagent;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import io.coxswain.apiserver.testing.ApiServerFixture;
import io.coxswain.nodeagent.pod.PodApi;
import io.coxswain.nodeagent.runtime.ContainerSummary;
import io.coxswain.nodeagent.runtime.DockerContainerRuntime;
import io.coxswain.nodeagent.runtime.TestImages;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole node agent (Spring application) against the real api-server on a real etcd, running pods on the real
 * Docker engine with the locally built testbox image; heartbeats and events go to the local RabbitMQ.
 * Back-off is shortened (1 s doubling to 4 s). Every test deletes its pods; the class removes every container
 * its node ever had.
 */
class NodeAgentEndToEndIT {

    private static final String DOCKER_HOST = "unix:///var/run/docker.sock";
    private static final String NODE = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
    private static ApiServerFixture apiServer;
    private static ConfigurableApplicationContext agent;
    private static KubernetesClient client;
    private static DockerContainerRuntime runtime;
    private static DockerClient docker;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startCluster() {
        TestImages.ensureBuilt();
        apiServer = ApiServerFixture.start();
        client = apiServer.client();
        agent = startAgent();
        runtime = new DockerContainerRuntime(DOCKER_HOST, NODE, TestImages.PAUSE, Duration.ofSeconds(30));
        docker = DockerClientImpl.getInstance(DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(DOCKER_HOST).build(),
                new ZerodepDockerHttpClient.Builder().dockerHost(URI.create(DOCKER_HOST)).build());
    }

    private static ConfigurableApplicationContext startAgent() {
        return NodeAgentApplication.builder().run(
                "--server.port=0",
                "--spring.main.banner-mode=off",
                "--coxswain.api-server.url=" + apiServer.url(),
                "--coxswain.node.name=" + NODE,
                "--coxswain.node.address=127.0.0.1",
                "--coxswain.node.heartbeat-interval=1s",
                "--coxswain.pods.back-off-initial=1s",
                "--coxswain.pods.back-off-max=4s",
                "--coxswain.pods.relist-period=500ms");
    }

    @AfterEach
    void deletePods() {
        client.pods().inNamespace("default").delete();
        await().atMost(Duration.ofSeconds(30)).until(() -> client.pods().inNamespace("default").list().getItems().isEmpty());
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (agent != null) {
            agent.close();
        }
        if (runtime != null) {
            for (ContainerSummary c : runtime.list()) {
                runtime.remove(c.id());
            }
            assertThat(runtime.list()).isEmpty();
            runtime.close();
        }
        if (docker != null) {
            docker.close();
        }
        if (apiServer != null) {
            apiServer.close();
        }
    }

    private static Pod create(String name, UnaryOperator<PodBuilder> customize) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewSpec().withNodeName(NODE).withTerminationGracePeriodSeconds(5L).endSpec();
        return client.pods().inNamespace("default").resource(customize.apply(b).build()).create();
    }

    private static PodBuilder web(PodBuilder b) {
        return b.editSpec().addNewContainer().withName("web").withImage(TestImages.TESTBOX).withImagePullPolicy("IfNotPresent")
                .addNewPort().withContainerPort(8080).endPort().endContainer().endSpec();
    }

    private static Pod get(String name) {
        return client.pods().inNamespace("default").withName(name).get();
    }

    private static ContainerStatus status(String pod, String container) {
        return get(pod).getStatus().getContainerStatuses().stream().filter(c -> c.getName().equals(container)).findFirst().orElseThrow();
    }

    private static String condition(Pod p, String type) {
        return p.getStatus().getConditions().stream().filter(c -> c.getType().equals(type)).map(PodCondition::getStatus)
                .findFirst().orElse(null);
    }

    private static int hostPort(String pod, String key) {
        String ports = get(pod).getMetadata().getAnnotations().get(PodApi.HOST_PORTS_ANNOTATION);
        return Integer.parseInt(ports.replaceAll(".*\"" + key + "\":(\\d+).*", "$1"));
    }

    private static String dockerId(ContainerStatus s) {
        return s.getContainerID().substring("docker://".length());
    }

    @Test
    void nodeIsRegisteredWithCapacityLabelsRuntimeVersionAndReady() {
        await().ignoreExceptions().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Node node = client.nodes().withName(NODE).get();
            assertThat(node.getMetadata().getLabels()).containsEntry("kubernetes.io/hostname", NODE)
                    .containsEntry("kubernetes.io/os", "linux").containsEntry("kubernetes.io/arch", "amd64");
            assertThat(node.getStatus().getCapacity()).containsKeys("cpu", "memory", "pods");
            assertThat(node.getStatus().getAllocatable().get("pods")).isEqualTo(new Quantity("110"));
            assertThat(node.getStatus().getNodeInfo().getContainerRuntimeVersion()).startsWith("docker://");
            assertThat(node.getStatus().getAddresses()).anyMatch(a -> a.getType().equals("InternalIP") && a.getAddress().equals("127.0.0.1"));
            assertThat(node.getStatus().getDaemonEndpoints().getKubeletEndpoint().getPort()).isPositive();
            assertThat(node.getStatus().getConditions()).filteredOn(c -> c.getType().equals("Ready"))
                    .extracting(NodeCondition::getStatus).containsExactly("True");
        });
    }

    @Test
    void podRunsAnswersOnItsHostPortAndIsRunningReadyWithIps() {
        create("web", NodeAgentEndToEndIT::web);

        await().ignoreExceptions().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Pod p = get("web");
            assertThat(p.getStatus().getPhase()).isEqualTo("Running");
            assertThat(condition(p, "Ready")).isEqualTo("True");
            assertThat(p.getStatus().getHostIP()).isEqualTo("127.0.0.1");
            assertThat(p.getStatus().getPodIP()).matches("\\d+\\.\\d+\\.\\d+\\.\\d+");
            assertThat(p.getMetadata().getAnnotations()).containsKey(PodApi.HOST_PORTS_ANNOTATION);
        });
        int port = hostPort("web", "web/8080/TCP");
        await().ignoreExceptions().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("coxswain testbox");
        });
    }

    @Test
    void eventsTravelOverTheBrokerAndBecomeCoreV1Events() {
        create("noisy", NodeAgentEndToEndIT::web);
        await().ignoreExceptions().atMost(Duration.ofSeconds(30)).until(() -> "True".equals(condition(get("noisy"), "Ready")));
        await().ignoreExceptions().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(client.v1().events().inNamespace("default").list().getItems())
                        .filteredOn(e -> "noisy".equals(e.getInvolvedObject().getName()))
                        .extracting(e -> e.getReason()).contains("Pulled", "Created", "Started"));
    }

    @Test
    void crashingContainerGoesIntoCrashLoopBackOffWithGrowingRestartCount() {
        create("crash", b -> b.editSpec().addNewContainer().withName("c").withImage(TestImages.TESTBOX)
                .withCommand("sh", "-c", "echo boom; exit 3").endContainer().endSpec());

        await().ignoreExceptions().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
            ContainerStatus s = status("crash", "c");
            assertThat(s.getRestartCount()).isGreaterThanOrEqualTo(2);
            assertThat(s.getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff");
            assertThat(s.getLastState().getTerminated().getExitCode()).isEqualTo(3);
        });
    }

    @Test
    void failingLivenessProbeRestartsTheContainer() {
        create("live", b -> b.editSpec().addNewContainer().withName("c").withImage(TestImages.TESTBOX)
                .withCommand("sh", "-c", "mkdir -p /tmp/www && echo ok > /tmp/www/healthz; (sleep 2; rm /tmp/www/healthz) & exec httpd -f -p 8080 -h /tmp/www")
                .withNewLivenessProbe().withNewHttpGet().withPath("/healthz").withNewPort(8080).endHttpGet()
                .withPeriodSeconds(1).withFailureThreshold(2).endLivenessProbe().endContainer().endSpec());

        await().ignoreExceptions().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
            ContainerStatus s = status("live", "c");
            assertThat(s.getRestartCount()).isGreaterThanOrEqualTo(1);
            assertThat(s.getLastState().getTerminated()).isNotNull();
        });
    }

    @Test
    void failingReadinessProbeMakesThePodNotReady() {
        create("unready", b -> b.editSpec().addNewContainer().withName("c").withImage(TestImages.TESTBOX)
                .withNewReadinessProbe().withNewTcpSocket().withNewPort(9999).endTcpSocket().withPeriodSeconds(1).endReadinessProbe()
                .endContainer().endSpec());

        await().ignoreExceptions().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Pod p = get("unready");
            assertThat(p.getStatus().getPhase()).isEqualTo("Running");
            assertThat(status("unready", "c").getState().getRunning()).isNotNull();
        });
        // the probe has failed more than once by now; the pod stays not Ready
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> "False".equals(condition(get("unready"), "Ready")));
        Pod p = get("unready");
        assertThat(condition(p, "Ready")).isEqualTo("False");
        assertThat(status("unready", "c").getReady()).isFalse();
    }

    @Test
    void deletedPodIsStoppedWithinItsGracePeriodAndRemoved() {
        create("doomed", b -> b.editSpec().addNewContainer().withName("c").withImage(TestImages.TESTBOX)
                .withCommand("sh", "-c", "trap '' TERM; while true; do sleep 1; done").endContainer().endSpec());
        await().ignoreExceptions().atMost(Duration.ofSeconds(30)).until(() -> "Running".equals(get("doomed").getStatus().getPhase()));
        String id = dockerId(status("doomed", "c"));

        Instant t0 = Instant.now();
        client.pods().inNamespace("default").withName("doomed").withGracePeriod(3).delete();
        // the container ignores SIGTERM: it is killed when its 3 s grace period ends
        await().atMost(Duration.ofSeconds(15)).until(() -> runtime.inspect(id).map(c -> !c.running()).orElse(true));
        Duration took = Duration.between(t0, Instant.now());
        assertThat(took).isLessThan(Duration.ofSeconds(7));
        await().atMost(Duration.ofSeconds(15)).until(() -> get("doomed") == null && runtime.inspect(id).isEmpty());
    }

    @Test
    void restartedAgentAdoptsRunningContainersWithTheSameIds() {
        create("stay", NodeAgentEndToEndIT::web);
        await().ignoreExceptions().atMost(Duration.ofSeconds(30)).until(() -> "True".equals(condition(get("stay"), "Ready")));
        String before = dockerId(status("stay", "web"));

        agent.close();
        agent = startAgent();

        await().ignoreExceptions().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            ContainerStatus s = status("stay", "web");
            assertThat(dockerId(s)).isEqualTo(before);
            assertThat(s.getRestartCount()).isZero();
            assertThat(s.getState().getRunning()).isNotNull();
        });
        assertThat(runtime.inspect(before).orElseThrow().running()).isTrue();
    }

    @Test
    void missingImageGivesErrImagePullThenImagePullBackOff() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        String image = "127.0.0.1:" + closedPort + "/coxswain/missing:1";
        create("nopull", b -> b.editSpec().addNewContainer().withName("c").withImage(image).endContainer().endSpec());

        await().ignoreExceptions().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(status("nopull", "c").getState().getWaiting().getReason()).isEqualTo("ErrImagePull"));
        await().ignoreExceptions().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(status("nopull", "c").getState().getWaiting().getReason()).isEqualTo("ImagePullBackOff"));
        assertThat(status("nopull", "c").getState().getWaiting().getMessage()).contains("127.0.0.1:" + closedPort);
        assertThat(get("nopull").getStatus().getPhase()).isEqualTo("Pending");
    }

    @Test
    void memoryAndCpuLimitsAreVisibleInDockerInspect() {
        create("limited", b -> b.editSpec().addNewContainer().withName("c").withImage(TestImages.TESTBOX)
                .withNewResources().addToLimits("cpu", new Quantity("500m")).addToLimits("memory", new Quantity("64Mi"))
                .addToRequests("cpu", new Quantity("250m")).addToRequests("memory", new Quantity("32Mi")).endResources()
                .endContainer().endSpec());
        await().ignoreExceptions().atMost(Duration.ofSeconds(30)).until(() -> status("limited", "c").getState().getRunning() != null);

        HostConfig host = docker.inspectContainerCmd(dockerId(status("limited", "c"))).exec().getHostConfig();
        assertThat(host.getNanoCPUs()).isEqualTo(500_000_000L);
        assertThat(host.getMemory()).isEqualTo(64L * 1024 * 1024);
        assertThat(host.getMemoryReservation()).isEqualTo(32L * 1024 * 1024);
        assertThat(host.getCpuShares()).isEqualTo(256);
    }

    @Test
    void logsWithTailComeThroughTheApiServer() throws Exception {
        create("talker", b -> b.editSpec().addNewContainer().withName("c").withImage(TestImages.TESTBOX)
                .withCommand("sh", "-c", "echo one; echo two; echo three; while [ ! -e /tmp/go ]; do sleep 0.2; done; echo four; sleep 300")
                .endContainer().endSpec());
        await().ignoreExceptions().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(client.pods().inNamespace("default").withName("talker").getLog()).isEqualTo("one\ntwo\nthree\n"));
        assertThat(client.pods().inNamespace("default").withName("talker").tailingLines(1).getLog()).isEqualTo("three\n");

    }

    @Test
    void followedLogsComeThroughTheApiServer() throws Exception {
        create("follower", b -> b.editSpec().addNewContainer().withName("c").withImage(TestImages.TESTBOX)
                .withCommand("sh", "-c", "echo one; while [ ! -e /tmp/go ]; do sleep 0.2; done; echo two; sleep 300")
                .endContainer().endSpec());
        await().ignoreExceptions().atMost(Duration.ofSeconds(30)).until(() -> status("follower", "c").getState().getRunning() != null);
        ByteArrayOutputStream followed = new ByteArrayOutputStream();
        try (LogWatch watch = client.pods().inNamespace("default").withName("follower").watchLog(followed)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> text(followed).contains("one\n"));
            runtime.exec(dockerId(status("follower", "c")), List.of("touch", "/tmp/go"), Duration.ofSeconds(5));
            await().atMost(Duration.ofSeconds(10)).until(() -> text(followed).contains("two\n"));
        }
    }

    private static String text(ByteArrayOutputStream out) {
        synchronized (out) {
            return out.toString(StandardCharsets.UTF_8);
        }
    }

}
