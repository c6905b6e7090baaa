package io.coxswain.apiserver.rest;

import io.coxswain.apiserver.testing.ApiServerFixture;
import io.coxswain.apiserver.testing.Http;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Nothing acknowledged is lost: writes that returned success survive restarts of the api-server and of etcd. */
class DurabilityIT {

    private ApiServerFixture server;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        server = ApiServerFixture.start();
        client = server.client();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void acknowledgedWritesSurviveApiServerAndEtcdRestarts() {
        Map<String, String> acknowledged = new HashMap<>();
        for (int i = 0; i < 50; i++) {
            ConfigMap cm = client.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata()
                    .withName("cm-" + i).endMetadata().addToData("i", Integer.toString(i)).build()).create();
            acknowledged.put(cm.getMetadata().getName(), cm.getMetadata().getUid() + "@" + cm.getMetadata().getResourceVersion());
        }
        Deployment deployment = client.apps().deployments().inNamespace("default").resource(new DeploymentBuilder()
                .withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withReplicas(2).withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
                .withNewSpec().addNewContainer().withName("web").withImage("nginx:1.27").endContainer().endSpec()
                .endTemplate().endSpec().build()).create();
        client.configMaps().inNamespace("default").withName("cm-0").delete();
        acknowledged.remove("cm-0");

        server.stopServer();
        server.etcd().stop();
        server.etcd().start();
        server.startServer();

        Map<String, String> after = new HashMap<>();
        for (ConfigMap cm : client.configMaps().inNamespace("default").list().getItems()) {
            after.put(cm.getMetadata().getName(), cm.getMetadata().getUid() + "@" + cm.getMetadata().getResourceVersion());
        }
        assertThat(after).isEqualTo(acknowledged);
        Deployment restored = client.apps().deployments().inNamespace("default").withName("web").get();
        assertThat(restored.getMetadata().getUid()).isEqualTo(deployment.getMetadata().getUid());
        assertThat(restored.getSpec().getReplicas()).isEqualTo(2);
    }

    @Test
    void whileEtcdIsDownRequestsFailFastWithAStatusAndServingResumesAfter() {
        Http http = new Http(server.url());
        server.etcd().stop();
        try {
            Http.Response response = http.send("POST", "/api/v1/namespaces/default/configmaps", "application/json",
                    "{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"during-outage\"}}");
            assertThat(response.code()).isIn(503, 504);
            assertThat(response.json().path("kind").asText()).isEqualTo("Status");
            if (response.code() == 504) {
                // a write that timed out may still land once etcd is back: the answer must say so
                assertThat(response.json().path("reason").asText()).isEqualTo("Timeout");
                assertThat(response.json().path("message").asText()).contains("may still be processing the request");
            }
            assertThat(http.get("/readyz").code()).isEqualTo(503);
        } finally {
            server.etcd().start();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/readyz").code() == 200);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(client.configMaps().inNamespace("default")
                .resource(new ConfigMapBuilder().withNewMetadata().withName("after-outage").endMetadata().build())
                .create().getMetadata().getUid()).isNotEmpty());
        assertThat(http.get("/api/v1/namespaces/default/configmaps").code()).isEqualTo(200);
    }
}
