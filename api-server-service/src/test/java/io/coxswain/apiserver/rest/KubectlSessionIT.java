package io.coxswain.apiserver.rest;

import io.coxswain.apiserver.testing.ApiServerFixture;
import io.coxswain.apiserver.testing.Kubectl;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A first kubectl session (kubectl 1.32) against the real api-server and etcd, as the README shows it. */
class KubectlSessionIT {

    private static final String POD = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: web
              labels:
                app: web
            spec:
              containers:
              - name: web
                image: coxswain/testbox:latest
                ports:
                - containerPort: 8080
            """;

    static ApiServerFixture server;
    static Kubectl kubectl;
    static KubernetesClient client;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        server = ApiServerFixture.start();
        kubectl = new Kubectl(server.writeKubeconfig(dir), dir.resolve("cache"));
        client = server.client();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aFirstSessionWorks(@TempDir Path dir) throws Exception {
        Kubectl.Result ns = kubectl.run("get", "ns").assertOk();
        assertThat(ns.stdout()).contains("NAME", "STATUS", "AGE").containsPattern("default\\s+Active");

        Path manifest = dir.resolve("pod.yaml");
        Files.writeString(manifest, POD);
        assertThat(kubectl.run("create", "-f", manifest.toString()).assertOk().stdout()).contains("pod/web created");
        Pod stored = client.pods().withName("web").get();
        assertThat(stored.getSpec().getContainers().get(0).getImage()).isEqualTo("coxswain/testbox:latest");
        assertThat(stored.getStatus().getPhase()).isEqualTo("Pending");

        String yaml = kubectl.run("get", "pod", "web", "-o", "yaml").assertOk().stdout();
        assertThat(yaml).contains("kind: Pod", "name: web", "uid: " + stored.getMetadata().getUid(),
                "resourceVersion: \"" + stored.getMetadata().getResourceVersion() + "\"", "restartPolicy: Always",
                "imagePullPolicy: Always", "phase: Pending");

        String table = kubectl.run("get", "pods", "-o", "wide").assertOk().stdout();
        assertThat(table).contains("READY", "STATUS", "RESTARTS", "NODE").containsPattern("web\\s+0/1\\s+Pending\\s+0");

        Path watchOut = dir.resolve("watch.txt");
        Process watch = kubectl.start(watchOut, "get", "pods", "-w", "--output-watch-events");
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.readString(watchOut).contains("ADDED"));
            kubectl.run("label", "pod", "web", "tier=frontend").assertOk();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(Files.readString(watchOut)).contains("MODIFIED"));
            assertThat(kubectl.run("delete", "pod", "web").assertOk().stdout()).contains("pod \"web\" deleted");
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.readString(watchOut).contains("DELETED"));
        } finally {
            watch.destroy();
        }
        assertThat(client.pods().withName("web").get()).isNull();
        assertThat(kubectl.run("get", "pod", "web").stderr()).contains("pods \"web\" not found");

        String resources = kubectl.run("api-resources").assertOk().stdout();
        assertThat(resources).containsPattern("deployments\\s+deploy\\s+apps/v1\\s+true\\s+Deployment")
                .containsPattern("pods\\s+po\\s+v1\\s+true\\s+Pod")
                .containsPattern("leases\\s+coordination.k8s.io/v1\\s+true\\s+Lease");
    }

    @Test
    void createInAMissingNamespaceIsNotFound(@TempDir Path dir) throws Exception {
        Path manifest = dir.resolve("pod.yaml");
        Files.writeString(manifest, POD.replace("  labels:", "  namespace: nope\n  labels:"));
        Kubectl.Result result = kubectl.run("create", "-f", manifest.toString());
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("namespaces \"nope\" not found");
    }

    @Test
    void anInvalidManifestIsRejectedNamingTheField(@TempDir Path dir) throws Exception {
        Path manifest = dir.resolve("bad.yaml");
        Files.writeString(manifest, POD.replace("  name: web\n", "  name: Web_Bad\n").replace("containerPort: 8080", "containerPort: 70000"));
        Kubectl.Result result = kubectl.run("create", "-f", manifest.toString());
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("Pod \"Web_Bad\" is invalid", "metadata.name: Invalid value: \"Web_Bad\"",
                "spec.containers[0].ports[0].containerPort: Invalid value: 70000");
        assertThat(client.pods().list().getItems()).noneMatch(p -> p.getMetadata().getName().equals("Web_Bad"));
    }
}
