package io.coxswain.apiserver.rest;

import io.coxswain.apiserver.testing.ApiServerFixture;
import io.coxswain.apiserver.testing.SharedApiServer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Optimistic concurrency: of N updates made from one resourceVersion, exactly one wins; the rest get 409. */
class ConcurrencyIT {

    @Test
    void concurrentUpdatesFromOneResourceVersionGiveOneSuccessAndConflicts() throws Exception {
        ApiServerFixture server = SharedApiServer.get();
        KubernetesClient client = server.client();
        String ns = SharedApiServer.freshNamespace(client, "cas");
        ConfigMap created = client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder()
                .withNewMetadata().withName("counter").endMetadata().addToData("n", "0").build()).create();
        String rv = created.getMetadata().getResourceVersion();

        int writers = 16;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            String value = Integer.toString(i + 1);
            results.add(pool.submit(() -> {
                go.await();
                ConfigMap update = new ConfigMapBuilder(created).editMetadata().withResourceVersion(rv).endMetadata()
                        .withData(java.util.Map.of("n", value)).build();
                try {
                    client.configMaps().inNamespace(ns).resource(update).update();
                    return 200;
                } catch (KubernetesClientException e) {
                    return e.getCode();
                }
            }));
        }
        go.countDown();
        List<Integer> codes = new ArrayList<>();
        for (Future<Integer> f : results) {
            codes.add(f.get());
        }
        pool.shutdown();

        assertThat(codes).filteredOn(c -> c == 200).hasSize(1);
        assertThat(codes).filteredOn(c -> c == 409).hasSize(writers - 1);
        ConfigMap stored = client.configMaps().inNamespace(ns).withName("counter").get();
        assertThat(Long.parseLong(stored.getMetadata().getResourceVersion())).isGreaterThan(Long.parseLong(rv));
        assertThat(stored.getData().get("n")).isNotEqualTo("0");
    }

    @Test
    void anUpdateWithAStaleResourceVersionIsAConflictAndChangesNothing() {
        KubernetesClient client = SharedApiServer.get().client();
        String ns = SharedApiServer.freshNamespace(client, "stale");
        ConfigMap v1 = client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder()
                .withNewMetadata().withName("cm").endMetadata().addToData("k", "one").build()).create();
        client.configMaps().inNamespace(ns).withName("cm").edit(cm -> new ConfigMapBuilder(cm).withData(java.util.Map.of("k", "two")).build());

        KubernetesClientException e = org.junit.jupiter.api.Assertions.assertThrows(KubernetesClientException.class,
                () -> client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder(v1)
                        .withData(java.util.Map.of("k", "stale")).build()).update());
        assertThat(e.getCode()).isEqualTo(409);
        assertThat(e.getStatus().getReason()).isEqualTo("Conflict");
        assertThat(e.getStatus().getMessage()).contains("Operation cannot be fulfilled on configmaps \"cm\"",
                "the object has been modified");
        assertThat(client.configMaps().inNamespace(ns).withName("cm").get().getData()).containsEntry("k", "two");
    }
}
