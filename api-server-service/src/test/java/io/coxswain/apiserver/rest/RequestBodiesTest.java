package io.coxswain.apiserver.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.coxswain.apiserver.api.ApiException;
import io.coxswain.apiserver.registry.ObjectCodec;
import io.coxswain.apiserver.resource.ResourceTypes;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

/**
 * Request bodies as kubectl sends them: JSON from {@code apply}/{@code create -f}, YAML from server-side apply,
 * with {@code fieldValidation=Strict|Warn|Ignore} (kubectl's {@code --validate=strict|warn|false}).
 */
class RequestBodiesTest {

    private static final String DEPLOYMENT_WITH_UNKNOWN_FIELDS = """
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","labels":{"app":"web"}},
             "spec":{"replicas":2,"foo":"bar","selector":{"matchLabels":{"app":"web"}},
              "template":{"metadata":{"labels":{"app":"web"}},
               "spec":{"containers":[{"name":"web","image":"nginx","colour":"blue"}]}}}}
            """;

    private final RequestBodies bodies = new RequestBodies(new ObjectCodec());

    private JsonNode tree(String body, String contentType) {
        return bodies.parseTree(body.getBytes(StandardCharsets.UTF_8), contentType);
    }

    @Test
    void strictValidationRejectsUnknownFieldsNamingEachPath() {
        JsonNode tree = tree(DEPLOYMENT_WITH_UNKNOWN_FIELDS, "application/json");

        assertThatThrownBy(() -> bodies.decode(ResourceTypes.DEPLOYMENTS, tree, RequestBodies.FieldValidation.STRICT))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(400);
                    assertThat(e.reason()).isEqualTo("BadRequest");
                    assertThat(e.getMessage())
                            .startsWith("Deployment in version ")
                            .contains(" cannot be handled as a Deployment: strict decoding error: ")
                            .contains("unknown field \"spec.foo\"")
                            .contains("unknown field \"spec.template.spec.containers[0].colour\"");
                });
    }

    /**
     * Kubernetes names the version alone: {@code Deployment in version "v1" cannot be handled as a Deployment: strict
     * decoding error: unknown field "spec.foo"} (docs/kubectl-wire-protocol.md section 2.6).
     */
    @Disabled("bug: RequestBodies.decode puts type.apiVersion() (\"apps/v1\") where Kubernetes puts the version (\"v1\")")
    @Test
    void strictValidationMessageOfAGroupedKindNamesTheVersionAlone() {
        JsonNode tree = tree("{\"kind\":\"Deployment\",\"metadata\":{\"name\":\"d\"},\"spec\":{\"foo\":1}}",
                "application/json");

        assertThatThrownBy(() -> bodies.decode(ResourceTypes.DEPLOYMENTS, tree, RequestBodies.FieldValidation.STRICT))
                .hasMessage("Deployment in version \"v1\" cannot be handled as a Deployment: strict decoding error: "
                        + "unknown field \"spec.foo\"");
    }

    @Test
    void strictValidationMessageForOneUnknownFieldIsKubernetes() {
        JsonNode tree = tree("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\"},\"foo\":1}",
                "application/json");

        assertThatThrownBy(() -> bodies.decode(ResourceTypes.CONFIGMAPS, tree, RequestBodies.FieldValidation.STRICT))
                .hasMessage("ConfigMap in version \"v1\" cannot be handled as a ConfigMap: strict decoding error: "
                        + "unknown field \"foo\"");
    }

    @Test
    void warnValidationDropsUnknownFieldsAndReportsThemAsWarnings() {
        RequestBodies.Decoded<Deployment> decoded = bodies.decode(ResourceTypes.DEPLOYMENTS,
                tree(DEPLOYMENT_WITH_UNKNOWN_FIELDS, "application/json"), RequestBodies.FieldValidation.WARN);

        assertThat(decoded.warnings()).containsExactlyInAnyOrder("unknown field \"spec.foo\"",
                "unknown field \"spec.template.spec.containers[0].colour\"");
        assertThat(decoded.object().getSpec().getReplicas()).isEqualTo(2);
        assertThat(decoded.object().getSpec().getAdditionalProperties()).isEmpty();
        assertThat(decoded.object().getSpec().getTemplate().getSpec().getContainers().get(0).getAdditionalProperties())
                .isEmpty();
    }

    @Test
    void ignoreValidationDropsUnknownFieldsSilently() {
        RequestBodies.Decoded<Deployment> decoded = bodies.decode(ResourceTypes.DEPLOYMENTS,
                tree(DEPLOYMENT_WITH_UNKNOWN_FIELDS, "application/json"), RequestBodies.FieldValidation.IGNORE);

        assertThat(decoded.warnings()).isEmpty();
        assertThat(decoded.object().getSpec().getAdditionalProperties()).isEmpty();
        assertThat(decoded.object().getMetadata().getName()).isEqualTo("web");
    }

    @Test
    void knownFieldsOnlyDecodeWithoutWarningsInStrictMode() {
        RequestBodies.Decoded<Pod> decoded = bodies.decode(ResourceTypes.PODS, tree("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","creationTimestamp":null,
                  "annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{}"}},
                 "spec":{"containers":[{"name":"c","image":"busybox","resources":{"limits":{"cpu":"500m"}},
                   "ports":[{"containerPort":80}]}]},"status":{}}
                """, "application/json"), RequestBodies.FieldValidation.STRICT);

        assertThat(decoded.warnings()).isEmpty();
        assertThat(decoded.object().getSpec().getContainers().get(0).getResources().getLimits().get("cpu").toString())
                .isEqualTo("500m");
    }

    @ParameterizedTest(name = "fieldValidation={0}")
    @CsvSource(nullValues = "null", value = {"null, WARN", "'', WARN", "Warn, WARN", "Strict, STRICT", "Ignore, IGNORE"})
    void fieldValidationDefaultsToWarnAsInKubernetes(String value, RequestBodies.FieldValidation expected) {
        assertThat(RequestBodies.FieldValidation.parse(value)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "fieldValidation={0} -> 400")
    @ValueSource(strings = {"strict", "true", "All"})
    void unsupportedFieldValidationIsABadRequest(String value) {
        assertThatThrownBy(() -> RequestBodies.FieldValidation.parse(value))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("\"" + value + "\"").contains("\"Ignore\", \"Warn\", \"Strict\"");
                });
    }

    @Test
    void kindMismatchIsABadRequest() {
        JsonNode tree = tree("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\"}}", "application/json");

        assertThatThrownBy(() -> bodies.decode(ResourceTypes.DEPLOYMENTS, tree, RequestBodies.FieldValidation.STRICT))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(400);
                    assertThat(e.getMessage()).isEqualTo("the kind in the data (Pod) does not match the expected kind (Deployment)");
                });
    }

    @Test
    void apiVersionMismatchIsABadRequest() {
        JsonNode tree = tree("{\"apiVersion\":\"extensions/v1beta1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"d\"}}",
                "application/json");

        assertThatThrownBy(() -> bodies.decode(ResourceTypes.DEPLOYMENTS, tree, RequestBodies.FieldValidation.WARN))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(400);
                    assertThat(e.getMessage()).isEqualTo("the API version in the data (extensions/v1beta1) does not match "
                            + "the expected API version (apps/v1)");
                });
    }

    @Test
    void missingKindAndApiVersionAreFilledInFromThePath() {
        RequestBodies.Decoded<ConfigMap> decoded = bodies.decode(ResourceTypes.CONFIGMAPS,
                tree("{\"metadata\":{\"name\":\"c\"},\"data\":{\"k\":\"v\"}}", "application/json"),
                RequestBodies.FieldValidation.STRICT);

        assertThat(decoded.object().getKind()).isEqualTo("ConfigMap");
        assertThat(decoded.object().getApiVersion()).isEqualTo("v1");
        assertThat(decoded.object().getData()).containsEntry("k", "v");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{\"metadata\":", "{\"metadata\":{\"name\":\"x\"},}", "not json", "{'a':1}"})
    void malformedJsonIsABadRequest(String body) {
        assertThatThrownBy(() -> tree(body, "application/json"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(400);
                    assertThat(e.getMessage()).startsWith("the body of the request could not be decoded: ");
                });
    }

    @Test
    void wrongFieldTypeIsABadRequest() {
        JsonNode tree = tree("{\"kind\":\"Deployment\",\"metadata\":{\"name\":\"d\"},\"spec\":{\"replicas\":\"many\"}}",
                "application/json");

        assertThatThrownBy(() -> bodies.decode(ResourceTypes.DEPLOYMENTS, tree, RequestBodies.FieldValidation.STRICT))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(400));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"[1,2]", "\"text\"", "42"})
    void bodyThatIsNotAnObjectIsABadRequest(String body) {
        JsonNode tree = tree(body, "application/json");

        assertThatThrownBy(() -> bodies.decode(ResourceTypes.PODS, tree, RequestBodies.FieldValidation.WARN))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(400);
                    assertThat(e.getMessage()).isEqualTo("the body of the request is not a JSON object");
                });
    }

    @ParameterizedTest(name = "empty body")
    @NullAndEmptySource
    void emptyBodyIsABadRequest(byte[] body) {
        assertThatThrownBy(() -> bodies.parseTree(body, "application/json"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(400);
                    assertThat(e.getMessage()).isEqualTo("the request body is empty");
                });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"application/yaml", "application/x-yaml", "text/yaml", "application/apply-patch+yaml",
            "application/yaml; charset=utf-8"})
    void yamlBodyDecodesLikeItsJson(String contentType) {
        String yaml = """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                spec:
                  replicas: 3
                  selector:
                    matchLabels:
                      app: web
                  template:
                    metadata:
                      labels:
                        app: web
                    spec:
                      containers:
                      - name: web
                        image: nginx:1.25
                """;

        RequestBodies.Decoded<Deployment> decoded = bodies.decode(ResourceTypes.DEPLOYMENTS, tree(yaml, contentType),
                RequestBodies.FieldValidation.STRICT);

        assertThat(decoded.warnings()).isEmpty();
        assertThat(decoded.object().getSpec().getReplicas()).isEqualTo(3);
        assertThat(decoded.object().getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("nginx:1.25");
    }

    @Test
    void yamlBodyWithUnknownFieldIsRejectedUnderStrict() {
        JsonNode tree = tree("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  colour: red\n", "application/yaml");

        assertThatThrownBy(() -> bodies.decode(ResourceTypes.CONFIGMAPS, tree, RequestBodies.FieldValidation.STRICT))
                .hasMessageEndingWith("strict decoding error: unknown field \"metadata.colour\"");
    }

    @ParameterizedTest(name = "Content-Type {0} is JSON")
    @NullAndEmptySource
    @ValueSource(strings = {"application/json", "application/json;charset=utf-8", "APPLICATION/JSON", "*/*",
            "application/merge-patch+json", "application/strategic-merge-patch+json"})
    void jsonContentTypesAndAMissingOneAreParsedAsJson(String contentType) {
        assertThat(tree("{\"a\":1}", contentType).get("a").asInt()).isEqualTo(1);
    }

    @ParameterizedTest(name = "Content-Type {0} -> 415")
    @ValueSource(strings = {"application/vnd.kubernetes.protobuf", "text/plain", "application/xml"})
    void otherContentTypesAreUnsupported(String contentType) {
        assertThatThrownBy(() -> tree("{\"a\":1}", contentType))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(415);
                    assertThat(e.reason()).isEqualTo("UnsupportedMediaType");
                    assertThat(e.getMessage()).endsWith("(got " + contentType + ")");
                });
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "application/json | application/json",
            "Application/JSON; charset=UTF-8 | application/json",
            " application/yaml ;q=1 | application/yaml",
            "null | ''",
    })
    void mediaTypeDropsParametersAndCase(String contentType, String expected) {
        assertThat(RequestBodies.mediaType(contentType)).isEqualTo(expected);
    }
}
