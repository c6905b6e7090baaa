package io.coxswain.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coxswain.apiserver.testing.ApiServerFixture;
import io.coxswain.apiserver.testing.Http;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapList;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The watch protocol over HTTP: resume from a list's resourceVersion, selectors, bookmarks, expiry, timeouts. */
class WatchIT {

    static ApiServerFixture server;
    static KubernetesClient client;
    static Http http;
    static final ObjectMapper MAPPER = new ObjectMapper();

    @BeforeAll
    static void start() {
        // a small window, so that the test can push a revision out of it
        server = ApiServerFixture.start(Map.of("coxswain.etcd.watch-window", 20, "coxswain.api-server.bookmark-interval", "1s"));
        client = server.client();
        http = new Http(server.url());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aWatchFromAListsResourceVersionMissesNothingAndRepeatsNothing() throws Exception {
        client.configMaps().inNamespace("default").resource(cm("before", "a")).create();
        ConfigMapList list = client.configMaps().inNamespace("default").list();
        String rv = list.getMetadata().getResourceVersion();
        client.configMaps().inNamespace("default").resource(cm("after-1", "a")).create();
        client.configMaps().inNamespace("default").withName("before").delete();
        client.configMaps().inNamespace("default").resource(cm("after-2", "b")).create();

        List<JsonNode> events = events(http.get("/api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=2"
                + "&resourceVersion=" + rv).body());

        assertThat(events).extracting(e -> e.path("type").asText() + " " + e.path("object").path("metadata").path("name").asText())
                .containsExactly("ADDED after-1", "DELETED before", "ADDED after-2");
        for (JsonNode e : events) {
            assertThat(Long.parseLong(e.path("object").path("metadata").path("resourceVersion").asText()))
                    .isGreaterThan(Long.parseLong(rv));
            assertThat(e.path("object").path("kind").asText()).isEqualTo("ConfigMap");
        }
    }

    @Test
    void aLabelSelectedWatchSeesObjectsEnterAndLeaveTheSelection() throws Exception {
        String rv = client.configMaps().inNamespace("default").list().getMetadata().getResourceVersion();
        client.configMaps().inNamespace("default").resource(cm("sel", "no")).create();
        client.configMaps().inNamespace("default").withName("sel").edit(c -> new ConfigMapBuilder(c).editMetadata()
                .addToLabels("tier", "yes").endMetadata().build());
        client.configMaps().inNamespace("default").withName("sel").edit(c -> new ConfigMapBuilder(c).editMetadata()
                .addToLabels("tier", "no").endMetadata().build());

        List<JsonNode> events = events(http.get("/api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=2"
                + "&labelSelector=tier%3Dyes&resourceVersion=" + rv).body());

        assertThat(events).extracting(e -> e.path("type").asText()).containsExactly("ADDED", "DELETED");
    }

    @Test
    void bookmarksCarryTheCurrentRevisionWhenAllowed() throws Exception {
        List<JsonNode> events = events(http.get("/api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=3"
                + "&allowWatchBookmarks=true").body());
        assertThat(events).anySatisfy(e -> {
            assertThat(e.path("type").asText()).isEqualTo("BOOKMARK");
            assertThat(e.path("object").path("kind").asText()).isEqualTo("ConfigMap");
            assertThat(e.path("object").path("metadata").path("resourceVersion").asText()).isNotEmpty();
        });
    }

    @Test
    void aWatchFromARevisionNoLongerInTheWindowIsExpired() throws Exception {
        String rv = client.configMaps().inNamespace("default").list().getMetadata().getResourceVersion();
        for (int i = 0; i < 30; i++) {
            client.configMaps().inNamespace("default").resource(cm("churn-" + i, "x")).create();
        }
        Http.Response response = http.get("/api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=5&resourceVersion=" + rv);
        assertThat(response.code()).isEqualTo(200);
        List<JsonNode> events = events(response.body());
        assertThat(events).hasSize(1);
        assertThat(events.get(0).path("type").asText()).isEqualTo("ERROR");
        assertThat(events.get(0).path("object").path("code").asInt()).isEqualTo(410);
        assertThat(events.get(0).path("object").path("reason").asText()).isEqualTo("Expired");
    }

    @Test
    void aWatchFromZeroStartsWithTheCurrentObjects() throws Exception {
        client.configMaps().inNamespace("default").resource(cm("zero", "z")).create();
        List<JsonNode> events = events(http.get("/api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=2"
                + "&fieldSelector=metadata.name%3Dzero").body());
        assertThat(events).extracting(e -> e.path("type").asText() + " " + e.path("object").path("metadata").path("name").asText())
                .containsExactly("ADDED zero");
    }

    private static io.fabric8.kubernetes.api.model.ConfigMap cm(String name, String tier) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).addToLabels("tier", tier).endMetadata()
                .addToData("k", "v").build();
    }

    private static List<JsonNode> events(String body) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (!line.isBlank()) {
                events.add(MAPPER.readTree(line));
            }
        }
        return events;
    }
}
