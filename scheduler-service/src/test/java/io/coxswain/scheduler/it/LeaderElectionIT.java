package io.coxswain.scheduler.it;

import static io.coxswain.scheduler.it.TestCluster.createNode;
import static io.coxswain.scheduler.it.TestCluster.node;
import static io.coxswain.scheduler.it.TestCluster.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coxswain.scheduler.SchedulerApplication;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two scheduler processes on one api-server: only the lease holder binds; when it is killed (SIGKILL, so it cannot
 * release the lease) the standby takes the lease and binds within the lease duration plus one retry period.
 */
class LeaderElectionIT {

    private static final Duration LEASE = Duration.ofSeconds(4);
    private static final Duration RENEW_DEADLINE = Duration.ofSeconds(3);
    private static final Duration RETRY = Duration.ofSeconds(1);

    private static TestCluster cluster;
    private static KubernetesClient client;
    private static final List<Process> processes = new ArrayList<>();
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startCluster() {
        cluster = TestCluster.start();
        client = cluster.client();
    }

    @AfterAll
    static void stopAll() {
        processes.forEach(Process::destroyForcibly);
        for (Process process : processes) {
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Starts a scheduler JVM with this test's classpath; returns its management port. */
    private static int startSchedulerProcess(String identity) throws IOException {
        int port = TestCluster.freePort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = Path.of("target", "scheduler-" + identity + ".log");
        Files.createDirectories(log.getParent());
        List<String> command = List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                SchedulerApplication.class.getName(),
                "--" + SchedulerApplication.CONFIG_NAME,
                "--server.port=" + port,
                "--coxswain.api-server.url=" + cluster.url(),
                "--coxswain.scheduler.lease.identity=" + identity,
                "--coxswain.scheduler.lease.duration=" + LEASE.toSeconds() + "s",
                "--coxswain.scheduler.lease.renew-deadline=" + RENEW_DEADLINE.toSeconds() + "s",
                "--coxswain.scheduler.lease.retry-period=" + RETRY.toSeconds() + "s",
                "--spring.main.banner-mode=off");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(new File(log.toString())).start();
        processes.add(process);
        return port;
    }

    private static boolean ready(int port) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness")).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String holder() {
        Lease lease = client.leases().inNamespace("kube-system").withName("coxswain-scheduler").get();
        return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
    }

    private static String nodeOf(String pod) {
        Pod current = client.pods().inNamespace("default").withName(pod).get();
        return current == null ? null : current.getSpec().getNodeName();
    }

    @Test
    void standbyTakesOverWithinTheLeaseDurationWhenTheLeaderIsKilled() throws Exception {
        createNode(client, node("n1", "8", "16Gi", Map.of()));
        int portA = startSchedulerProcess("sched-a");
        await().atMost(Duration.ofSeconds(60)).until(() -> ready(portA));
        await().atMost(Duration.ofSeconds(20)).until(() -> "sched-a".equals(holder()));
        int portB = startSchedulerProcess("sched-b");
        await().atMost(Duration.ofSeconds(60)).until(() -> ready(portB));
        assertThat(holder()).isEqualTo("sched-a");

        client.pods().inNamespace("default").resource(pod("before", "100m", "64Mi").build()).create();
        await().atMost(Duration.ofSeconds(20)).until(() -> "n1".equals(nodeOf("before")));

        processes.get(0).destroyForcibly().waitFor();
        long killedAt = System.nanoTime();
        client.pods().inNamespace("default").resource(pod("after", "100m", "64Mi").build()).create();
        Duration bound = Duration.ZERO;
        await().atMost(Duration.ofSeconds(30)).until(() -> "n1".equals(nodeOf("after")));
        bound = Duration.ofNanos(System.nanoTime() - killedAt);
        assertThat(holder()).isEqualTo("sched-b");
        System.out.printf("leader killed -> standby bound a new pod after %d ms (lease %d s, retry %d s)%n",
                bound.toMillis(), LEASE.toSeconds(), RETRY.toSeconds());
        // The standby may acquire only once the lease has expired: at most one retry period after that.
        assertThat(bound).isLessThanOrEqualTo(LEASE.plus(RETRY).plus(Duration.ofMillis(1500)));
    }
}
