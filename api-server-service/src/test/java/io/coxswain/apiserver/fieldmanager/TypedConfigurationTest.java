package io.coxswain.apiserver.fieldmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.apiserver.registry.ObjectCodec;
import io.coxswain.apiserver.resource.ResourceTypes;
import io.coxswain.testing.MutableClock;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

/** Apply configurations whose values are written in another JSON form, or carry parts the main resource ignores. */
class TypedConfigurationTest {

    private static final ObjectCodec CODEC = new ObjectCodec();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T10:00:00Z"));
    private final FieldManager fields = new FieldManager(CODEC.mapper(), clock);

    /** As a YAML manifest commonly says it: {@code cpu: 1} (a number), which is stored as the Quantity "1". */
    private static final String WEB = """
            {"apiVersion":"apps/v1","kind":"Deployment",
             "metadata":{"name":"web","namespace":"default"},
             "spec":{"selector":{"matchLabels":{"app":"web"}},
                     "template":{"metadata":{"labels":{"app":"web"}},
                                 "spec":{"containers":[{"name":"nginx","image":"nginx",
                                     "resources":{"limits":{"cpu":%s}}}]}}}}""";

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) CODEC.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    /** What the registry stores and reads back: the fabric8 object, through the codec. */
    private static Deployment stored(JsonNode tree) {
        return CODEC.fromTree(tree, Deployment.class);
    }

    @Test
    void applyingANumericQuantityEqualToTheLiveValueIsNoConflict() {
        Deployment live = stored(json(WEB.formatted("\"1\"")));
        fields.update(ResourceTypes.DEPLOYMENTS, null, live, FieldManager.Owner.update("kubectl-create", null));

        // Kubernetes decodes the configuration into typed values first: 1 and "1" are the same Quantity, no change,
        // so no conflict with the creator (who owns the field).
        assertThatCode(() -> fields.apply(ResourceTypes.DEPLOYMENTS, live, json(WEB.formatted("1")),
                FieldManager.Owner.applied("ci", null), false)).doesNotThrowAnyException();
    }

    @Test
    void reapplyingTheSameConfigurationWithANumericQuantityChangesNothing() {
        ObjectNode config = json(WEB.formatted("1"));
        Deployment first = stored(fields.apply(ResourceTypes.DEPLOYMENTS, null, config.deepCopy(),
                FieldManager.Owner.applied("ci", null), false));
        String time = entry(first, "ci").getTime();

        clock.advance(Duration.ofMinutes(1));
        Deployment second = stored(fields.apply(ResourceTypes.DEPLOYMENTS, first, config.deepCopy(),
                FieldManager.Owner.applied("ci", null), false));

        // an unchanged re-apply must leave managedFields (and so the stored bytes and resourceVersion) as they are
        assertThat(entry(second, "ci").getTime()).isEqualTo(time);
    }

    /**
     * {@code kubectl create deployment --dry-run=client -o yaml} writes {@code creationTimestamp: null} (and exported
     * manifests carry a status): parts of the configuration the main resource ignores must not make an unchanged
     * re-apply look like a change.
     */
    @Test
    void reapplyingAConfigurationWithServerSetOrStatusFieldsChangesNothing() {
        ObjectNode config = json(WEB.formatted("\"1\""));
        config.with("metadata").putNull("creationTimestamp");
        config.with("status").put("replicas", 7);
        Deployment first = stored(fields.apply(ResourceTypes.DEPLOYMENTS, null, config.deepCopy(),
                FieldManager.Owner.applied("ci", null), false));
        // as the registry stores it: identity set by the server, the status the main resource cannot change
        first.getMetadata().setCreationTimestamp("2026-11-26T10:00:00Z");
        first.setStatus(null);
        String time = entry(first, "ci").getTime();

        clock.advance(Duration.ofMinutes(1));
        Deployment second = stored(fields.apply(ResourceTypes.DEPLOYMENTS, first, config.deepCopy(),
                FieldManager.Owner.applied("ci", null), false));

        assertThat(entry(second, "ci").getTime()).isEqualTo(time);
    }

    private static ManagedFieldsEntry entry(Deployment d, String manager) {
        return d.getMetadata().getManagedFields().stream().filter(m -> m.getManager().equals(manager)).findFirst()
                .orElseThrow();
    }
}
