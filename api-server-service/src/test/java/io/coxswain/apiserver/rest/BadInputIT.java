package io.coxswain.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.coxswain.apiserver.testing.ApiServerFixture;
import io.coxswain.apiserver.testing.Http;
import io.coxswain.apiserver.testing.SharedApiServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input gets a Kubernetes Status with the right code and a message naming what is wrong, stores nothing, and the
 * server keeps serving.
 */
class BadInputIT {

    static ApiServerFixture server;
    static KubernetesClient client;
    static Http http;
    static String ns;

    @BeforeAll
    static void start() {
        server = SharedApiServer.get();
        client = server.client();
        http = new Http(server.url());
        ns = SharedApiServer.freshNamespace(client, "bad");
    }

    static Stream<Arguments> badCreates() {
        String pods = "/api/v1/namespaces/%s/pods";
        return Stream.of(
                Arguments.of("malformed JSON", pods, "application/json", "{\"kind\":\"Pod\",", 400, "BadRequest",
                        "could not be decoded"),
                Arguments.of("not an object", pods, "application/json", "[1,2]", 400, "BadRequest", "not a JSON object"),
                Arguments.of("wrong kind", pods, "application/json",
                        "{\"kind\":\"Service\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"x\"}}", 400, "BadRequest",
                        "the kind in the data (Service) does not match the expected kind (Pod)"),
                Arguments.of("wrong apiVersion", pods, "application/json",
                        "{\"kind\":\"Pod\",\"apiVersion\":\"apps/v1\",\"metadata\":{\"name\":\"x\"}}", 400, "BadRequest",
                        "does not match the expected API version (v1)"),
                Arguments.of("invalid name", pods, "application/json",
                        pod("Bad_Name", "busybox"), 422, "Invalid", "metadata.name: Invalid value: \"Bad_Name\""),
                Arguments.of("missing image", pods, "application/json",
                        pod("noimage", ""), 422, "Invalid", "spec.containers[0].image: Required value"),
                Arguments.of("unknown field, Strict", pods + "?fieldValidation=Strict", "application/json",
                        pod("strict", "busybox").replace("\"spec\":{", "\"spec\":{\"foo\":1,"), 400, "BadRequest",
                        "strict decoding error: unknown field \"spec.foo\""),
                Arguments.of("unsupported content type", pods, "text/plain", "hello", 415, "UnsupportedMediaType",
                        "unknown format"),
                Arguments.of("namespace mismatch", pods, "application/json",
                        pod("elsewhere", "busybox").replace("\"metadata\":{", "\"metadata\":{\"namespace\":\"other\","), 400,
                        "BadRequest", "does not match the namespace"),
                Arguments.of("missing namespace", "/api/v1/namespaces/does-not-exist/pods", "application/json",
                        pod("orphan", "busybox"), 404, "NotFound", "namespaces \"does-not-exist\" not found"),
                Arguments.of("unknown resource", "/api/v1/namespaces/%s/widgets", "application/json", "{}", 404, "NotFound",
                        "the server could not find the requested resource"),
                Arguments.of("invalid deployment", "/apis/apps/v1/namespaces/%s/deployments", "application/json",
                        "{\"kind\":\"Deployment\",\"apiVersion\":\"apps/v1\",\"metadata\":{\"name\":\"web\"},\"spec\":"
                                + "{\"replicas\":-1,\"selector\":{\"matchLabels\":{\"app\":\"web\"}},\"template\":{\"metadata\":"
                                + "{\"labels\":{\"app\":\"other\"}},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"i\"}]}}}}",
                        422, "Invalid", "spec.replicas: Invalid value: -1: must be greater than or equal to 0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCreates")
    void aBadCreateIsRejectedWithAStatusAndStoresNothing(String what, String path, String contentType, String body,
                                                         int code, String reason, String message) {
        long before = client.pods().inAnyNamespace().list().getItems().size()
                + client.apps().deployments().inAnyNamespace().list().getItems().size();

        Http.Response response = http.send("POST", path.formatted(ns), contentType, body);

        assertThat(response.code()).as(response.body()).isEqualTo(code);
        JsonNode status = response.json();
        assertThat(status.path("kind").asText()).isEqualTo("Status");
        assertThat(status.path("apiVersion").asText()).isEqualTo("v1");
        assertThat(status.path("status").asText()).isEqualTo("Failure");
        assertThat(status.path("code").asInt()).isEqualTo(code);
        assertThat(status.path("reason").asText()).isEqualTo(reason);
        assertThat(status.path("message").asText()).contains(message);
        long after = client.pods().inAnyNamespace().list().getItems().size()
                + client.apps().deployments().inAnyNamespace().list().getItems().size();
        assertThat(after).isEqualTo(before);
        assertThat(http.get("/readyz").code()).isEqualTo(200);
    }

    @Test
    void anInvalidObjectNamesEveryBadFieldInItsCauses() {
        Http.Response response = http.send("POST", "/api/v1/namespaces/" + ns + "/pods", "application/json",
                pod("two-errors", "").replace("\"restartPolicy\":\"Always\"", "\"restartPolicy\":\"Sometimes\""));
        assertThat(response.code()).isEqualTo(422);
        JsonNode details = response.json().path("details");
        assertThat(details.path("name").asText()).isEqualTo("two-errors");
        assertThat(details.path("kind").asText()).isEqualTo("Pod");
        assertThat(details.path("causes")).extracting(c -> c.path("field").asText())
                .contains("spec.containers[0].image", "spec.restartPolicy");
        assertThat(details.path("causes")).extracting(c -> c.path("reason").asText())
                .contains("FieldValueRequired", "FieldValueNotSupported");
    }

    @Test
    void badQueryParametersAreBadRequests() {
        assertThat(http.get("/api/v1/pods?labelSelector=a%20in%20(").code()).isEqualTo(400);
        Http.Response field = http.get("/api/v1/pods?fieldSelector=spec.color%3Dred");
        assertThat(field.code()).isEqualTo(400);
        assertThat(field.json().path("message").asText()).contains("\"spec.color\" is not a known field selector");
        assertThat(http.get("/api/v1/pods?resourceVersion=abc").code()).isEqualTo(400);
        assertThat(http.get("/api/v1/pods?watch=true&timeoutSeconds=x").code()).isEqualTo(400);
    }

    @Test
    void wrongMethodsAreMethodNotAllowed() {
        Http.Response response = http.send("POST", "/api/v1/namespaces/" + ns + "/pods/x", "application/json", "{}");
        assertThat(response.code()).isEqualTo(405);
        assertThat(response.json().path("reason").asText()).isEqualTo("MethodNotAllowed");
        Http.Response patch = http.send("PATCH", "/api/v1/namespaces/" + ns + "/configmaps/none", "application/xml", "<x/>");
        assertThat(patch.code()).isEqualTo(415);
    }

    static Stream<Arguments> badPatches() {
        String cm = "{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"settings\"},\"data\":{\"a\":\"%s\"}}";
        return Stream.of(
                Arguments.of("wrong patch content type", "", "application/xml", "<x/>", 415, "UnsupportedMediaType",
                        "the body of the request was in an unknown format - accepted media types include: "
                                + "application/json-patch+json, application/merge-patch+json, "
                                + "application/apply-patch+yaml"),
                Arguments.of("malformed merge patch", "", "application/merge-patch+json", "{\"data\":", 400,
                        "BadRequest", "could not be decoded"),
                Arguments.of("JSON patch that is not a list", "", "application/json-patch+json", "{}", 400,
                        "BadRequest", "must be an array"),
                Arguments.of("JSON patch test that fails", "", "application/json-patch+json",
                        "[{\"op\":\"test\",\"path\":\"/data/a\",\"value\":\"other\"}]", 422, "Invalid",
                        "the server rejected our request due to an error in our request"),
                Arguments.of("patch making the object invalid", "", "application/merge-patch+json",
                        "{\"metadata\":{\"labels\":{\"bad label\":\"x\"}}}", 422, "Invalid",
                        "metadata.labels: Invalid value: \"bad label\""),
                Arguments.of("force on a non-apply patch", "?force=true", "application/merge-patch+json",
                        "{\"data\":{\"a\":\"2\"}}", 422, "Invalid",
                        "PatchOptions.meta.k8s.io \"\" is invalid: force: Forbidden: may not be specified for non-apply patch"),
                Arguments.of("apply without a field manager", "", "application/apply-patch+yaml", cm.formatted("2"), 422,
                        "Invalid", "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required "
                                + "for apply patch"),
                Arguments.of("apply with a conflicting field manager", "?fieldManager=intruder",
                        "application/apply-patch+yaml", cm.formatted("2"), 409, "Conflict",
                        "Apply failed with 1 conflict: conflict with \"owner\": .data.a"),
                Arguments.of("apply of another version", "?fieldManager=m", "application/apply-patch+yaml",
                        cm.formatted("2").replace("\"v1\"", "\"v2\""), 400, "BadRequest",
                        "Incorrect version specified in apply patch. Specified patch version: v2, expected: v1"),
                Arguments.of("apply without a kind", "?fieldManager=m", "application/apply-patch+yaml",
                        "metadata:\n  name: settings\ndata:\n  a: \"2\"\n", 400, "BadRequest", "Object 'Kind' is missing"),
                Arguments.of("apply with managedFields", "?fieldManager=m", "application/apply-patch+yaml",
                        cm.formatted("2").replace("\"name\":\"settings\"", "\"name\":\"settings\",\"managedFields\":[]"),
                        400, "BadRequest", "metadata.managedFields must be nil"),
                Arguments.of("apply with an unknown field, Strict", "?fieldManager=m&fieldValidation=Strict",
                        "application/apply-patch+yaml", cm.formatted("1").replace("\"data\"", "\"dta\""), 400,
                        "BadRequest", "strict decoding error: unknown field \"dta\""),
                Arguments.of("malformed YAML apply", "?fieldManager=m", "application/apply-patch+yaml",
                        "kind: [ConfigMap", 400, "BadRequest", "could not be decoded"),
                Arguments.of("apply under another name", "?fieldManager=m", "application/apply-patch+yaml",
                        cm.formatted("2").replace("settings", "other"), 400, "BadRequest",
                        "the name of the object (other) does not match the name on the URL (settings)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badPatches")
    void aBadPatchIsRejectedWithAStatusAndChangesNothing(String what, String query, String contentType, String body,
                                                         int code, String reason, String message) {
        String path = "/api/v1/namespaces/" + ns + "/configmaps/settings";
        if (client.configMaps().inNamespace(ns).withName("settings").get() == null) {
            Http.Response created = http.send("PATCH", path + "?fieldManager=owner", "application/apply-patch+yaml",
                    "{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"settings\"},"
                            + "\"data\":{\"a\":\"1\"}}");
            assertThat(created.code()).as(created.body()).isEqualTo(201);
        }
        String before = client.configMaps().inNamespace(ns).withName("settings").get().getMetadata().getResourceVersion();

        Http.Response response = http.send("PATCH", path + query, contentType, body);

        assertThat(response.code()).as(response.body()).isEqualTo(code);
        JsonNode status = response.json();
        assertThat(status.path("kind").asText()).isEqualTo("Status");
        assertThat(status.path("reason").asText()).isEqualTo(reason);
        assertThat(status.path("message").asText()).contains(message);
        var after = client.configMaps().inNamespace(ns).withName("settings").get();
        assertThat(after.getMetadata().getResourceVersion()).isEqualTo(before);
        assertThat(after.getData()).containsEntry("a", "1");
        if (code == 409) {
            assertThat(status.at("/details/causes/0/reason").asText()).isEqualTo("FieldManagerConflict");
            assertThat(status.at("/details/causes/0/field").asText()).isEqualTo(".data.a");
        }
    }

    private static String pod(String name, String image) {
        return "{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{"
                + "\"restartPolicy\":\"Always\",\"containers\":[{\"name\":\"c\",\"image\":\"" + image + "\"}]}}";
    }
}
