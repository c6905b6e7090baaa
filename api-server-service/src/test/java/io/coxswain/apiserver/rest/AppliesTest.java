package io.coxswain.apiserver.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.apiserver.api.ApiException;
import io.coxswain.apiserver.registry.ObjectCodec;
import io.coxswain.apiserver.resource.ResourceTypes;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

/** Reading apply configurations: what is filled in from the URL and what is refused. */
class AppliesTest {

    private final RequestBodies bodies = new RequestBodies(new ObjectCodec());
    private final ResourcePath web = new ResourcePath(ResourceTypes.DEPLOYMENTS, "default", "web", null);

    private ObjectNode read(String yaml) {
        return Applies.configuration(bodies, web, yaml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anEmptyMetadataIsReadAsNoMetadataAndTheNameComesFromTheUrl() {
        ObjectNode config = read("apiVersion: apps/v1\nkind: Deployment\nmetadata:\nspec:\n  replicas: 1\n");

        assertThat(config.at("/metadata/name").asText()).isEqualTo("web");
    }

    @Test
    void aNamespaceOtherThanTheUrlsIsABadRequest() {
        assertThatThrownBy(() -> read("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  namespace: other\n"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(400));
    }

    @Test
    void metadataThatIsNotAnObjectIsABadRequest() {
        assertThatThrownBy(() -> read("apiVersion: apps/v1\nkind: Deployment\nmetadata: 3\n"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage())
                        .isEqualTo("metadata must be an object"));
    }
}
