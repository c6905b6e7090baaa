package io.coxswain.nodeagent.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Against the real Docker engine with the locally built testbox image. Every test removes what it started. */
class DockerContainerRuntimeIT {

    private static final String DOCKER_HOST = "unix:///var/run/docker.sock";
    private final String node = "it-runtime-" + UUID.randomUUID().toString().substring(0, 8);
    private DockerContainerRuntime runtime;
    private DockerClient docker;

    @BeforeAll
    static void images() {
        TestImages.ensureBuilt();
    }

    @BeforeEach
    void setUp() {
        runtime = new DockerContainerRuntime(DOCKER_HOST, node, TestImages.PAUSE, Duration.ofSeconds(30));
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(DOCKER_HOST).build();
        docker = DockerClientImpl.getInstance(config,
                new ZerodepDockerHttpClient.Builder().dockerHost(URI.create(DOCKER_HOST)).build());
    }

    @AfterEach
    void removeEverything() throws IOException {
        for (ContainerSummary c : runtime.list()) {
            runtime.remove(c.id());
        }
        assertThat(runtime.list()).isEmpty();
        runtime.close();
        docker.close();
    }

    private static PodRef pod(String name) {
        return new PodRef(UUID.randomUUID().toString(), "default", name);
    }

    private ContainerInfo sandbox(PodRef pod, PortMapping... ports) {
        return runtime.runSandbox(new SandboxSpec(pod, 0, pod.name(), List.of(ports), "127.0.0.1"));
    }

    private ContainerInfo container(PodRef pod, ContainerInfo sandbox, String name, List<String> args, Resources resources) {
        return runtime.runContainer(new ContainerSpec(pod, name, 0, sandbox.id(), TestImages.TESTBOX, List.of(), args,
                Map.of("GREETING", "hello"), null, resources));
    }

    @Test
    void containerServesHttpOnPortPublishedOnNodeAddress() throws Exception {
        PodRef pod = pod("web");
        ContainerInfo sb = sandbox(pod, new PortMapping(8080, 0, "TCP"));
        ContainerInfo web = container(pod, sb, "web", null, Resources.NONE);

        assertThat(web.running()).isTrue();
        assertThat(sb.ip()).isNotBlank();
        assertThat(sb.ports()).singleElement().satisfies(p -> {
            assertThat(p.containerPort()).isEqualTo(8080);
            assertThat(p.hostIp()).isEqualTo("127.0.0.1");
            assertThat(p.hostPort()).isPositive();
        });
        int hostPort = sb.ports().get(0).hostPort();
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hostPort + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("coxswain testbox");
        });

        // found again by its labels, as after an agent restart
        assertThat(runtime.listPod("default", "web")).extracting(ContainerInfo::id).containsExactlyInAnyOrder(sb.id(), web.id());
        assertThat(runtime.list()).filteredOn(c -> c.pod().equals(pod))
                .extracting(ContainerSummary::id, ContainerSummary::sandbox, ContainerSummary::state)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(sb.id(), true, ContainerInfo.State.RUNNING),
                        org.assertj.core.groups.Tuple.tuple(web.id(), false, ContainerInfo.State.RUNNING));
        ContainerInfo found = runtime.inspect(web.id()).orElseThrow();
        assertThat(found.pod()).isEqualTo(pod);
        assertThat(found.name()).isEqualTo("web");
        assertThat(found.sandbox()).isFalse();
        assertThat(found.startedAt()).isNotNull();
    }

    @Test
    void requestedHostPortIsUsed() throws Exception {
        int free;
        try (ServerSocket s = new ServerSocket(0)) {
            free = s.getLocalPort();
        }
        PodRef pod = pod("fixed");
        ContainerInfo sb = sandbox(pod, new PortMapping(8080, free, "TCP"));
        assertThat(sb.ports()).extracting(PublishedPort::hostPort).containsExactly(free);
    }

    @Test
    void limitsAndRequestsAreVisibleInDockerInspect() {
        PodRef pod = pod("limited");
        ContainerInfo sb = sandbox(pod);
        ContainerInfo c = container(pod, sb, "app", null,
                new Resources(250L, 500L, 32L * 1024 * 1024, 64L * 1024 * 1024));

        HostConfig host = docker.inspectContainerCmd(c.id()).exec().getHostConfig();
        assertThat(host.getNanoCPUs()).isEqualTo(500_000_000L);
        assertThat(host.getCpuShares()).isEqualTo(256);
        assertThat(host.getMemory()).isEqualTo(64L * 1024 * 1024);
        assertThat(host.getMemoryReservation()).isEqualTo(32L * 1024 * 1024);
        assertThat(host.getInit()).isTrue();
        assertThat(host.getNetworkMode()).isEqualTo("container:" + sb.id());
    }

    @Test
    void logsHonourTailAndFollow() throws Exception {
        PodRef pod = pod("talker");
        ContainerInfo sb = sandbox(pod);
        ContainerInfo c = container(pod, sb, "talker", List.of("sh", "-c",
                "for i in 1 2 3 4 5; do echo line$i; done; echo $GREETING; while [ ! -e /tmp/go ]; do sleep 0.1; done; echo late; sleep 300"),
                Resources.NONE);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(logs(c.id(), new LogOptions(false, 2, false))).isEqualTo("line5\nhello\n"));
        assertThat(logs(c.id(), new LogOptions(false, null, false))).startsWith("line1\nline2\n");
        assertThat(logs(c.id(), new LogOptions(false, 1, true))).matches("\\d{4}-\\d\\d-\\d\\dT\\S+ hello\\n");

        ByteArrayOutputStream followed = new ByteArrayOutputStream();
        CompletableFuture<Void> follow = CompletableFuture.runAsync(() -> {
            try {
                runtime.logs(c.id(), new LogOptions(true, 1, false), synchronizedSink(followed));
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> text(followed).equals("hello\n"));
        assertThat(follow).isNotDone();
        runtime.exec(c.id(), List.of("touch", "/tmp/go"), Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(10)).until(() -> text(followed).equals("hello\nlate\n"));

        runtime.stop(c.id(), Duration.ofSeconds(5));
        follow.get(10, java.util.concurrent.TimeUnit.SECONDS); // the stream ends with the container
    }

    @Test
    void stopEndsContainerAtOnceWhenItHonoursSigtermAndKillsItAfterTheGracePeriodOtherwise() {
        PodRef pod = pod("stopper");
        ContainerInfo sb = sandbox(pod);
        ContainerInfo polite = container(pod, sb, "polite", List.of("sleep", "300"), Resources.NONE);
        ContainerInfo stubborn = container(pod, sb, "stubborn", List.of("sh", "-c", "trap '' TERM; while true; do sleep 1; done"),
                Resources.NONE);

        long t0 = System.nanoTime();
        runtime.stop(polite.id(), Duration.ofSeconds(10));
        Duration politeTook = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(politeTook).isLessThan(Duration.ofSeconds(3));
        ContainerInfo stopped = runtime.inspect(polite.id()).orElseThrow();
        assertThat(stopped.state()).isEqualTo(ContainerInfo.State.EXITED);
        assertThat(stopped.finishedAt()).isNotNull();

        t0 = System.nanoTime();
        runtime.stop(stubborn.id(), Duration.ofSeconds(2));
        Duration stubbornTook = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(stubbornTook).isBetween(Duration.ofMillis(1900), Duration.ofSeconds(6));
        ContainerInfo killed = runtime.inspect(stubborn.id()).orElseThrow();
        assertThat(killed.state()).isEqualTo(ContainerInfo.State.EXITED);
        assertThat(killed.exitCode()).isEqualTo(137);
        assertThat(killed.reason()).isEqualTo("Error");

        runtime.stop(polite.id(), Duration.ofSeconds(1)); // idempotent
    }

    @Test
    void exitedContainerReportsExitCodeAndReason() {
        PodRef pod = pod("exits");
        ContainerInfo sb = sandbox(pod);
        ContainerInfo ok = container(pod, sb, "ok", List.of("true"), Resources.NONE);
        ContainerInfo bad = container(pod, sb, "bad", List.of("sh", "-c", "exit 3"), Resources.NONE);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(runtime.inspect(ok.id()).orElseThrow()).satisfies(c -> {
                assertThat(c.state()).isEqualTo(ContainerInfo.State.EXITED);
                assertThat(c.exitCode()).isZero();
                assertThat(c.reason()).isEqualTo("Completed");
            });
            assertThat(runtime.inspect(bad.id()).orElseThrow()).satisfies(c -> {
                assertThat(c.exitCode()).isEqualTo(3);
                assertThat(c.reason()).isEqualTo("Error");
            });
        });
    }

    @Test
    void missingImageGivesPullErrorWithTheEnginesMessage() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        // a registry on loopback where nothing listens: the engine's pull fails without leaving the machine
        String image = "127.0.0.1:" + closedPort + "/coxswain/missing:1";
        assertThat(runtime.imagePresent(image)).isFalse();
        assertThatThrownBy(() -> runtime.ensureImage(image))
                .isInstanceOf(ImagePullException.class)
                .hasMessageContaining("127.0.0.1:" + closedPort);
    }

    @Test
    void containersOfOnePodReachEachOtherOnLocalhost() {
        PodRef pod = pod("pair");
        ContainerInfo sb = sandbox(pod);
        container(pod, sb, "server", null, Resources.NONE);
        ContainerInfo client = container(pod, sb, "client", List.of("sleep", "300"), Resources.NONE);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            ExecResult r = runtime.exec(client.id(), List.of("wget", "-q", "-O", "-", "http://127.0.0.1:8080/"), Duration.ofSeconds(5));
            assertThat(r.exitCode()).isZero();
            assertThat(r.output()).contains("coxswain testbox");
        });
    }

    @Test
    void execReportsExitCodeOutputAndTimeout() {
        PodRef pod = pod("exec");
        ContainerInfo sb = sandbox(pod);
        ContainerInfo c = container(pod, sb, "c", List.of("sleep", "300"), Resources.NONE);

        ExecResult fails = runtime.exec(c.id(), List.of("sh", "-c", "echo out; echo err >&2; exit 4"), Duration.ofSeconds(5));
        assertThat(fails.exitCode()).isEqualTo(4);
        assertThat(fails.output()).contains("out").contains("err");
        ExecResult slow = runtime.exec(c.id(), List.of("sleep", "5"), Duration.ofMillis(300));
        assertThat(slow.timedOut()).isTrue();
    }

    private String logs(String id, LogOptions options) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        runtime.logs(id, options, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static java.io.OutputStream synchronizedSink(ByteArrayOutputStream target) {
        return new java.io.OutputStream() {
            @Override
            public void write(int b) {
                synchronized (target) {
                    target.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (target) {
                    target.write(b, off, len);
                }
            }
        };
    }

    private static String text(ByteArrayOutputStream out) {
        synchronized (out) {
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
