package io.coxswain.apiserver.rest;

import io.coxswain.apiserver.testing.Http;
import io.coxswain.apiserver.testing.SharedApiServer;
import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.awaitility.Awaitility.await;

/** Object semantics users and controllers depend on: generation, status, binding, finalizers, graceful deletion. */
class ObjectSemanticsIT {

    static KubernetesClient client;
    static Http http;
    static String ns;

    @BeforeAll
    static void start() {
        client = SharedApiServer.get().client();
        http = new Http(SharedApiServer.get().url());
        ns = SharedApiServer.freshNamespace(client, "semantics");
    }

    @Test
    void generationFollowsSpecChangesAndTheMainResourceIgnoresStatus() {
        Deployment d = client.apps().deployments().inNamespace(ns).resource(deployment("gen")).create();
        assertThat(d.getMetadata().getGeneration()).isEqualTo(1L);
        assertThat(d.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
        assertThat(d.getSpec().getRevisionHistoryLimit()).isEqualTo(10);

        Deployment labelled = client.apps().deployments().inNamespace(ns).withName("gen").edit(x -> new DeploymentBuilder(x)
                .editMetadata().addToLabels("a", "b").endMetadata().build());
        assertThat(labelled.getMetadata().getGeneration()).isEqualTo(1L);

        Deployment scaled = client.apps().deployments().inNamespace(ns).withName("gen").edit(x -> new DeploymentBuilder(x)
                .editSpec().withReplicas(5).endSpec().withNewStatus().withReplicas(99).endStatus().build());
        assertThat(scaled.getMetadata().getGeneration()).isEqualTo(2L);
        assertThat(scaled.getStatus() == null || scaled.getStatus().getReplicas() == null).isTrue();

        Deployment status = client.apps().deployments().inNamespace(ns).resource(new DeploymentBuilder(scaled)
                .editSpec().withReplicas(1).endSpec().withNewStatus().withReplicas(3).withObservedGeneration(2L).endStatus()
                .build()).updateStatus();
        assertThat(status.getStatus().getReplicas()).isEqualTo(3);
        assertThat(status.getSpec().getReplicas()).isEqualTo(5);
        assertThat(status.getMetadata().getGeneration()).isEqualTo(2L);
    }

    @Test
    void bindingAssignsANodeOnceAndMarksThePodScheduled() {
        client.pods().inNamespace(ns).resource(pod("bind-me")).create();
        client.bindings().inNamespace(ns).resource(new BindingBuilder()
                .withNewMetadata().withName("bind-me").endMetadata()
                .withNewTarget().withKind("Node").withName("node-1").endTarget().build()).create();
        Pod bound = client.pods().inNamespace(ns).withName("bind-me").get();
        assertThat(bound.getSpec().getNodeName()).isEqualTo("node-1");
        assertThat(bound.getStatus().getConditions()).anySatisfy(c -> {
            assertThat(c.getType()).isEqualTo("PodScheduled");
            assertThat(c.getStatus()).isEqualTo("True");
        });

        Http.Response again = http.send("POST", "/api/v1/namespaces/" + ns + "/pods/bind-me/binding", "application/json",
                "{\"kind\":\"Binding\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"bind-me\"},\"target\":{\"kind\":\"Node\",\"name\":\"node-2\"}}");
        assertThat(again.code()).isEqualTo(409);
        assertThat(again.json().path("message").asText()).contains("is already assigned to node \"node-1\"");
        assertThat(client.pods().inNamespace(ns).withName("bind-me").get().getSpec().getNodeName()).isEqualTo("node-1");
    }

    @Test
    void aPodBoundToANodeIsDeletedGracefullyUntilItsAgentConfirms() {
        client.pods().inNamespace(ns).resource(new PodBuilder(pod("graceful")).editSpec().withNodeName("node-1").endSpec()
                .build()).create();
        client.pods().inNamespace(ns).withName("graceful").delete();
        Pod marked = client.pods().inNamespace(ns).withName("graceful").get();
        assertThat(marked.getMetadata().getDeletionTimestamp()).isNotNull();
        assertThat(marked.getMetadata().getDeletionGracePeriodSeconds()).isEqualTo(30L);

        client.pods().inNamespace(ns).withName("graceful").withGracePeriod(0).delete(); // the agent's confirmation
        assertThat(client.pods().inNamespace(ns).withName("graceful").get()).isNull();
    }

    @Test
    void aGracefulDeletionThatNoAgentConfirmsEndsWhenTheGracePeriodRunsOut() {
        client.pods().inNamespace(ns).resource(new PodBuilder(pod("abandoned")).editSpec().withNodeName("gone-node")
                .withTerminationGracePeriodSeconds(2L).endSpec().build()).create();
        client.pods().inNamespace(ns).withName("abandoned").delete();
        assertThat(client.pods().inNamespace(ns).withName("abandoned").get().getMetadata().getDeletionTimestamp()).isNotNull();
        await().atMost(Duration.ofSeconds(15)).until(() -> client.pods().inNamespace(ns).withName("abandoned").get() == null);
    }

    @Test
    void anUnscheduledPodIsDeletedAtOnce() {
        client.pods().inNamespace(ns).resource(pod("pending")).create();
        client.pods().inNamespace(ns).withName("pending").delete();
        assertThat(client.pods().inNamespace(ns).withName("pending").get()).isNull();
    }

    @Test
    void finalizersHoldAnObjectUntilTheyAreRemoved() {
        client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("held")
                .addToFinalizers("example.com/cleanup").endMetadata().build()).create();
        client.configMaps().inNamespace(ns).withName("held").delete();
        ConfigMap marked = client.configMaps().inNamespace(ns).withName("held").get();
        assertThat(marked.getMetadata().getDeletionTimestamp()).isNotNull();

        client.configMaps().inNamespace(ns).withName("held").edit(cm -> new ConfigMapBuilder(cm).editMetadata()
                .withFinalizers(List.of()).endMetadata().build());
        assertThat(client.configMaps().inNamespace(ns).withName("held").get()).isNull();
    }

    @Test
    void servicesGetUniqueClusterIpsAndNodePortsInRange() {
        Set<String> ips = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            Service svc = client.services().inNamespace(ns).resource(new ServiceBuilder().withNewMetadata()
                    .withName("svc-" + i).endMetadata().withNewSpec().withType("NodePort").addToSelector("app", "web")
                    .addNewPort().withPort(80).endPort().endSpec().build()).create();
            assertThat(svc.getSpec().getClusterIP()).startsWith("10.96.");
            assertThat(svc.getSpec().getPorts().get(0).getNodePort()).isBetween(30000, 32767);
            assertThat(svc.getSpec().getPorts().get(0).getTargetPort().getIntVal()).isEqualTo(80);
            ips.add(svc.getSpec().getClusterIP());
        }
        assertThat(ips).hasSize(5);
        Service first = client.services().inNamespace(ns).withName("svc-0").get();
        KubernetesClientException taken = assertThrows(KubernetesClientException.class, () -> client.services().inNamespace(ns)
                .resource(new ServiceBuilder().withNewMetadata().withName("dup").endMetadata().withNewSpec()
                        .withClusterIP(first.getSpec().getClusterIP()).addNewPort().withPort(80).endPort().endSpec().build())
                .create());
        assertThat(taken.getCode()).isEqualTo(422);
    }

    @Test
    void generateNameGivesAUniqueName() {
        ConfigMap a = client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata()
                .withGenerateName("gen-").endMetadata().build()).create();
        ConfigMap b = client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata()
                .withGenerateName("gen-").endMetadata().build()).create();
        assertThat(a.getMetadata().getName()).startsWith("gen-").hasSize(9).isNotEqualTo(b.getMetadata().getName());
    }

    @Test
    void serverSideApplyTakesYamlHonoursDryRunAndAppliesStatusThroughItsSubresource() throws Exception {
        String path = "/apis/apps/v1/namespaces/" + ns + "/deployments/yaml-applied";
        String yaml = """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: yaml-applied
                spec:
                  replicas: 1
                  selector:
                    matchLabels: {app: y}
                  template:
                    metadata:
                      labels: {app: y}
                    spec:
                      containers:
                      - name: c
                        image: busybox:1.36
                        resources:
                          limits: {cpu: 1, memory: 64Mi}
                """;
        // as `kubectl create ... --dry-run=client -o yaml` writes it: fields the server sets, and a status
        String exported = yaml.replace("  name: yaml-applied\n", "  name: yaml-applied\n  creationTimestamp: null\n")
                + "status: {}\n";
        Http.Response dryRun = http.send("PATCH", path + "?fieldManager=ops&dryRun=All", "application/apply-patch+yaml", yaml);
        assertThat(dryRun.code()).as(dryRun.body()).isEqualTo(201);
        assertThat(client.apps().deployments().inNamespace(ns).withName("yaml-applied").get()).isNull();

        Http.Response created = http.send("PATCH", path + "?fieldManager=ops", "application/apply-patch+yaml", yaml);
        assertThat(created.code()).as(created.body()).isEqualTo(201);
        Thread.sleep(1100); // managedFields times have a resolution of one second: a needless write would show
        Http.Response again = http.send("PATCH", path + "?fieldManager=ops", "application/apply-patch+yaml", exported);
        assertThat(again.code()).isEqualTo(200);
        assertThat(again.json().at("/metadata/resourceVersion").asText())
                .as("re-applying the same configuration writes nothing")
                .isEqualTo(created.json().at("/metadata/resourceVersion").asText());

        // the status subresource: a controller applies the status, which the main resource cannot change
        Http.Response status = http.send("PATCH", path + "/status?fieldManager=controller", "application/apply-patch+yaml",
                "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: yaml-applied\nstatus:\n  replicas: 1\n"
                        + "  observedGeneration: 1\n");
        assertThat(status.code()).as(status.body()).isEqualTo(200);
        Deployment stored = client.apps().deployments().inNamespace(ns).withName("yaml-applied").get();
        assertThat(stored.getStatus().getObservedGeneration()).isEqualTo(1L);
        assertThat(stored.getMetadata().getManagedFields()).anySatisfy(m -> {
            assertThat(m.getManager()).isEqualTo("controller");
            assertThat(m.getSubresource()).isEqualTo("status");
            assertThat(m.getOperation()).isEqualTo("Apply");
        });
        Http.Response mainStatus = http.send("PATCH", path + "?fieldManager=ops", "application/apply-patch+yaml",
                yaml + "status:\n  replicas: 7\n");
        assertThat(mainStatus.code()).isEqualTo(200);
        assertThat(client.apps().deployments().inNamespace(ns).withName("yaml-applied").get().getStatus().getReplicas())
                .isEqualTo(1);
    }

    private static Pod pod(String name) {
        return new PodBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().addNewContainer()
                .withName("c").withImage("coxswain/testbox:latest").endContainer().endSpec().build();
    }

    private static Deployment deployment(String name) {
        return new DeploymentBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("nginx:1.27").endContainer().endSpec()
                .endTemplate().endSpec().build();
    }
}
