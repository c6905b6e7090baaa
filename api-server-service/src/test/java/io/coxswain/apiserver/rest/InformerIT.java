package io.coxswain.apiserver.rest;

import io.coxswain.apiserver.testing.ApiServerFixture;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A fabric8 informer (list + watch, as every component uses) sees adds, updates and deletes, across a server restart. */
class InformerIT {

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
    void informerSeesAddUpdateDeleteAndSurvivesAnApiServerRestart() {
        List<String> seen = new CopyOnWriteArrayList<>();
        try (SharedIndexInformer<ConfigMap> informer = client.configMaps().inNamespace("default").inform(
                new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(ConfigMap obj) {
                        seen.add("add " + obj.getMetadata().getName() + " " + obj.getData());
                    }

                    @Override
                    public void onUpdate(ConfigMap oldObj, ConfigMap newObj) {
                        if (!oldObj.getMetadata().getResourceVersion().equals(newObj.getMetadata().getResourceVersion())) {
                            seen.add("update " + newObj.getMetadata().getName() + " " + newObj.getData());
                        }
                    }

                    @Override
                    public void onDelete(ConfigMap obj, boolean deletedFinalStateUnknown) {
                        seen.add("delete " + obj.getMetadata().getName());
                    }
                }, 0)) {
            await().atMost(Duration.ofSeconds(20)).until(informer::hasSynced);

            client.configMaps().resource(configMap("one", "v1")).create();
            await().atMost(Duration.ofSeconds(20)).until(() -> seen.contains("add one {k=v1}"));
            client.configMaps().withName("one").edit(cm -> configMap("one", "v2"));
            await().atMost(Duration.ofSeconds(20)).until(() -> seen.contains("update one {k=v2}"));
            client.configMaps().withName("one").delete();
            await().atMost(Duration.ofSeconds(20)).until(() -> seen.contains("delete one"));

            server.restartServer();

            client.configMaps().resource(configMap("two", "after-restart")).create();
            await().atMost(Duration.ofSeconds(60)).until(() -> seen.contains("add two {k=after-restart}"));
            client.configMaps().withName("two").edit(cm -> configMap("two", "changed"));
            await().atMost(Duration.ofSeconds(20)).until(() -> seen.contains("update two {k=changed}"));
            assertThat(informer.getStore().list()).extracting(cm -> cm.getMetadata().getName()).containsExactly("two");
            assertThat(seen).filteredOn(s -> s.startsWith("add one")).hasSize(1);
        }
    }

    private static ConfigMap configMap(String name, String value) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .addToData("k", value).build();
    }
}
