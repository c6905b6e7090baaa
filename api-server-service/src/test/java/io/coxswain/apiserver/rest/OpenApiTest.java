package io.coxswain.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coxswain.apiserver.api.ApiException;
import io.coxswain.apiserver.registry.ObjectCodec;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The OpenAPI v3 documents as kubectl reads them: root, per group-version documents, schemas, caching. */
class OpenApiTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final OpenApi openApi;

    OpenApiTest() throws Exception {
        openApi = new OpenApi(new ObjectCodec());
    }

    @Test
    void rootListsEveryGroupVersionWithAHashedUrl() throws Exception {
        JsonNode root = mapper.readTree(get("/openapi/v3", null).getContentAsByteArray());
        assertThat(root.path("paths").fieldNames()).toIterable()
                .containsExactly("api/v1", "apis/apps/v1", "apis/coordination.k8s.io/v1");
        assertThat(root.path("paths").path("apis/apps/v1").path("serverRelativeURL").asText())
                .matches("/openapi/v3/apis/apps/v1\\?hash=[0-9A-F]{128}");
    }

    @Test
    void listsCarryTheirMergeSemanticsAsKubernetesPublishesThem() throws Exception {
        JsonNode schemas = document("api/v1").path("components").path("schemas");
        JsonNode containers = schemas.at("/io.k8s.api.core.v1.PodSpec/properties/containers");
        assertThat(containers.path("x-kubernetes-list-type").asText()).isEqualTo("map");
        assertThat(containers.path("x-kubernetes-list-map-keys").toString()).isEqualTo("[\"name\"]");
        assertThat(containers.path("x-kubernetes-patch-merge-key").asText()).isEqualTo("name");
        assertThat(containers.path("x-kubernetes-patch-strategy").asText()).isEqualTo("merge");
        JsonNode ports = schemas.at("/io.k8s.api.core.v1.Container/properties/ports");
        assertThat(ports.path("x-kubernetes-list-map-keys").toString()).isEqualTo("[\"containerPort\",\"protocol\"]");
        assertThat(ports.path("x-kubernetes-patch-merge-key").asText()).isEqualTo("containerPort");
        assertThat(schemas.at("/io.k8s.api.core.v1.PodSpec/properties/volumes/x-kubernetes-patch-strategy").asText())
                .isEqualTo("merge,retainKeys");
        assertThat(schemas.at("/io.k8s.api.core.v1.Container/properties/command/x-kubernetes-list-type").asText())
                .isEqualTo("atomic");
        assertThat(schemas.at("/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta/properties/finalizers"
                + "/x-kubernetes-list-type").asText()).isEqualTo("set");
        assertThat(schemas.at("/io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector/x-kubernetes-map-type").asText())
                .isEqualTo("atomic");
        assertThat(schemas.at("/io.k8s.api.core.v1.PodSpec/properties/nodeSelector/x-kubernetes-map-type").asText())
                .isEqualTo("atomic");
    }

    @Test
    void deploymentSchemaIsTaggedAndReachedFromItsOperations() throws Exception {
        JsonNode doc = document("apis/apps/v1");
        JsonNode patch = doc.at("/paths/~1apis~1apps~1v1~1namespaces~1{namespace}~1deployments~1{name}/patch");
        assertThat(patch.at("/x-kubernetes-group-version-kind/kind").asText()).isEqualTo("Deployment");
        assertThat(patch.path("parameters").findValuesAsText("name")).contains("fieldValidation");
        // kubectl computes apply patches from its own struct tags unless SMP is advertised; it is not (see OpenApi)
        assertThat(patch.at("/requestBody/content").has(Patches.STRATEGIC_MERGE_PATCH)).isFalse();
        String ref = patch.at("/responses/200/content/application~1json/schema/$ref").asText();
        assertThat(ref).isEqualTo("#/components/schemas/io.k8s.api.apps.v1.Deployment");
        JsonNode deployment = resolve(doc, ref);
        assertThat(deployment.at("/x-kubernetes-group-version-kind/0").toString())
                .isEqualTo("{\"group\":\"apps\",\"kind\":\"Deployment\",\"version\":\"v1\"}");
        JsonNode spec = resolve(doc, deployment.at("/properties/spec/allOf/0/$ref").asText());
        assertThat(spec.at("/properties/replicas").toString()).isEqualTo("{\"type\":\"integer\",\"format\":\"int32\","
                + "\"description\":\"Number of desired pods. This is a pointer to distinguish between explicit zero and not "
                + "specified. Defaults to 1.\"}");
        JsonNode template = resolve(doc, spec.at("/properties/template/allOf/0/$ref").asText());
        JsonNode podSpec = resolve(doc, template.at("/properties/spec/allOf/0/$ref").asText());
        JsonNode containers = podSpec.at("/properties/containers");
        assertThat(podSpec.path("required").toString()).isEqualTo("[\"containers\"]");
        assertThat(containers.path("description").asText()).startsWith("List of containers belonging to the pod.");
        assertThat(deployment.path("description").asText()).startsWith("Deployment enables declarative updates");
        assertThat(spec.path("required").toString()).isEqualTo("[\"selector\",\"template\"]");
        assertThat(containers.path("type").asText()).isEqualTo("array");
        JsonNode container = resolve(doc, containers.at("/items/$ref").asText());
        assertThat(container.at("/properties/image/type").asText()).isEqualTo("string");
        // Kubernetes' special types keep their Kubernetes schemas
        JsonNode resources = resolve(doc, container.at("/properties/resources/allOf/0/$ref").asText());
        assertThat(resources.at("/properties/limits/additionalProperties/$ref").asText())
                .isEqualTo("#/components/schemas/io.k8s.apimachinery.pkg.api.resource.Quantity");
        assertThat(resolve(doc, "#/components/schemas/io.k8s.apimachinery.pkg.api.resource.Quantity")
                .path("oneOf").toString()).isEqualTo("[{\"type\":\"string\"},{\"type\":\"number\"}]");
        JsonNode port = resolve(doc, "#/components/schemas/io.k8s.api.core.v1.HTTPGetAction").at("/properties/port");
        assertThat(resolve(doc, port.at("/allOf/0/$ref").asText()).path("format").asText()).isEqualTo("int-or-string");
        JsonNode meta = resolve(doc, deployment.at("/properties/metadata/allOf/0/$ref").asText());
        assertThat(meta.at("/properties/creationTimestamp/allOf/0/$ref").asText())
                .isEqualTo("#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.Time");
    }

    @Test
    void everyRefResolvesInItsOwnDocumentAndOnlyServedKindsAreTagged() throws Exception {
        for (String gv : List.of("api/v1", "apis/apps/v1", "apis/coordination.k8s.io/v1")) {
            JsonNode doc = document(gv);
            List<String> refs = new ArrayList<>();
            collectRefs(doc, refs);
            assertThat(refs).isNotEmpty();
            for (String ref : refs) {
                assertThat(resolve(doc, ref)).as(gv + " " + ref).isNotNull();
            }
            List<String> kinds = new ArrayList<>();
            doc.path("components").path("schemas").forEach(s -> s.path("x-kubernetes-group-version-kind")
                    .forEach(g -> kinds.add(g.path("kind").asText())));
            if (gv.equals("api/v1")) {
                assertThat(kinds).containsExactlyInAnyOrder("Namespace", "NamespaceList", "Node", "NodeList", "Pod",
                        "PodList", "Service", "ServiceList", "Endpoints", "EndpointsList", "Event", "EventList",
                        "ConfigMap", "ConfigMapList", "Secret", "SecretList");
            }
        }
    }

    @Test
    void answers304ToItsOwnEtagAnd404ForV2() throws Exception {
        MockHttpServletResponse first = get("/openapi/v3/apis/apps/v1", null);
        String etag = first.getHeader("ETag");
        assertThat(etag).isNotBlank();
        MockHttpServletResponse second = get("/openapi/v3/apis/apps/v1", etag);
        assertThat(second.getStatus()).isEqualTo(304);
        assertThat(second.getContentAsByteArray()).isEmpty();
        assertThatThrownBy(openApi::v2).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.code()).isEqualTo(404));
    }

    private JsonNode document(String key) throws Exception {
        return mapper.readTree(get("/openapi/v3/" + key, null).getContentAsByteArray());
    }

    private MockHttpServletResponse get(String uri, String ifNoneMatch) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", uri);
        if (ifNoneMatch != null) {
            request.addHeader("If-None-Match", ifNoneMatch);
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        if (uri.equals("/openapi/v3")) {
            openApi.root(request, response);
        } else {
            openApi.groupVersion(request, response);
        }
        return response;
    }

    private static JsonNode resolve(JsonNode doc, String ref) {
        assertThat(ref).startsWith("#/components/schemas/");
        JsonNode schema = doc.path("components").path("schemas").get(ref.substring("#/components/schemas/".length()));
        assertThat(schema).as(ref).isNotNull();
        return schema;
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (e.getKey().equals("$ref")) {
                    refs.add(e.getValue().asText());
                } else {
                    collectRefs(e.getValue(), refs);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> collectRefs(n, refs));
        }
    }
}
