package io.coxswain.apiserver.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coxswain.apiserver.api.ApiException;
import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupList;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.APIVersions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.mock.web.MockHttpServletRequest;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * Discovery as kubectl reads it (docs/kubectl-wire-protocol.md section 0): the legacy documents are decoded with
 * fabric8's own model classes (as the fabric8 client does) so that a misspelt field shows up as an unknown one.
 */
class DiscoveryTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final Discovery discovery = new Discovery(mapper);

    private Map<String, APIResource> resources(String group, String version) throws Exception {
        APIResourceList list = mapper.treeToValue(discovery.resources(group, version), APIResourceList.class);
        assertThat(list.getAdditionalProperties()).isEmpty();
        list.getResources().forEach(r -> assertThat(r.getAdditionalProperties()).as(r.getName()).isEmpty());
        assertThat(list.getKind()).isEqualTo("APIResourceList");
        return list.getResources().stream().collect(Collectors.toMap(APIResource::getName, Function.identity()));
    }

    @Test
    void coreResourceListHasKubectlsShortNamesCategoriesAndVerbs() throws Exception {
        Map<String, APIResource> core = resources("", "v1");

        APIResource pods = core.get("pods");
        assertThat(pods.getKind()).isEqualTo("Pod");
        assertThat(pods.getSingularName()).isEqualTo("pod");
        assertThat(pods.getNamespaced()).isTrue();
        assertThat(pods.getShortNames()).containsExactly("po");
        assertThat(pods.getCategories()).containsExactly("all");
        assertThat(pods.getVerbs()).containsExactlyInAnyOrder("create", "delete", "deletecollection", "get", "list", "patch",
                "update", "watch");
        assertThat(core.get("nodes").getNamespaced()).isFalse();
        assertThat(core.get("namespaces").getShortNames()).containsExactly("ns");
        assertThat(core.keySet()).contains("services", "endpoints", "events", "configmaps", "secrets");
    }

    @ParameterizedTest(name = "{0}/{1}: {2} -> kind {3}, verbs {4}")
    @CsvSource(delimiter = '|', value = {
            "''   | v1 | pods/status         | Pod        | get,patch,update",
            "''   | v1 | pods/binding        | Binding    | create",
            "''   | v1 | pods/log            | Pod        | get",
            "''   | v1 | nodes/status        | Node       | get,patch,update",
            "''   | v1 | namespaces/finalize | Namespace  | update",
            "apps | v1 | deployments/scale   | Scale      | get,patch,update",
            "apps | v1 | replicasets/status  | ReplicaSet | get,patch,update",
    })
    void subresourcesAreListedWithTheirKindAndVerbs(String group, String version, String name, String kind, String verbs)
            throws Exception {
        APIResource sub = resources(group, version).get(name);

        assertThat(sub).as(name).isNotNull();
        assertThat(sub.getKind()).isEqualTo(kind);
        assertThat(sub.getVerbs()).containsExactlyElementsOf(List.of(verbs.split(",")));
    }

    @Test
    void scaleSubresourceNamesTheAutoscalingGroup() throws Exception {
        APIResource scale = resources("apps", "v1").get("deployments/scale");

        assertThat(scale.getGroup()).isEqualTo("autoscaling");
        assertThat(scale.getVersion()).isEqualTo("v1");
    }

    @Test
    void groupListNamesEveryNamedGroupWithItsPreferredVersion() throws Exception {
        APIGroupList groups = mapper.treeToValue(discovery.groups(), APIGroupList.class);

        assertThat(groups.getKind()).isEqualTo("APIGroupList");
        assertThat(groups.getGroups()).extracting(APIGroup::getName).containsExactly("apps", "coordination.k8s.io");
        assertThat(groups.getGroups().get(0).getPreferredVersion().getGroupVersion()).isEqualTo("apps/v1");
        assertThat(groups.getGroups().get(0).getVersions()).singleElement()
                .satisfies(v -> assertThat(v.getGroupVersion()).isEqualTo("apps/v1"));
        APIGroup apps = mapper.treeToValue(discovery.group("apps"), APIGroup.class);
        assertThat(apps.getKind()).isEqualTo("APIGroup");
        assertThat(apps.getName()).isEqualTo("apps");
    }

    @Test
    void coreVersionsNameTheAddressTheClientReached() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setLocalAddr("127.0.0.1");
        request.setLocalPort(6443);

        APIVersions versions = mapper.treeToValue(discovery.coreVersions(request), APIVersions.class);

        assertThat(versions.getKind()).isEqualTo("APIVersions");
        assertThat(versions.getVersions()).containsExactly("v1");
        assertThat(versions.getServerAddressByClientCIDRs()).singleElement()
                .satisfies(a -> assertThat(a.getServerAddress()).isEqualTo("127.0.0.1:6443"));
    }

    @ParameterizedTest(name = "{0}/{1} -> 404")
    @CsvSource({"batch, v1", "apps, v2", "'', v2"})
    void unknownGroupVersionIsNotFound(String group, String version) {
        assertThatThrownBy(() -> discovery.resources(group, version))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(404));
    }

    @Test
    void unknownOrCoreGroupDocumentIsNotFound() {
        assertThatThrownBy(() -> discovery.group("batch")).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> discovery.group("")).isInstanceOf(ApiException.class);
    }

    @Test
    void aggregatedCoreDocumentDescribesEachResource() {
        JsonNode doc = discovery.aggregated(true);

        assertThat(doc.get("kind").asText()).isEqualTo("APIGroupDiscoveryList");
        assertThat(doc.get("apiVersion").asText()).isEqualTo("apidiscovery.k8s.io/v2");
        assertThat(doc.get("items")).hasSize(1);
        JsonNode v1 = doc.at("/items/0/versions/0");
        assertThat(v1.get("version").asText()).isEqualTo("v1");
        assertThat(v1.get("freshness").asText()).isEqualTo("Current");
        JsonNode pods = StreamSupport.stream(v1.get("resources").spliterator(), false)
                .filter(r -> r.get("resource").asText().equals("pods")).findFirst().orElseThrow();
        assertThat(pods.get("scope").asText()).isEqualTo("Namespaced");
        assertThat(pods.get("singularResource").asText()).isEqualTo("pod");
        assertThat(pods.at("/responseKind/kind").asText()).isEqualTo("Pod");
        assertThat(pods.at("/responseKind/group").asText()).isEmpty();
        assertThat(pods.get("shortNames").toString()).isEqualTo("[\"po\"]");
        assertThat(pods.get("subresources").findValuesAsText("subresource")).containsExactly("binding", "log", "status");
        JsonNode nodes = StreamSupport.stream(v1.get("resources").spliterator(), false)
                .filter(r -> r.get("resource").asText().equals("nodes")).findFirst().orElseThrow();
        assertThat(nodes.get("scope").asText()).isEqualTo("Cluster");
    }

    @Test
    void aggregatedGroupsDocumentNamesTheGroupsAndTheScaleKind() {
        JsonNode doc = discovery.aggregated(false);

        assertThat(doc.get("items").findValuesAsText("name")).contains("apps", "coordination.k8s.io");
        JsonNode deployments = doc.at("/items/0/versions/0/resources/0");
        assertThat(deployments.get("resource").asText()).isEqualTo("deployments");
        JsonNode scale = StreamSupport.stream(deployments.get("subresources").spliterator(), false)
                .filter(s -> s.get("subresource").asText().equals("scale")).findFirst().orElseThrow();
        assertThat(scale.get("responseKind").toString())
                .isEqualTo("{\"group\":\"autoscaling\",\"version\":\"v1\",\"kind\":\"Scale\"}");
    }
}
