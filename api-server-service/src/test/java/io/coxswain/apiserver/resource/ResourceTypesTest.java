package io.coxswain.apiserver.resource;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

/** The names kubectl and the error messages use for each served kind. */
class ResourceTypesTest {

    @ParameterizedTest(name = "{0}/{1} {2} -> {3}")
    @CsvSource(delimiter = '|', value = {
            "''                  | v1 | pods        | Pod        | v1                     | pods                | Pod                 | /api/v1                          | true",
            "''                  | v1 | namespaces  | Namespace  | v1                     | namespaces          | Namespace           | /api/v1                          | false",
            "''                  | v1 | nodes       | Node       | v1                     | nodes               | Node                | /api/v1                          | false",
            "''                  | v1 | endpoints   | Endpoints  | v1                     | endpoints           | Endpoints           | /api/v1                          | true",
            "apps                | v1 | deployments | Deployment | apps/v1                | deployments.apps    | Deployment.apps     | /apis/apps/v1                    | true",
            "apps                | v1 | replicasets | ReplicaSet | apps/v1                | replicasets.apps    | ReplicaSet.apps     | /apis/apps/v1                    | true",
            "coordination.k8s.io | v1 | leases      | Lease      | coordination.k8s.io/v1 | leases.coordination.k8s.io | Lease.coordination.k8s.io | /apis/coordination.k8s.io/v1 | true",
    })
    void kindIsFoundByItsRestNameAndNamedAsKubernetesNamesIt(String group, String version, String plural, String kind,
                                                           String apiVersion, String qualifiedName, String qualifiedKind,
                                                           String path, boolean namespaced) {
        ResourceType type = ResourceTypes.find(group, version, plural).orElseThrow();

        assertThat(type.kind()).isEqualTo(kind);
        assertThat(type.apiVersion()).isEqualTo(apiVersion);
        assertThat(type.qualifiedName()).isEqualTo(qualifiedName);
        assertThat(type.qualifiedKind()).isEqualTo(qualifiedKind);
        assertThat(type.groupVersionPath()).isEqualTo(path);
        assertThat(type.namespaced()).isEqualTo(namespaced);
    }

    @ParameterizedTest(name = "{0}/{1} {2} is not served")
    @CsvSource(delimiter = '|', value = {"'' | v1 | deployments", "apps | v1 | pods", "'' | v2 | pods", "'' | v1 | Pod",
            "'' | v1 | pod", "batch | v1 | jobs"})
    void unservedNamesAreNotFound(String group, String version, String plural) {
        assertThat(ResourceTypes.find(group, version, plural)).isEmpty();
    }

    @Test
    void kindsWithStatusSubresourceIgnoreStatusOnTheMainResource() {
        assertThat(ResourceTypes.PODS.hasStatus()).isTrue();
        assertThat(ResourceTypes.DEPLOYMENTS.hasStatus()).isTrue();
        assertThat(ResourceTypes.CONFIGMAPS.hasStatus()).isFalse();
        assertThat(ResourceTypes.EVENTS.hasStatus()).isFalse();
    }

    @Test
    void kubectlShortNamesAndCategoryAll() {
        assertThat(ResourceTypes.PODS.shortNames()).containsExactly("po");
        assertThat(ResourceTypes.DEPLOYMENTS.shortNames()).containsExactly("deploy");
        assertThat(ResourceTypes.SERVICES.shortNames()).containsExactly("svc");
        assertThat(ResourceTypes.NAMESPACES.shortNames()).containsExactly("ns");
        // kubectl get all = pods, services, deployments, replicasets (of the kinds served here)
        assertThat(ResourceTypes.ALL.stream().filter(t -> t.categories().contains("all")).map(ResourceType::plural))
                .containsExactlyInAnyOrder("pods", "services", "deployments", "replicasets");
    }

    @Test
    void groupVersionsListCoreFirstThenGroupsInOrder() {
        Map<String, List<String>> groups = ResourceTypes.groupVersions();

        assertThat(groups.keySet()).containsExactly("", "apps", "coordination.k8s.io");
        assertThat(groups.values()).allSatisfy(v -> assertThat(v).containsExactly("v1"));
    }

    @Test
    void groupVersionListsItsKinds() {
        assertThat(ResourceTypes.inGroupVersion("apps", "v1")).extracting(ResourceType::kind)
                .containsExactly("Deployment", "ReplicaSet");
        assertThat(ResourceTypes.inGroupVersion("", "v1")).extracting(ResourceType::kind)
                .containsExactly("Namespace", "Node", "Pod", "Service", "Endpoints", "Event", "ConfigMap", "Secret");
        assertThat(ResourceTypes.inGroupVersion("apps", "v2")).isEmpty();
    }

    @Test
    void everyKindHasAUniqueRestName() {
        assertThat(ResourceTypes.ALL.stream().map(t -> t.group() + "/" + t.plural())).doesNotHaveDuplicates();
    }
}
