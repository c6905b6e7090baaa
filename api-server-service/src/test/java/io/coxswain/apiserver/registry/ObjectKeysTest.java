package io.coxswain.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.coxswain.apiserver.resource.ResourceTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Where objects live in etcd: {@code /registry/<resource>/<namespace>/<name>}, as in Kubernetes. */
class ObjectKeysTest {

    @ParameterizedTest(name = "prefix \"{0}\"")
    @ValueSource(strings = {"/registry", "/registry/"})
    void keysFollowKubernetesLayout(String prefix) {
        ObjectKeys keys = new ObjectKeys(prefix);

        assertThat(keys.prefix()).isEqualTo("/registry");
        assertThat(keys.key(ResourceTypes.PODS, "shop", "web-1")).isEqualTo("/registry/pods/shop/web-1");
        assertThat(keys.key(ResourceTypes.DEPLOYMENTS, "shop", "web")).isEqualTo("/registry/deployments/shop/web");
        assertThat(keys.key(ResourceTypes.NODES, null, "node-a")).isEqualTo("/registry/nodes/node-a");
        assertThat(keys.key(ResourceTypes.NAMESPACES, null, "shop")).isEqualTo("/registry/namespaces/shop");
    }

    @Test
    void listPrefixesEndInASlashSoThatNamespacesDoNotOverlap() {
        ObjectKeys keys = new ObjectKeys("/registry");

        assertThat(keys.listPrefix(ResourceTypes.PODS, "shop")).isEqualTo("/registry/pods/shop/");
        // "shop/" must not select the pods of namespace "shop-2"
        assertThat(keys.key(ResourceTypes.PODS, "shop-2", "a")).doesNotStartWith(keys.listPrefix(ResourceTypes.PODS, "shop"));
        assertThat(keys.listPrefix(ResourceTypes.PODS, null)).isEqualTo("/registry/pods/");
        assertThat(keys.listPrefix(ResourceTypes.NODES, "ignored")).isEqualTo("/registry/nodes/");
        assertThat(keys.typePrefix(ResourceTypes.SERVICES)).isEqualTo("/registry/services/");
        // "pods/" must not select "podsecuritypolicies" or similar
        assertThat(keys.typePrefix(ResourceTypes.PODS)).endsWith("/");
    }

    @Test
    void allocationKeysLiveApartFromObjects() {
        ObjectKeys keys = new ObjectKeys("/coxswain");

        assertThat(keys.rangeKey("serviceips", "10.96.0.10")).isEqualTo("/coxswain/ranges/serviceips/10.96.0.10");
        assertThat(keys.rangeKey("nodeports", "30080")).isEqualTo("/coxswain/ranges/nodeports/30080");
    }
}
