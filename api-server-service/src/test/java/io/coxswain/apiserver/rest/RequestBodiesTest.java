package io.coxswain.apiserver.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.coxswain.apiserver.api.ApiException;
import io.coxswain.apiserver.registry.ObjectCodec;
import io.coxswain.apiserver.resource.ResourceTypes;
import io.coxswain.apiserver.resource.ResourceType;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

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

    /** Manifests as users write them, using the fields each kind really has: none may be reported as unknown. */
    static Stream<Arguments> realManifests() {
        return Stream.of(
                Arguments.of(ResourceTypes.PODS, """
                        apiVersion: v1
                        kind: Pod
                        metadata: {name: web, namespace: shop, labels: {app: web}, annotations: {a: b}}
                        spec:
                          nodeSelector: {disk: ssd}
                          affinity:
                            nodeAffinity:
                              requiredDuringSchedulingIgnoredDuringExecution:
                                nodeSelectorTerms:
                                - matchExpressions: [{key: zone, operator: In, values: [a, b]}]
                          tolerations: [{key: gpu, operator: Exists, effect: NoSchedule, tolerationSeconds: 10}]
                          initContainers: [{name: init, image: busybox, command: [sh, -c, "true"]}]
                          containers:
                          - name: web
                            image: nginx:1.25
                            args: [--port, "8080"]
                            env:
                            - {name: A, value: b}
                            - name: POD
                              valueFrom: {fieldRef: {fieldPath: metadata.name}}
                            ports: [{name: http, containerPort: 8080, hostPort: 30080, protocol: TCP}]
                            resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {cpu: "1", memory: 128Mi}}
                            livenessProbe: {httpGet: {path: /healthz, port: http}, initialDelaySeconds: 5}
                            readinessProbe: {tcpSocket: {port: 8080}, periodSeconds: 2}
                            startupProbe: {exec: {command: [cat, /tmp/ready]}, failureThreshold: 30}
                            volumeMounts: [{name: cfg, mountPath: /etc/cfg, readOnly: true}]
                            securityContext: {runAsUser: 1000, readOnlyRootFilesystem: true}
                          volumes:
                          - {name: cfg, configMap: {name: web-cfg}}
                          - {name: tmp, emptyDir: {}}
                          restartPolicy: Always
                          terminationGracePeriodSeconds: 10
                        status: {}
                        """),
                Arguments.of(ResourceTypes.SERVICES, """
                        apiVersion: v1
                        kind: Service
                        metadata: {name: web}
                        spec:
                          type: NodePort
                          selector: {app: web}
                          ports: [{name: http, port: 80, targetPort: http, nodePort: 30080, protocol: TCP}]
                          sessionAffinity: ClientIP
                          externalTrafficPolicy: Local
                        """),
                Arguments.of(ResourceTypes.DEPLOYMENTS, """
                        apiVersion: apps/v1
                        kind: Deployment
                        metadata: {name: web}
                        spec:
                          replicas: 3
                          minReadySeconds: 5
                          revisionHistoryLimit: 3
                          progressDeadlineSeconds: 120
                          strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}
                          selector:
                            matchLabels: {app: web}
                            matchExpressions: [{key: tier, operator: NotIn, values: [db]}]
                          template:
                            metadata: {labels: {app: web}}
                            spec: {containers: [{name: web, image: nginx}]}
                        """),
                Arguments.of(ResourceTypes.SECRETS, """
                        apiVersion: v1
                        kind: Secret
                        metadata: {name: creds}
                        type: Opaque
                        immutable: false
                        data: {user: YWRtaW4=}
                        stringData: {pass: s3cret}
                        """),
                Arguments.of(ResourceTypes.CONFIGMAPS, """
                        apiVersion: v1
                        kind: ConfigMap
                        metadata: {name: cfg}
                        data: {app.properties: "a=b"}
                        binaryData: {blob: AAE=}
                        """),
                Arguments.of(ResourceTypes.EVENTS, """
                        apiVersion: v1
                        kind: Event
                        metadata: {name: web.1, namespace: shop}
                        involvedObject: {kind: Pod, name: web, namespace: shop, uid: u1, apiVersion: v1, fieldPath: "spec.containers{web}"}
                        reason: Pulled
                        message: pulled
                        type: Normal
                        count: 2
                        firstTimestamp: "2026-01-10T11:00:00Z"
                        lastTimestamp: "2026-01-10T11:05:00Z"
                        eventTime: "2026-01-10T11:05:00.123456Z"
                        reportingComponent: node-agent
                        reportingInstance: node-a
                        source: {component: node-agent, host: node-a}
                        """),
                Arguments.of(ResourceTypes.LEASES, """
                        apiVersion: coordination.k8s.io/v1
                        kind: Lease
                        metadata: {name: scheduler, namespace: kube-system}
                        spec:
                          holderIdentity: a
                          leaseDurationSeconds: 15
                          acquireTime: "2026-01-10T11:05:00.000000Z"
                          renewTime: "2026-01-10T11:05:10.000000Z"
                          leaseTransitions: 2
                        """),
                Arguments.of(ResourceTypes.NODES, """
                        apiVersion: v1
                        kind: Node
                        metadata: {name: node-a, labels: {kubernetes.io/hostname: node-a}}
                        spec: {unschedulable: true, taints: [{key: k, value: v, effect: NoSchedule}]}
                        status:
                          capacity: {cpu: "2", memory: 4Gi, pods: "110"}
                          allocatable: {cpu: 1900m, memory: 3Gi, pods: "110"}
                          addresses: [{type: InternalIP, address: 127.0.0.1}]
                          conditions: [{type: Ready, status: "True", lastHeartbeatTime: "2026-01-10T11:05:00Z", reason: Ready}]
                          nodeInfo: {kubeletVersion: v1.32.0, osImage: Debian, kernelVersion: "6.1", containerRuntimeVersion: docker://28.0, architecture: amd64, operatingSystem: linux, machineID: m, systemUUID: s, bootID: b, kubeProxyVersion: v1.32.0}
                        """));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("realManifests")
    void realManifestsDecodeUnderStrictWithoutUnknownFields(ResourceType type, String yaml) {
        RequestBodies.Decoded<HasMetadata> decoded = bodies.decode(type, tree(yaml, "application/yaml"),
                RequestBodies.FieldValidation.STRICT);

        assertThat(decoded.warnings()).isEmpty();
        assertThat(decoded.object().getKind()).isEqualTo(type.kind());
    }

    @Test
    void unknownFieldsInNestedListsAndMapsAreFoundWithTheirPath() {
        RequestBodies.Decoded<Pod> decoded = bodies.decode(ResourceTypes.PODS, tree("""
                {"metadata":{"name":"p","colour":"red"},
                 "spec":{"containers":[{"name":"a","image":"x"},
                   {"name":"b","image":"y","ports":[{"containerPort":80},{"containerPort":81,"extra":true}],
                    "resources":{"limits":{"cpu":"1"}},"livenessProbe":{"httpGet":{"port":80,"verb":"GET"}}}],
                  "volumes":[{"name":"v","configMap":{"name":"c","items":[{"key":"k","path":"p","mode2":1}]}}]}}
                """, "application/json"), RequestBodies.FieldValidation.WARN);

        assertThat(decoded.warnings()).containsExactlyInAnyOrder(
                "unknown field \"metadata.colour\"",
                "unknown field \"spec.containers[1].ports[1].extra\"",
                "unknown field \"spec.containers[1].livenessProbe.httpGet.verb\"",
                "unknown field \"spec.volumes[0].configMap.items[0].mode2\"");
    }

    /** Kubernetes' strict decoding also reports duplicate fields ({@code strict decoding error: ... duplicate field}). */
    @Test
    void strictValidationRejectsDuplicateFields() {
        JsonNode tree = tree("{\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\"},\"data\":{\"a\":\"1\"},"
                + "\"data\":{\"b\":\"2\"}}", "application/json");

        assertThatThrownBy(() -> bodies.decode(ResourceTypes.CONFIGMAPS, tree, RequestBodies.FieldValidation.STRICT))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("duplicate field");
                });
    }

    @Test
    void strictDuplicateFieldMessageIsKubernetesAndNamesNestedPaths() {
        JsonNode tree = tree("""
                {"kind":"Deployment","metadata":{"name":"d","name":"e"},
                 "spec":{"template":{"spec":{"containers":[{"name":"a"},{"name":"b","image":"x","image":"y"}]}}}}
                """, "application/json");

        assertThatThrownBy(() -> bodies.decode(ResourceTypes.DEPLOYMENTS, tree, RequestBodies.FieldValidation.STRICT))
                .hasMessage("Deployment in version \"v1\" cannot be handled as a Deployment: strict decoding error: "
                        + "duplicate field \"metadata.name\", duplicate field \"spec.template.spec.containers[1].image\"");
    }

    @Test
    void warnValidationKeepsTheLastDuplicateAndWarns() {
        RequestBodies.Decoded<ConfigMap> decoded = bodies.decode(ResourceTypes.CONFIGMAPS,
                tree("{\"metadata\":{\"name\":\"c\"},\"data\":{\"a\":\"1\"},\"data\":{\"b\":\"2\"}}", "application/json"),
                RequestBodies.FieldValidation.WARN);

        assertThat(decoded.warnings()).containsExactly("duplicate field \"data\"");
        assertThat(decoded.object().getData()).containsExactly(java.util.Map.entry("b", "2"));
    }

    @Test
    void ignoreValidationKeepsTheLastDuplicateSilently() {
        RequestBodies.Decoded<ConfigMap> decoded = bodies.decode(ResourceTypes.CONFIGMAPS,
                tree("{\"metadata\":{\"name\":\"c\"},\"data\":{\"a\":\"1\",\"a\":\"2\"}}", "application/json"),
                RequestBodies.FieldValidation.IGNORE);

        assertThat(decoded.warnings()).isEmpty();
        assertThat(decoded.object().getData()).containsExactly(java.util.Map.entry("a", "2"));
    }

    @Test
    void sameFieldNameInSiblingObjectsIsNoDuplicate() {
        RequestBodies.Decoded<Pod> decoded = bodies.decode(ResourceTypes.PODS, tree("""
                {"metadata":{"name":"p"},"spec":{"containers":[{"name":"a","image":"x"},{"name":"b","image":"y"}]}}
                """, "application/json"), RequestBodies.FieldValidation.STRICT);

        assertThat(decoded.warnings()).isEmpty();
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
