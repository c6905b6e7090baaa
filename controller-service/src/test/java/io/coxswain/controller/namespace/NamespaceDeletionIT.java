package io.coxswain.controller.namespace;

import io.coxswain.apiserver.testing.ApiServerFixture;
import io.coxswain.controller.ControllerApplication;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Deleting a namespace deletes what is in it, then the namespace: the controller manager against the real api-server. */
class NamespaceDeletionIT {

    static ApiServerFixture server;
    static ConfigurableApplicationContext controller;
    static KubernetesClient client;

    @BeforeAll
    static void start() {
        server = ApiServerFixture.start();
        client = server.client();
        controller = new SpringApplicationBuilder(ControllerApplication.class).run(
                "--coxswain.api-server.url=" + server.url(), "--server.port=0", "--spring.main.banner-mode=off",
                "--coxswain.controller.namespace-recheck=500ms");
    }

    @AfterAll
    static void stop() {
        if (controller != null) {
            controller.close();
        }
        server.close();
    }

    @Test
    void deletingANamespaceDeletesItsContentsAndThenTheNamespace() {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("doomed").endMetadata().build()).create();
        client.configMaps().inNamespace("doomed").resource(new ConfigMapBuilder().withNewMetadata().withName("cfg")
                .endMetadata().build()).create();
        client.pods().inNamespace("doomed").resource(new PodBuilder().withNewMetadata().withName("pending").endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("coxswain/testbox:latest").endContainer().endSpec()
                .build()).create();
        // bound to a node whose agent never answers: it goes when its grace period runs out
        client.pods().inNamespace("doomed").resource(new PodBuilder().withNewMetadata().withName("bound").endMetadata()
                .withNewSpec().withNodeName("absent-node").withTerminationGracePeriodSeconds(1L).addNewContainer()
                .withName("c").withImage("coxswain/testbox:latest").endContainer().endSpec().build()).create();
        client.apps().deployments().inNamespace("doomed").resource(new DeploymentBuilder().withNewMetadata()
                .withName("web").endMetadata().withNewSpec().withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata().withNewSpec()
                .addNewContainer().withName("c").withImage("coxswain/testbox:latest").endContainer().endSpec()
                .endTemplate().endSpec().build()).create();

        client.namespaces().withName("doomed").delete();
        assertThat(client.namespaces().withName("doomed").get().getStatus().getPhase()).isEqualTo("Terminating");
        assertThat(client.configMaps().inNamespace("doomed").resource(new ConfigMapBuilder().withNewMetadata()
                .withName("late").endMetadata().build())).satisfies(r -> {
                    var e = org.junit.jupiter.api.Assertions.assertThrows(
                            io.fabric8.kubernetes.client.KubernetesClientException.class, r::create);
                    assertThat(e.getCode()).isEqualTo(403);
                });

        await().atMost(Duration.ofSeconds(60)).until(() -> client.namespaces().withName("doomed").get() == null);
        assertThat(client.configMaps().inNamespace("doomed").list().getItems()).isEmpty();
        assertThat(client.pods().inNamespace("doomed").list().getItems()).isEmpty();
        assertThat(client.apps().deployments().inNamespace("doomed").list().getItems()).isEmpty();
        assertThat(client.namespaces().withName("default").get()).isNotNull();
    }
}
