package io.coxswain.nodeagent.pod;

import io.coxswain.nodeagent.probe.NetworkProber;
import io.coxswain.nodeagent.runtime.ContainerInfo;
import io.coxswain.nodeagent.runtime.ContainerSummary;
import io.coxswain.nodeagent.runtime.DockerContainerRuntime;
import io.coxswain.nodeagent.runtime.TestImages;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The pod workers against the real Docker engine, with an in-memory stand-in for the api-server.
 * Back-off is shortened (1 s doubling to 4 s) so that crash loops show within seconds.
 */
class PodWorkersIT {

    private static final String DOCKER_HOST = "unix:///var/run/docker.sock";
    private final String node = "it-workers-" + UUID.randomUUID().toString().substring(0, 8);
    private final InMemoryPodApi api = new InMemoryPodApi();
    private final RecordingEventRecorder events = new RecordingEventRecorder();
    private final HttpClient http = HttpClient.newHttpClient();
    private DockerContainerRuntime runtime;
    private PodWorkers workers;

    @BeforeAll
    static void images() {
        TestImages.ensureBuilt();
    }

    @BeforeEach
    void start() {
        runtime = new DockerContainerRuntime(DOCKER_HOST, node, TestImages.PAUSE, Duration.ofSeconds(30));
        workers = newWorkers();
        api.onChange(workers);
        workers.start();
    }

    private PodWorkers newWorkers() {
        return new PodWorkers(runtime, new NetworkProber(runtime), api, events, Clock.systemUTC(),
                new PodWorkerSettings(node, "127.0.0.1", Duration.ofSeconds(1), Duration.ofSeconds(4), 4,
                        Duration.ofMillis(500), Duration.ofSeconds(5), Duration.ofSeconds(1)),
                new SimpleMeterRegistry());
    }

    @AfterEach
    void stop() throws Exception {
        workers.close();
        for (ContainerSummary c : runtime.list()) {
            runtime.remove(c.id());
        }
        assertThat(runtime.list()).isEmpty();
        runtime.close();
    }

    private Pod pod(String name, UnaryOperator<PodBuilder> customize) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName(name).withNamespace("default")
                .withUid(UUID.randomUUID().toString()).endMetadata()
                .withNewSpec().withNodeName(node).withTerminationGracePeriodSeconds(5L).endSpec();
        return customize.apply(b).build();
    }

    private static PodBuilder web(PodBuilder b) {
        return b.editSpec().addNewContainer().withName("web").withImage(TestImages.TESTBOX).withImagePullPolicy("IfNotPresent")
                .addNewPort().withContainerPort(8080).endPort().endContainer().endSpec();
    }

    private Pod stored(String name) {
        return api.get("default/" + name);
    }

    private ContainerStatus status(String name, String container) {
        Pod p = stored(name);
        assertThat(p.getStatus()).isNotNull();
        return p.getStatus().getContainerStatuses().stream().filter(c -> c.getName().equals(container)).findFirst().orElseThrow();
    }

    private static String condition(Pod p, String type) {
        return p.getStatus().getConditions().stream().filter(c -> c.getType().equals(type)).map(PodCondition::getStatus)
                .findFirst().orElse(null);
    }

    @Test
    void podRunsAnswersOnItsHostPortAndReportsRunningReadyWithAddresses() {
        api.put(pod("web", PodWorkersIT::web));

        await().ignoreExceptions().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Pod p = stored("web");
            assertThat(p.getStatus().getPhase()).isEqualTo("Running");
            assertThat(condition(p, "Ready")).isEqualTo("True");
            assertThat(p.getStatus().getHostIP()).isEqualTo("127.0.0.1");
            assertThat(p.getStatus().getPodIP()).matches("\\d+\\.\\d+\\.\\d+\\.\\d+");
            assertThat(p.getStatus().getStartTime()).isNotNull();
            assertThat(p.getMetadata().getAnnotations()).containsKey(PodApi.HOST_PORTS_ANNOTATION);
        });
        String ports = stored("web").getMetadata().getAnnotations().get(PodApi.HOST_PORTS_ANNOTATION);
        int hostPort = Integer.parseInt(ports.replaceAll(".*\"web/8080/TCP\":(\\d+).*", "$1"));
        await().ignoreExceptions().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hostPort + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.body()).contains("coxswain testbox");
        });
        assertThat(events.reasons("web")).contains("Pulled", "Created", "Started");
    }

    @Test
    void crashingContainerIsRestartedWithGrowingBackOffAndCrashLoopBackOff() {
        api.put(pod("crash", b -> b.editSpec().addNewContainer().withName("c").withImage(TestImages.TESTBOX)
                .withCommand("sh", "-c", "echo boom; exit 3").endContainer().endSpec()));

        await().ignoreExceptions().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            ContainerStatus s = status("crash", "c");
            assertThat(s.getRestartCount()).isGreaterThanOrEqualTo(2);
            assertThat(s.getState().getWaiting()).isNotNull();
            assertThat(s.getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff");
            assertThat(s.getLastState().getTerminated().getExitCode()).isEqualTo(3);
        });
        assertThat(stored("crash").getStatus().getPhase()).isEqualTo("Running");
        assertThat(events.reasons("crash")).contains("BackOff");
        // growing back-off: the gaps between the starts of consecutive instances grow (1 s, 2 s, 4 s...)
        await().ignoreExceptions().atMost(Duration.ofSeconds(30)).until(() -> status("crash", "c").getRestartCount() >= 3);
        assertThat(events.events.stream().filter(e -> e.startsWith("crash BackOff")).count()).isGreaterThanOrEqualTo(2);
        ContainerStatus s = status("crash", "c");
        assertThat(s.getState().getWaiting() != null ? s.getState().getWaiting().getMessage() : "back-off").contains("back-off");
    }

    @Test
    void failingLivenessProbeRestartsTheContainer() {
        // healthy for a moment (index.html exists), then the probe target disappears
        api.put(pod("live", b -> b.editSpec().addNewContainer().withName("c").withImage(TestImages.TESTBOX)
                .withCommand("sh", "-c", "mkdir -p /tmp/www && echo ok > /tmp/www/healthz; (sleep 2; rm /tmp/www/healthz) & exec httpd -f -p 8080 -h /tmp/www")
                .withNewLivenessProbe().withNewHttpGet().withPath("/healthz").withNewPort(8080).endHttpGet()
                .withPeriodSeconds(1).withFailureThreshold(2).withTimeoutSeconds(1).endLivenessProbe()
                .endContainer().endSpec()));

        await().ignoreExceptions().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            ContainerStatus s = status("live", "c");
            assertThat(s.getRestartCount()).isGreaterThanOrEqualTo(1);
        });
        assertThat(events.reasons("live")).contains("Unhealthy", "Killing");
        assertThat(events.events).anyMatch(e -> e.contains("Liveness probe failed") && e.contains("404"));
    }

    @Test
    void failingReadinessProbeKeepsThePodNotReady() {
        api.put(pod("unready", b -> b.editSpec().addNewContainer().withName("c").withImage(TestImages.TESTBOX)
                .addNewPort().withName("http").withContainerPort(8080).endPort()
                .withNewReadinessProbe().withNewHttpGet().withPath("/missing").withNewPort("http").endHttpGet()
                .withPeriodSeconds(1).endReadinessProbe()
                .endContainer()
                .addNewContainer().withName("ok").withImage(TestImages.TESTBOX).withCommand("sleep", "300")
                .withNewReadinessProbe().withNewExec().withCommand("true").endExec().withPeriodSeconds(1).endReadinessProbe()
                .endContainer().endSpec()));

        await().ignoreExceptions().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(status("unready", "ok").getReady()).isTrue();
            assertThat(status("unready", "c").getState().getRunning()).isNotNull();
            assertThat(events.events).anyMatch(e -> e.startsWith("unready Unhealthy Readiness probe failed"));
        });
        Pod p = stored("unready");
        assertThat(p.getStatus().getPhase()).isEqualTo("Running");
        assertThat(status("unready", "c").getReady()).isFalse();
        assertThat(condition(p, "Ready")).isEqualTo("False");
        assertThat(condition(p, "ContainersReady")).isEqualTo("False");
    }

    @Test
    void deletedPodIsStoppedWithinItsGracePeriodAndConfirmed() {
        api.put(pod("doomed", b -> b.editSpec().addNewContainer().withName("c").withImage(TestImages.TESTBOX)
                .withCommand("sh", "-c", "trap '' TERM; while true; do sleep 1; done").endContainer().endSpec()));
        await().ignoreExceptions().atMost(Duration.ofSeconds(20)).until(() -> stored("doomed").getStatus() != null
                && "Running".equals(stored("doomed").getStatus().getPhase()));

        Instant t0 = Instant.now();
        api.markDeleted("default/doomed", 2);
        await().ignoreExceptions().atMost(Duration.ofSeconds(10)).until(() -> api.confirmedDeletions.contains("default/doomed"));
        Duration took = Duration.between(t0, Instant.now());
        // the container ignores SIGTERM: it is killed when the grace period ends (deletionTimestamp, whole seconds), not much later
        assertThat(took).isBetween(Duration.ofMillis(900), Duration.ofSeconds(6));
        assertThat(events.events).anyMatch(e -> e.equals("doomed Killing Stopping container c"));
        assertThat(runtime.listPod("default", "doomed")).isEmpty();
        assertThat(events.reasons("doomed")).contains("Killing");
    }

    @Test
    void restartedAgentAdoptsRunningContainersWithTheSameIds() {
        api.put(pod("stay", PodWorkersIT::web));
        await().ignoreExceptions().atMost(Duration.ofSeconds(20)).until(() -> stored("stay").getStatus() != null
                && "True".equals(condition(stored("stay"), "Ready")));
        List<String> before = runtime.listPod("default", "stay").stream().map(ContainerInfo::id).sorted().toList();

        workers.close();
        workers = newWorkers();
        api.onChange(workers);
        workers.start();

        // the new agent syncs the pod (relist + initial enqueue) and leaves it as it is
        await().ignoreExceptions().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(runtime.listPod("default", "stay").stream().map(ContainerInfo::id).sorted().toList()).isEqualTo(before);
            assertThat(runtime.listPod("default", "stay")).allMatch(ContainerInfo::running);
        });
        assertThat(status("stay", "web").getRestartCount()).isZero();
        assertThat(condition(stored("stay"), "Ready")).isEqualTo("True");
    }

    @Test
    void missingImageGivesErrImagePullThenImagePullBackOff() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        String image = "127.0.0.1:" + closedPort + "/coxswain/missing:1";
        api.put(pod("nopull", b -> b.editSpec().addNewContainer().withName("c").withImage(image).endContainer().endSpec()));

        await().ignoreExceptions().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            ContainerStatus s = status("nopull", "c");
            assertThat(s.getState().getWaiting().getReason()).isEqualTo("ErrImagePull");
            assertThat(s.getState().getWaiting().getMessage()).contains("127.0.0.1:" + closedPort);
        });
        await().ignoreExceptions().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(status("nopull", "c").getState().getWaiting().getReason()).isEqualTo("ImagePullBackOff"));
        assertThat(stored("nopull").getStatus().getPhase()).isEqualTo("Pending");
        assertThat(events.reasons("nopull")).contains("Pulling", "Failed", "BackOff");
    }

    @Test
    void containersOfAPodNoLongerBoundHereAreRemoved() {
        api.put(pod("gone", PodWorkersIT::web));
        await().ignoreExceptions().atMost(Duration.ofSeconds(20)).until(() -> runtime.listPod("default", "gone").stream().filter(ContainerInfo::running).count() == 2);

        api.remove("default/gone");
        await().ignoreExceptions().atMost(Duration.ofSeconds(15)).until(() -> runtime.listPod("default", "gone").isEmpty());
    }

    @Test
    void neverRestartPolicyLeavesAFailedPod() {
        api.put(pod("once", b -> b.editSpec().withRestartPolicy("Never").addNewContainer().withName("c").withImage(TestImages.TESTBOX)
                .withCommand("sh", "-c", "exit 2").endContainer().endSpec()));
        await().ignoreExceptions().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(stored("once").getStatus().getPhase()).isEqualTo("Failed");
            assertThat(status("once", "c").getState().getTerminated().getExitCode()).isEqualTo(2);
            assertThat(status("once", "c").getRestartCount()).isZero();
        });
    }
}
