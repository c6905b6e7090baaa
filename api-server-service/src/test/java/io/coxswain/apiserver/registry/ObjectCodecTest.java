package io.coxswain.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coxswain.apiserver.api.ApiException;
import io.coxswain.apiserver.resource.ResourceTypes;
import io.coxswain.apiserver.storage.KeyValue;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

/** The stored form of objects: what etcd holds, and how resourceVersion comes back as etcd's revision. */
class ObjectCodecTest {

    private final ObjectCodec codec = new ObjectCodec();
    private final ObjectMapper json = new ObjectMapper();

    private static Pod pod() {
        return new PodBuilder().withNewMetadata().withName("web-1").withNamespace("shop").withResourceVersion("41")
                .addToAnnotations("kubectl.kubernetes.io/last-applied-configuration", "{\"a\":  1}\n").endMetadata()
                .withNewSpec().addNewContainer().withName("web").withImage("nginx").endContainer().endSpec().build();
    }

    @Test
    void storedBytesCarryKindAndApiVersionButNoResourceVersion() throws Exception {
        Pod pod = pod();
        pod.setKind(null);
        pod.setApiVersion(null);

        JsonNode stored = json.readTree(codec.encodeForStorage(ResourceTypes.PODS, pod));

        assertThat(stored.get("kind").asText()).isEqualTo("Pod");
        assertThat(stored.get("apiVersion").asText()).isEqualTo("v1");
        assertThat(stored.at("/metadata").has("resourceVersion")).isFalse();
        assertThat(stored.at("/metadata/name").asText()).isEqualTo("web-1");
        // the caller's object keeps its resourceVersion
        assertThat(pod.getMetadata().getResourceVersion()).isEqualTo("41");
    }

    @Test
    void groupedKindsAreStoredWithTheirGroupVersion() throws Exception {
        Deployment d = new DeploymentBuilder().withNewMetadata().withName("web").endMetadata().build();

        JsonNode stored = json.readTree(codec.encodeForStorage(ResourceTypes.DEPLOYMENTS, d));

        assertThat(stored.get("apiVersion").asText()).isEqualTo("apps/v1");
        assertThat(stored.get("kind").asText()).isEqualTo("Deployment");
    }

    @Test
    void decodedObjectTakesItsResourceVersionFromTheModRevision() {
        byte[] stored = codec.encodeForStorage(ResourceTypes.PODS, pod());

        Pod decoded = codec.decode(ResourceTypes.PODS, new KeyValue("/registry/pods/shop/web-1", stored, 40, 57, 0));

        assertThat(decoded.getMetadata().getResourceVersion()).isEqualTo("57");
        assertThat(decoded.getSpec().getContainers().get(0).getImage()).isEqualTo("nginx");
    }

    @Test
    void annotationsRoundTripByteForByte() {
        byte[] stored = codec.encodeForStorage(ResourceTypes.PODS, pod());

        Pod decoded = codec.decode(ResourceTypes.PODS, new KeyValue("k", stored, 1, 2, 0));

        assertThat(decoded.getMetadata().getAnnotations().get("kubectl.kubernetes.io/last-applied-configuration"))
                .isEqualTo("{\"a\":  1}\n");
    }

    @Test
    void corruptStoredObjectIsAnInternalErrorNamingTheKey() {
        KeyValue kv = new KeyValue("/registry/pods/shop/x", "{not json".getBytes(StandardCharsets.UTF_8), 1, 2, 0);

        assertThatThrownBy(() -> codec.decode(ResourceTypes.PODS, kv))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(500);
                    assertThat(e.getMessage()).contains("/registry/pods/shop/x");
                });
    }

    @Test
    void copyIsDeep() {
        Pod original = pod();

        Pod copy = codec.copy(original);
        copy.getSpec().getContainers().get(0).setImage("changed");
        copy.getMetadata().getAnnotations().clear();

        assertThat(original.getSpec().getContainers().get(0).getImage()).isEqualTo("nginx");
        assertThat(original.getMetadata().getAnnotations()).hasSize(1);
        assertThat(copy).isNotSameAs(original);
    }

    @Test
    void specChangeIsDetectedButMetadataAndStatusChangesAreNot() {
        Pod a = pod();
        Pod relabelled = new PodBuilder(a).editMetadata().addToLabels("x", "y").endMetadata()
                .withNewStatus().withPhase("Running").endStatus().build();
        Pod newImage = new PodBuilder(a).editSpec().editFirstContainer().withImage("nginx:2").endContainer().endSpec().build();

        assertThat(codec.specChanged(a, relabelled)).isFalse();
        assertThat(codec.specChanged(a, newImage)).isTrue();
        assertThat(codec.specChanged(a, codec.copy(a))).isFalse();
    }

    @Test
    void undecodableTreeIsABadRequest() throws Exception {
        JsonNode tree = json.readTree("{\"spec\":{\"replicas\":{\"not\":\"a number\"}}}");

        assertThatThrownBy(() -> codec.fromTree(tree, Deployment.class))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(400);
                    assertThat(e.getMessage()).startsWith("the object cannot be decoded: ");
                });
    }

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource({"0, 0", "1, 1", "9223372036854775807, 9223372036854775807"})
    void resourceVersionIsANonNegativeNumber(String rv, long expected) {
        assertThat(ObjectRegistry.parseResourceVersion(rv)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "\"{0}\" -> 400")
    @ValueSource(strings = {"", "abc", "-1", "1.5", "9223372036854775808"})
    void malformedResourceVersionIsABadRequest(String rv) {
        assertThatThrownBy(() -> ObjectRegistry.parseResourceVersion(rv))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(400);
                    assertThat(e.getMessage()).isEqualTo("invalid resource version: \"" + rv + "\"");
                });
    }
}
