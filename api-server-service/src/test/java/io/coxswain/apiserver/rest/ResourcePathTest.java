package io.coxswain.apiserver.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coxswain.apiserver.api.ApiException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;

/** The REST paths kubectl and the fabric8 client use, after {@code /api/v1} or {@code /apis/<group>/<version>}. */
class ResourcePathTest {

    private static List<String> segments(String path) {
        return Arrays.asList(path.split("/", -1));
    }

    /** Columns: group, version, path after the group-version, then the expected kind, namespace, name, subresource. */
    @ParameterizedTest(name = "{0}/{1} {2} -> {3} ns={4} name={5} sub={6}")
    @CsvSource(delimiter = '|', nullValues = "-", emptyValue = "", value = {
            // namespaced collections and objects
            "''   | v1 | namespaces/default/pods                   | Pod        | default | -        | -",
            "''   | v1 | namespaces/default/pods/web-1             | Pod        | default | web-1    | -",
            "''   | v1 | namespaces/default/pods/web-1/status      | Pod        | default | web-1    | status",
            "''   | v1 | namespaces/default/pods/web-1/binding     | Pod        | default | web-1    | binding",
            "''   | v1 | namespaces/default/pods/web-1/log         | Pod        | default | web-1    | log",
            "''   | v1 | namespaces/kube-system/services/dns       | Service    | kube-system | dns  | -",
            "''   | v1 | namespaces/default/events                 | Event      | default | -        | -",
            "''   | v1 | namespaces/default/configmaps/cfg         | ConfigMap  | default | cfg      | -",
            "''   | v1 | namespaces/default/secrets/tls            | Secret     | default | tls      | -",
            "''   | v1 | namespaces/default/endpoints/web          | Endpoints  | default | web      | -",
            "apps | v1 | namespaces/default/deployments            | Deployment | default | -        | -",
            "apps | v1 | namespaces/default/deployments/web/scale  | Deployment | default | web      | scale",
            "apps | v1 | namespaces/default/deployments/web/status | Deployment | default | web      | status",
            "apps | v1 | namespaces/default/replicasets/web-abc/scale | ReplicaSet | default | web-abc | scale",
            "coordination.k8s.io | v1 | namespaces/kube-system/leases/scheduler | Lease | kube-system | scheduler | -",
            // all-namespaces lists (kubectl get pods -A)
            "''   | v1 | pods                                      | Pod        | -       | -        | -",
            "''   | v1 | events                                    | Event      | -       | -        | -",
            "apps | v1 | deployments                               | Deployment | -       | -        | -",
            // cluster-scoped kinds
            "''   | v1 | nodes                                     | Node       | -       | -        | -",
            "''   | v1 | nodes/node-a                              | Node       | -       | node-a   | -",
            "''   | v1 | nodes/node-a/status                       | Node       | -       | node-a   | status",
            "''   | v1 | namespaces                                | Namespace  | -       | -        | -",
            "''   | v1 | namespaces/shop                           | Namespace  | -       | shop     | -",
            // the namespace kind's own subresources are not a namespaced path
            "''   | v1 | namespaces/shop/status                    | Namespace  | -       | shop     | status",
            "''   | v1 | namespaces/shop/finalize                  | Namespace  | -       | shop     | finalize",
            // a namespace called "status" holding pods
            "''   | v1 | namespaces/status/pods                    | Pod        | status  | -        | -",
    })
    void pathNamesKindNamespaceNameAndSubresource(String group, String version, String path, String kind,
                                                 String namespace, String name, String subresource) {
        ResourcePath p = ResourcePath.parse(group, version, segments(path));

        assertThat(p.type().kind()).isEqualTo(kind);
        assertThat(p.namespace()).isEqualTo(namespace);
        assertThat(p.name()).isEqualTo(name);
        assertThat(p.subresource()).isEqualTo(subresource);
        assertThat(p.isCollection()).isEqualTo(name == null);
    }

    @ParameterizedTest(name = "{0}/{1} {2} -> 404")
    @CsvSource(delimiter = '|', value = {
            "''   | v1 | foos",
            "''   | v1 | namespaces/default/foos",
            "''   | v2 | pods",
            "''   | v1 | deployments",
            "apps | v1 | pods",
            "apps | v2 | deployments",
            "''   | v1 | namespaces/default/nodes",
            "''   | v1 | namespaces/default/namespaces",
            // a namespaced object needs its namespace
            "''   | v1 | pods/web-1",
            "apps | v1 | deployments/web",
            // unknown subresources, and subresources of kinds that lack them
            "''   | v1 | namespaces/default/pods/web-1/exec",
            "''   | v1 | namespaces/default/configmaps/cfg/status",
            "''   | v1 | namespaces/default/pods/web-1/scale",
            "''   | v1 | nodes/node-a/log",
            "''   | v1 | namespaces/shop/scale",
            // too deep, and an empty name
            "''   | v1 | namespaces/default/pods/web-1/status/extra",
            "''   | v1 | nodes/a/status/extra",
            "''   | v1 | namespaces/default/pods/",
            "''   | v1 | ''",
    })
    void unknownPathIsNotFound(String group, String version, String path) {
        assertThatThrownBy(() -> ResourcePath.parse(group, version, segments(path)))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(404);
                    assertThat(e.reason()).isEqualTo("NotFound");
                    assertThat(e.getMessage()).isEqualTo("the server could not find the requested resource");
                });
    }
}
