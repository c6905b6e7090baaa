package io.coxswain.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coxswain.apiserver.testing.ApiServerFixture;
import io.coxswain.apiserver.testing.Kubectl;
import io.coxswain.apiserver.testing.SharedApiServer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kubectl habits of issue 3, with kubectl 1.32 pinned, against the real api-server and etcd. Every command is
 * checked for its exact outcome in the stored object, read back with the fabric8 client. There are no controllers here: nothing creates ReplicaSets or pods for a Deployment,
 * so rollout steps are checked on the API side only.
 */
class KubectlAcceptanceIT {

    private static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

    private static final String DEPLOYMENT_V1 = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              labels:
                app: web
            spec:
              replicas: 2
              selector:
                matchLabels:
                  app: web
              template:
                metadata:
                  labels:
                    app: web
                spec:
                  containers:
                  - name: nginx
                    image: nginx:1.27
                    env:
                    - name: MODE
                      value: one
                    ports:
                    - containerPort: 80
                    - containerPort: 81
            """;

    /** The same Deployment, changed: new image, env value and label. */
    private static final String DEPLOYMENT_V2 = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              labels:
                app: web
                stage: two
            spec:
              replicas: 2
              selector:
                matchLabels:
                  app: web
              template:
                metadata:
                  labels:
                    app: web
                spec:
                  containers:
                  - name: nginx
                    image: nginx:1.28
                    env:
                    - name: MODE
                      value: two
                    ports:
                    - containerPort: 80
                    - containerPort: 81
            """;

    private static ApiServerFixture server;
    private static Kubectl kubectl;
    private static KubernetesClient client;
    private final ObjectMapper mapper = new ObjectMapper();

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        server = ApiServerFixture.start();
        kubectl = new Kubectl(server.writeKubeconfig(dir), dir.resolve("cache"));
        client = server.client();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void applyChangeApplyAgainDiffAndDeleteFile(@TempDir Path dir) throws Exception {
        String ns = SharedApiServer.freshNamespace(client, "apply");
        Path manifest = dir.resolve("web.yaml");
        Files.writeString(manifest, DEPLOYMENT_V1);

        assertThat(kubectl.run("apply", "-n", ns, "-f", manifest.toString()).assertOk().stdout())
                .contains("deployment.apps/web created");
        Deployment created = deployment(ns);
        Container c1 = created.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(c1.getImage()).isEqualTo("nginx:1.27");
        assertThat(c1.getPorts()).extracting(p -> p.getContainerPort()).containsExactly(80, 81);
        assertThat(created.getSpec().getReplicas()).isEqualTo(2);
        JsonNode lastApplied = mapper.readTree(created.getMetadata().getAnnotations().get(LAST_APPLIED));
        assertThat(lastApplied.at("/spec/template/spec/containers/0/image").asText()).isEqualTo("nginx:1.27");

        Files.writeString(manifest, DEPLOYMENT_V2);
        assertThat(kubectl.run("apply", "-n", ns, "-f", manifest.toString()).assertOk().stdout())
                .contains("deployment.apps/web configured");
        Deployment patched = deployment(ns);
        Container c2 = patched.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(c2.getImage()).isEqualTo("nginx:1.28");
        assertThat(c2.getEnv()).extracting(EnvVar::getName, EnvVar::getValue)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("MODE", "two"));
        assertThat(c2.getPorts()).extracting(p -> p.getContainerPort()).containsExactly(80, 81);
        assertThat(patched.getMetadata().getLabels()).containsEntry("stage", "two");
        assertThat(patched.getMetadata().getUid()).isEqualTo(created.getMetadata().getUid());
        assertThat(patched.getMetadata().getGeneration()).isEqualTo(created.getMetadata().getGeneration() + 1);
        // the annotation is stored as kubectl sent it: the new manifest as JSON, which the next 3-way diff reads
        JsonNode lastApplied2 = mapper.readTree(patched.getMetadata().getAnnotations().get(LAST_APPLIED));
        assertThat(lastApplied2.at("/spec/template/spec/containers/0/image").asText()).isEqualTo("nginx:1.28");
        assertThat(lastApplied2.at("/metadata/labels/stage").asText()).isEqualTo("two");

        assertThat(kubectl.run("apply", "-n", ns, "-f", manifest.toString()).assertOk().stdout())
                .contains("deployment.apps/web unchanged");
        assertThat(deployment(ns).getMetadata().getResourceVersion())
                .isEqualTo(patched.getMetadata().getResourceVersion());

        // apply --server-side of the same manifest: kubectl's fields are taken over from client-side apply without a
        // conflict (the live object is what it last applied), then kubectl migrates the managedFields itself
        assertThat(kubectl.run("apply", "--server-side", "-n", ns, "-f", manifest.toString()).assertOk().stdout())
                .contains("deployment.apps/web serverside-applied");
        Deployment ssa = deployment(ns);
        assertThat(ssa.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("nginx:1.28");
        assertThat(ssa.getMetadata().getAnnotations()).containsKey(LAST_APPLIED);
        assertThat(ssa.getMetadata().getManagedFields()).anySatisfy(m -> {
            assertThat(m.getManager()).isEqualTo("kubectl");
            assertThat(m.getOperation()).isEqualTo("Apply");
            assertThat(mapper.valueToTree(m.getFieldsV1()).at("/f:spec/f:replicas").isObject()).isTrue();
        });
        assertThat(ssa.getMetadata().getManagedFields())
                .noneSatisfy(m -> assertThat(m.getManager()).isEqualTo("kubectl-client-side-apply"));
        assertThat(ssa.getMetadata().getGeneration()).isEqualTo(patched.getMetadata().getGeneration());
        patched = ssa;

        // diff: dryRun=All on the server; it shows the change (exit code 1) and stores nothing
        Files.writeString(manifest, DEPLOYMENT_V2.replace("nginx:1.28", "nginx:1.29"));
        Kubectl.Result diff = kubectl.run("diff", "-n", ns, "-f", manifest.toString());
        assertThat(diff.exitCode()).as(diff.stderr()).isEqualTo(1);
        assertThat(diff.stdout()).contains("-        image: nginx:1.28", "+        image: nginx:1.29");
        Deployment afterDiff = deployment(ns);
        assertThat(afterDiff.getMetadata().getResourceVersion()).isEqualTo(patched.getMetadata().getResourceVersion());
        assertThat(afterDiff.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("nginx:1.28");

        assertThat(kubectl.run("delete", "-n", ns, "-f", manifest.toString()).assertOk().stdout())
                .contains("deployment.apps \"web\" deleted");
        assertThat(client.apps().deployments().inNamespace(ns).withName("web").get()).isNull();
    }

    @Test
    void serverSideApplyCreatesUpdatesConflictsAndForces(@TempDir Path dir) throws Exception {
        String ns = SharedApiServer.freshNamespace(client, "ssa");
        Path manifest = dir.resolve("web.yaml");
        Files.writeString(manifest, DEPLOYMENT_V2);

        // created when absent (201), with kubectl as the owner of exactly the applied fields
        assertThat(kubectl.run("apply", "--server-side", "-n", ns, "-f", manifest.toString()).assertOk().stdout())
                .contains("deployment.apps/web serverside-applied");
        Deployment created = deployment(ns);
        assertThat(created.getSpec().getReplicas()).isEqualTo(2);
        assertThat(created.getMetadata().getLabels()).containsEntry("stage", "two");
        assertThat(created.getMetadata().getAnnotations() == null
                || !created.getMetadata().getAnnotations().containsKey(LAST_APPLIED)).isTrue();
        assertThat(created.getMetadata().getManagedFields()).as(created.getMetadata().getManagedFields().toString())
                .singleElement().satisfies(m -> {
            assertThat(m.getManager()).isEqualTo("kubectl");
            assertThat(m.getOperation()).isEqualTo("Apply");
            JsonNode fields = mapper.valueToTree(m.getFieldsV1());
            assertThat(fields.at("/f:spec/f:template/f:spec/f:containers/k:{\"name\":\"nginx\"}/f:image").isObject())
                    .isTrue();
            // defaults set by the server are nobody's
            assertThat(fields.at("/f:spec/f:strategy").isMissingNode()).isTrue();
        });
        assertThat(created.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");

        // kubectl scale makes "kubectl" (subresource scale) the owner of spec.replicas
        kubectl.run("scale", "-n", ns, "deployment/web", "--replicas=5").assertOk();
        String scaledVersion = deployment(ns).getMetadata().getResourceVersion();
        Files.writeString(manifest, DEPLOYMENT_V2.replace("nginx:1.28", "nginx:1.29"));
        Kubectl.Result conflict = kubectl.run("apply", "--server-side", "-n", ns, "-f", manifest.toString());
        assertThat(conflict.exitCode()).isNotZero();
        assertThat(conflict.stderr()).contains("Apply failed with 1 conflict: conflict with \"kubectl\" with "
                + "subresource \"scale\" using apps/v1: .spec.replicas", "--force-conflicts");
        Deployment unchanged = deployment(ns);
        assertThat(unchanged.getMetadata().getResourceVersion()).isEqualTo(scaledVersion);
        assertThat(unchanged.getSpec().getReplicas()).isEqualTo(5);
        assertThat(unchanged.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("nginx:1.28");

        // --dry-run=server: answered, not stored
        kubectl.run("apply", "--server-side", "--force-conflicts", "--dry-run=server", "-n", ns, "-f",
                manifest.toString()).assertOk();
        assertThat(deployment(ns).getMetadata().getResourceVersion())
                .isEqualTo(unchanged.getMetadata().getResourceVersion());

        assertThat(kubectl.run("apply", "--server-side", "--force-conflicts", "-n", ns, "-f", manifest.toString())
                .assertOk().stdout()).contains("deployment.apps/web serverside-applied");
        Deployment forced = deployment(ns);
        assertThat(forced.getSpec().getReplicas()).isEqualTo(2);
        assertThat(forced.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("nginx:1.29");
        assertThat(forced.getMetadata().getManagedFields())
                .noneSatisfy(m -> assertThat(m.getSubresource()).isEqualTo("scale"));

        // a field left out of the next apply is removed; an env entry added by someone else stays
        kubectl.run("set", "env", "-n", ns, "deployment/web", "EXTRA=1").assertOk();
        Files.writeString(manifest, DEPLOYMENT_V2.replace("nginx:1.28", "nginx:1.29").replace("    stage: two\n", ""));
        kubectl.run("apply", "--server-side", "-n", ns, "-f", manifest.toString()).assertOk();
        Deployment pruned = deployment(ns);
        assertThat(pruned.getMetadata().getLabels()).containsOnlyKeys("app");
        assertThat(pruned.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
                .extracting(EnvVar::getName).containsExactly("MODE", "EXTRA");

        // another manager applying a different value conflicts with kubectl
        Files.writeString(manifest, DEPLOYMENT_V2.replace("nginx:1.28", "nginx:1.30"));
        Kubectl.Result other = kubectl.run("apply", "--server-side", "--field-manager=deployer", "-n", ns, "-f",
                manifest.toString());
        assertThat(other.exitCode()).isNotZero();
        assertThat(other.stderr()).contains("conflict with \"kubectl\"",
                ".spec.template.spec.containers[name=\"nginx\"].image");
        assertThat(deployment(ns).getMetadata().getResourceVersion())
                .isEqualTo(pruned.getMetadata().getResourceVersion());
    }

    @Test
    void applyThatRemovesAContainerPortRemovesOnlyThatPort(@TempDir Path dir) throws Exception {
        String ns = SharedApiServer.freshNamespace(client, "ports");
        Path manifest = dir.resolve("web.yaml");
        Files.writeString(manifest, DEPLOYMENT_V1);
        kubectl.run("apply", "-n", ns, "-f", manifest.toString()).assertOk();
        // kubectl sends "ports":[{"$patch":"delete","containerPort":81}] with "$setElementOrder/ports":[{"containerPort":80}]
        String withoutPort81 = DEPLOYMENT_V1.replace("        - containerPort: 81\n", "");
        assertThat(withoutPort81).isNotEqualTo(DEPLOYMENT_V1);
        Files.writeString(manifest, withoutPort81);
        assertThat(kubectl.run("apply", "-n", ns, "-f", manifest.toString()).assertOk().stdout())
                .contains("deployment.apps/web configured");
        Container container = deployment(ns).getSpec().getTemplate().getSpec().getContainers().get(0);
        // container ports merge by containerPort: only port 81 goes
        assertThat(container.getPorts()).extracting(p -> p.getContainerPort()).containsExactly(80);
    }

    @Test
    void scaleLabelAnnotateSetImageAndRolloutRestart(@TempDir Path dir) throws Exception {
        String ns = SharedApiServer.freshNamespace(client, "verbs");
        Path manifest = dir.resolve("web.yaml");
        Files.writeString(manifest, DEPLOYMENT_V1);
        kubectl.run("apply", "-n", ns, "-f", manifest.toString()).assertOk();

        assertThat(kubectl.run("scale", "-n", ns, "deployment/web", "--replicas=3").assertOk().stdout())
                .contains("deployment.apps/web scaled");
        assertThat(deployment(ns).getSpec().getReplicas()).isEqualTo(3);

        // --current-replicas: GET scale, then PUT scale without a Content-Type, guarded by the current count
        assertThat(kubectl.run("scale", "-n", ns, "deployment/web", "--current-replicas=3", "--replicas=1")
                .assertOk().stdout()).contains("deployment.apps/web scaled");
        assertThat(deployment(ns).getSpec().getReplicas()).isEqualTo(1);
        Kubectl.Result wrongCurrent = kubectl.run("scale", "-n", ns, "deployment/web", "--current-replicas=5",
                "--replicas=4");
        assertThat(wrongCurrent.exitCode()).isNotZero();
        assertThat(wrongCurrent.stderr()).contains("Expected replicas to be 5, was 1");
        assertThat(deployment(ns).getSpec().getReplicas()).isEqualTo(1);

        assertThat(kubectl.run("label", "-n", ns, "deployment", "web", "tier=frontend").assertOk().stdout())
                .contains("deployment.apps/web labeled");
        assertThat(deployment(ns).getMetadata().getLabels()).containsEntry("tier", "frontend").containsEntry("app", "web");
        kubectl.run("label", "-n", ns, "deployment", "web", "tier-").assertOk();
        assertThat(deployment(ns).getMetadata().getLabels()).doesNotContainKey("tier");

        assertThat(kubectl.run("annotate", "-n", ns, "deployment", "web", "note=hello world").assertOk().stdout())
                .contains("deployment.apps/web annotated");
        Deployment annotated = deployment(ns);
        assertThat(annotated.getMetadata().getAnnotations()).containsEntry("note", "hello world")
                .containsKey(LAST_APPLIED);

        assertThat(kubectl.run("set", "image", "-n", ns, "deployment/web", "nginx=nginx:1.29").assertOk().stdout())
                .contains("deployment.apps/web image updated");
        Deployment imaged = deployment(ns);
        assertThat(imaged.getSpec().getTemplate().getSpec().getContainers()).extracting(Container::getImage)
                .containsExactly("nginx:1.29");
        // set image changes only the image: the env and ports stay
        assertThat(imaged.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts()).hasSize(2);

        Instant before = Instant.now().minusSeconds(2);
        assertThat(kubectl.run("rollout", "restart", "-n", ns, "deployment/web").assertOk().stdout())
                .contains("deployment.apps/web restarted");
        Deployment restarted = deployment(ns);
        String restartedAt = restarted.getSpec().getTemplate().getMetadata().getAnnotations()
                .get("kubectl.kubernetes.io/restartedAt");
        assertThat(restartedAt).isNotNull();
        assertThat(Instant.parse(restartedAt)).isBetween(before, Instant.now().plusSeconds(2));
        assertThat(restarted.getMetadata().getGeneration()).isEqualTo(imaged.getMetadata().getGeneration() + 1);
    }

    @Test
    void getDescribeAndExplain(@TempDir Path dir) throws Exception {
        String ns = SharedApiServer.freshNamespace(client, "get");
        Path manifest = dir.resolve("web.yaml");
        Files.writeString(manifest, DEPLOYMENT_V1);
        kubectl.run("apply", "-n", ns, "-f", manifest.toString()).assertOk();
        for (String name : List.of("zeta", "alpha")) {
            client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName(name)
                    .addToLabels("app", "web").endMetadata().withNewSpec().addNewContainer().withName("c")
                    .withImage("coxswain/testbox:latest").endContainer().endSpec().build()).create();
        }

        String wide = kubectl.run("get", "deploy", "-n", ns, "-o", "wide").assertOk().stdout();
        assertThat(wide).contains("READY", "UP-TO-DATE", "AVAILABLE", "CONTAINERS", "IMAGES", "SELECTOR")
                .containsPattern("web\\s+0/2\\s+0\\s+0\\s+\\S+\\s+nginx\\s+nginx:1.27\\s+app=web");

        String all = kubectl.run("get", "pods", "-A").assertOk().stdout();
        assertThat(all).contains("NAMESPACE").containsPattern(ns + "\\s+alpha\\s+0/1\\s+Pending")
                .containsPattern(ns + "\\s+zeta\\s+0/1\\s+Pending");

        String labels = kubectl.run("get", "pods", "-n", ns, "--show-labels").assertOk().stdout();
        assertThat(labels).contains("LABELS").containsPattern("alpha\\s+.*app=web");

        String sorted = kubectl.run("get", "pods", "-n", ns, "--sort-by=.metadata.name", "-o", "name").assertOk()
                .stdout();
        assertThat(sorted.strip().lines().toList()).containsExactly("pod/alpha", "pod/zeta");
        String sortedTable = kubectl.run("get", "pods", "-n", ns, "--sort-by=.metadata.name").assertOk().stdout();
        assertThat(sortedTable.indexOf("alpha")).isLessThan(sortedTable.indexOf("zeta"));

        Deployment stored = deployment(ns);
        String yaml = kubectl.run("get", "deploy", "web", "-n", ns, "-o", "yaml").assertOk().stdout();
        assertThat(yaml).contains("kind: Deployment", "apiVersion: apps/v1", "uid: " + stored.getMetadata().getUid(),
                "image: nginx:1.27", "replicas: 2");

        String getAll = kubectl.run("get", "all", "-n", ns).assertOk().stdout();
        assertThat(getAll).contains("pod/alpha", "pod/zeta", "deployment.apps/web");

        String describe = kubectl.run("describe", "deployment", "web", "-n", ns).assertOk().stdout();
        assertThat(describe).containsPattern("Name:\\s+web").containsPattern("Namespace:\\s+" + ns)
                .containsPattern("Replicas:\\s+2 desired").contains("nginx:1.27", "MODE:", "one");
        String describePod = kubectl.run("describe", "pod", "alpha", "-n", ns).assertOk().stdout();
        assertThat(describePod).containsPattern("Name:\\s+alpha").containsPattern("Status:\\s+Pending");

        String explainContainers = kubectl.run("explain", "pod.spec.containers").assertOk().stdout();
        assertThat(explainContainers).contains("KIND:       Pod", "VERSION:    v1", "FIELD: containers <[]Container>",
                        "List of containers belonging to the pod.", "A single application container")
                .containsPattern("name\\s+<string> -required-")
                .containsPattern("image\\s+<string>").containsPattern("ports\\s+<\\[\\]ContainerPort>");
        String explainSpec = kubectl.run("explain", "deployment.spec").assertOk().stdout();
        assertThat(explainSpec).contains("GROUP:      apps", "KIND:       Deployment", "FIELD: spec <DeploymentSpec>",
                        "Specification of the desired behavior of the Deployment.")
                .containsPattern("template\\s+<PodTemplateSpec> -required-")
                .containsPattern("replicas\\s+<integer>").containsPattern("template\\s+<PodTemplateSpec>");
        String recursive = kubectl.run("explain", "deployment.spec.template.spec.containers.resources",
                "--recursive").assertOk().stdout();
        assertThat(recursive).containsPattern("limits\\s+<map\\[string\\]Quantity>");
    }

    @Test
    void createNamespaceConfigMapAndExpose(@TempDir Path dir) throws Exception {
        String ns = SharedApiServer.freshNamespace(client, "create");
        String demo = ns + "-demo";

        // kubectl 1.32 sends `create namespace|configmap|deployment` as application/vnd.kubernetes.protobuf
        assertThat(kubectl.run("create", "namespace", demo).assertOk().stdout()).contains("namespace/" + demo + " created");
        assertThat(client.namespaces().withName(demo).get().getStatus().getPhase()).isEqualTo("Active");
        Kubectl.Result again = kubectl.run("create", "namespace", demo);
        assertThat(again.exitCode()).isNotZero();
        assertThat(again.stderr()).contains("AlreadyExists");

        assertThat(kubectl.run("create", "configmap", "made", "-n", ns, "--from-literal=a=b").assertOk().stdout())
                .contains("configmap/made created");
        assertThat(client.configMaps().inNamespace(ns).withName("made").get().getData()).isEqualTo(Map.of("a", "b"));

        assertThat(kubectl.run("create", "deployment", "made", "-n", ns, "--image=nginx:1.27", "--replicas=0")
                .assertOk().stdout()).contains("deployment.apps/made created");
        var made = client.apps().deployments().inNamespace(ns).withName("made").get();
        assertThat(made.getSpec().getReplicas()).isZero();
        assertThat(made.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("nginx:1.27");

        // the documented workaround, which sends JSON through apply
        String cmYaml = kubectl.run("create", "configmap", "cfg", "-n", ns, "--from-literal=a=b", "--dry-run=client",
                "-o", "yaml").assertOk().stdout();
        assertThat(kubectl.runWithInput(cmYaml, "apply", "-f", "-").assertOk().stdout())
                .contains("configmap/cfg created");
        ConfigMap cm = client.configMaps().inNamespace(ns).withName("cfg").get();
        assertThat(cm.getData()).isEqualTo(Map.of("a", "b"));

        Path manifest = dir.resolve("web.yaml");
        Files.writeString(manifest, DEPLOYMENT_V1);
        kubectl.run("apply", "-n", ns, "-f", manifest.toString()).assertOk();
        assertThat(kubectl.run("expose", "-n", ns, "deployment", "web", "--port=80", "--target-port=8080")
                .assertOk().stdout()).contains("service/web exposed");
        Service service = client.services().inNamespace(ns).withName("web").get();
        assertThat(service.getSpec().getSelector()).isEqualTo(Map.of("app", "web"));
        assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(service.getSpec().getClusterIP()).isNotBlank();
        ServicePort port = service.getSpec().getPorts().get(0);
        assertThat(port.getPort()).isEqualTo(80);
        assertThat(port.getTargetPort()).isEqualTo(new IntOrString(8080));
        assertThat(port.getProtocol()).isEqualTo("TCP");
        String svc = kubectl.run("get", "svc", "web", "-n", ns).assertOk().stdout();
        assertThat(svc).containsPattern("web\\s+ClusterIP\\s+" + service.getSpec().getClusterIP().replace(".", "\\.")
                + "\\s+<none>\\s+80/TCP");
    }

    private static Deployment deployment(String ns) {
        Deployment d = client.apps().deployments().inNamespace(ns).withName("web").get();
        assertThat(d).as("deployment web in " + ns).isNotNull();
        return d;
    }
}
