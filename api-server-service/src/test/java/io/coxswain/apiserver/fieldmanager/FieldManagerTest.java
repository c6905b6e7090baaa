package io.coxswain.apiserver.fieldmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.apiserver.api.ApiException;
import io.coxswain.apiserver.registry.ObjectCodec;
import io.coxswain.apiserver.resource.ResourceTypes;
import io.coxswain.testing.MutableClock;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Field ownership and server-side apply against the behaviour Kubernetes documents
 * (https://kubernetes.io/docs/reference/using-api/server-side-apply/) and structured-merge-diff's semantics: who owns
 * what after create, update and apply; removal of fields an applier stops applying; conflicts, force, shared
 * ownership; kubectl's upgrade from client-side apply.
 */
class FieldManagerTest {

    private static final ObjectCodec CODEC = new ObjectCodec();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T10:00:00Z"));
    private final FieldManager fields = new FieldManager(CODEC.mapper(), clock);

    private static final String WEB = """
            {"apiVersion":"apps/v1","kind":"Deployment",
             "metadata":{"name":"web","namespace":"default","labels":{"app":"web"}},
             "spec":{"replicas":%d,"selector":{"matchLabels":{"app":"web"}},
                     "template":{"metadata":{"labels":{"app":"web"}},
                                 "spec":{"containers":[{"name":"nginx","image":"%s","ports":[{"containerPort":80}]}]}}}}""";

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) CODEC.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private static ObjectNode web(int replicas, String image) {
        return json(WEB.formatted(replicas, image));
    }

    private static Deployment deployment(JsonNode tree) {
        return CODEC.fromTree(tree, Deployment.class);
    }

    private Deployment created(ObjectNode tree, String manager) {
        Deployment d = deployment(tree);
        fields.update(ResourceTypes.DEPLOYMENTS, null, d, FieldManager.Owner.update(manager, null));
        return d;
    }

    private Deployment applied(Deployment live, ObjectNode config, String manager, boolean force) {
        return deployment(fields.apply(ResourceTypes.DEPLOYMENTS, live, config, FieldManager.Owner.applied(manager, null),
                force));
    }

    private static ManagedFieldsEntry entry(HasMetadata object, String manager) {
        return object.getMetadata().getManagedFields().stream().filter(m -> m.getManager().equals(manager))
                .findFirst().orElseThrow(() -> new AssertionError(manager + " owns nothing: "
                        + object.getMetadata().getManagedFields()));
    }

    private static JsonNode fieldsOf(HasMetadata object, String manager) {
        return CODEC.toTree(entry(object, manager).getFieldsV1());
    }

    private static List<String> managers(HasMetadata object) {
        return object.getMetadata().getManagedFields() == null ? List.of()
                : object.getMetadata().getManagedFields().stream().map(ManagedFieldsEntry::getManager).toList();
    }

    @Test
    void createMakesTheCreatorOwnerOfEveryFieldItSetExceptTheServersOnes() {
        Deployment d = created(web(2, "nginx:1.27"), "kubectl-create");

        ManagedFieldsEntry e = entry(d, "kubectl-create");
        assertThat(e.getOperation()).isEqualTo("Update");
        assertThat(e.getApiVersion()).isEqualTo("apps/v1");
        assertThat(e.getFieldsType()).isEqualTo("FieldsV1");
        assertThat(e.getTime()).isEqualTo("2026-11-26T10:00:00Z");
        JsonNode f = fieldsOf(d, "kubectl-create");
        assertThat(f.at("/f:spec/f:replicas").isObject()).isTrue();
        assertThat(f.at("/f:metadata/f:labels/f:app").isObject()).isTrue();
        JsonNode container = f.at("/f:spec/f:template/f:spec/f:containers/k:{\"name\":\"nginx\"}");
        assertThat(container.has(".")).as("the element itself is owned").isTrue();
        assertThat(container.at("/f:image").isObject()).isTrue();
        // container ports are keyed by containerPort and protocol, which defaults to TCP
        assertThat(container.at("/f:ports/k:{\"containerPort\":80,\"protocol\":\"TCP\"}").isObject()).isTrue();
        // the selector is an atomic structure: owned whole
        assertThat(f.at("/f:spec/f:selector")).isEqualTo(json("{}"));
        assertThat(f.at("/f:metadata/f:name").isMissingNode()).isTrue();
        assertThat(f.has("f:apiVersion") || f.has("f:kind") || f.has("f:status")).isFalse();
    }

    @Test
    void applyCreatesWithOwnershipOfExactlyTheAppliedFields() {
        Deployment d = applied(null, web(2, "nginx:1.27"), "kubectl", false);

        assertThat(managers(d)).containsExactly("kubectl");
        ManagedFieldsEntry e = entry(d, "kubectl");
        assertThat(e.getOperation()).isEqualTo("Apply");
        assertThat(CODEC.toTree(e.getFieldsV1())).isEqualTo(json("""
                {"f:metadata":{"f:labels":{"f:app":{}}},
                 "f:spec":{"f:replicas":{},"f:selector":{},
                           "f:template":{"f:metadata":{"f:labels":{"f:app":{}}},
                                         "f:spec":{"f:containers":{"k:{\\"name\\":\\"nginx\\"}":{".":{},"f:image":{},"f:name":{},
                                             "f:ports":{"k:{\\"containerPort\\":80,\\"protocol\\":\\"TCP\\"}":{".":{},"f:containerPort":{}}}}}}}}}"""));
        assertThat(d.getSpec().getReplicas()).isEqualTo(2);
    }

    @Test
    void reapplyingWithoutAFieldRemovesItUnlessSomeoneElseOwnsIt() {
        ObjectNode config = web(2, "nginx:1.27");
        ((ObjectNode) config.with("metadata").with("labels")).put("tier", "front");
        ((ObjectNode) config.with("metadata").with("annotations")).put("note", "x");
        Deployment d = applied(null, config, "kubectl", false);
        assertThat(d.getMetadata().getLabels()).containsEntry("tier", "front");

        // another manager starts owning the annotation by setting it (to a new value)
        Deployment annotated = CODEC.copy(d);
        annotated.getMetadata().getAnnotations().put("note", "y");
        fields.update(ResourceTypes.DEPLOYMENTS, d, annotated, FieldManager.Owner.update("kubectl-annotate", null));

        Deployment again = applied(annotated, web(2, "nginx:1.27"), "kubectl", false);

        assertThat(again.getMetadata().getLabels()).containsOnlyKeys("app");
        assertThat(again.getMetadata().getAnnotations()).containsEntry("note", "y");
        assertThat(fieldsOf(again, "kubectl").at("/f:metadata/f:labels/f:tier").isMissingNode()).isTrue();
    }

    @Test
    void droppingAListElementFromTheConfigurationRemovesTheWholeElement() {
        ObjectNode two = web(1, "nginx:1.27");
        ((com.fasterxml.jackson.databind.node.ArrayNode) two.at("/spec/template/spec/containers"))
                .add(json("{\"name\":\"sidecar\",\"image\":\"busybox\",\"imagePullPolicy\":\"IfNotPresent\"}"));
        Deployment d = applied(null, two, "kubectl", false);
        assertThat(d.getSpec().getTemplate().getSpec().getContainers()).hasSize(2);

        Deployment one = applied(d, web(1, "nginx:1.27"), "kubectl", false);

        assertThat(one.getSpec().getTemplate().getSpec().getContainers()).extracting("name").containsExactly("nginx");
    }

    @Test
    void changingAFieldAnotherManagerOwnsIsAConflictNamingTheManagerAndTheField() {
        Deployment d = created(web(1, "nginx:1.27"), "kubectl-client-side-apply");

        assertThatThrownBy(() -> applied(d, web(3, "nginx:1.27"), "deployer", false))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(409);
                    assertThat(e.reason()).isEqualTo("Conflict");
                    assertThat(e.getMessage()).isEqualTo("Apply failed with 1 conflict: conflict with "
                            + "\"kubectl-client-side-apply\" using apps/v1: .spec.replicas");
                    assertThat(e.status().getDetails().getCauses()).singleElement().satisfies(c -> {
                        assertThat(c.getReason()).isEqualTo("FieldManagerConflict");
                        assertThat(c.getField()).isEqualTo(".spec.replicas");
                        assertThat(c.getMessage()).isEqualTo("conflict with \"kubectl-client-side-apply\" using apps/v1");
                    });
                });
    }

    @Test
    void severalConflictsAreListedPerManager() {
        Deployment d = created(web(1, "nginx:1.27"), "kubectl-client-side-apply");

        assertThatThrownBy(() -> applied(d, web(3, "nginx:1.28"), "deployer", false))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage()).isEqualTo(
                        "Apply failed with 2 conflicts: conflicts with \"kubectl-client-side-apply\" using apps/v1:\n"
                                + "- .spec.replicas\n"
                                + "- .spec.template.spec.containers[name=\"nginx\"].image"));
    }

    @Test
    void forceTakesTheConflictingFieldsAway() {
        Deployment d = created(web(1, "nginx:1.27"), "kubectl-client-side-apply");

        Deployment forced = applied(d, web(3, "nginx:1.27"), "deployer", true);

        assertThat(forced.getSpec().getReplicas()).isEqualTo(3);
        assertThat(fieldsOf(forced, "deployer").at("/f:spec/f:replicas").isObject()).isTrue();
        assertThat(fieldsOf(forced, "kubectl-client-side-apply").at("/f:spec/f:replicas").isMissingNode()).isTrue();
        // fields applied with the same value are shared
        assertThat(fieldsOf(forced, "kubectl-client-side-apply").at("/f:spec/f:template/f:spec/f:containers")
                .isObject()).isTrue();
    }

    @Test
    void applyingTheSameValueSharesOwnershipWithoutConflict() {
        Deployment d = created(web(1, "nginx:1.27"), "kubectl-client-side-apply");

        Deployment shared = applied(d, web(1, "nginx:1.27"), "deployer", false);

        assertThat(fieldsOf(shared, "deployer").at("/f:spec/f:replicas").isObject()).isTrue();
        assertThat(fieldsOf(shared, "kubectl-client-side-apply").at("/f:spec/f:replicas").isObject()).isTrue();
    }

    @Test
    void anUpdateTakesTheFieldsItChangesAndRemovedFieldsLeaveEveryOwner() {
        Deployment d = applied(null, web(1, "nginx:1.27"), "kubectl", false);
        clock.advance(Duration.ofMinutes(1));

        Deployment next = CODEC.copy(d);
        next.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("nginx:1.28");
        next.getMetadata().getLabels().remove("app");
        fields.update(ResourceTypes.DEPLOYMENTS, d, next, FieldManager.Owner.update("kubectl-set", null));

        JsonNode applier = fieldsOf(next, "kubectl");
        assertThat(applier.at("/f:spec/f:template/f:spec/f:containers/k:{\"name\":\"nginx\"}/f:image").isMissingNode())
                .isTrue();
        assertThat(applier.at("/f:metadata/f:labels/f:app").isMissingNode()).isTrue();
        assertThat(fieldsOf(next, "kubectl-set")).isEqualTo(json("""
                {"f:spec":{"f:template":{"f:spec":{"f:containers":{"k:{\\"name\\":\\"nginx\\"}":{"f:image":{}}}}}}}"""));
        assertThat(entry(next, "kubectl-set").getTime()).isEqualTo("2026-11-26T10:01:00Z");
    }

    @Test
    void anUpdateThatChangesNothingLeavesManagedFieldsAsTheyWere() {
        Deployment d = created(web(1, "nginx:1.27"), "kubectl-create");
        clock.advance(Duration.ofMinutes(1));
        Deployment same = CODEC.copy(d);

        fields.update(ResourceTypes.DEPLOYMENTS, d, same, FieldManager.Owner.update("someone", null));

        assertThat(same.getMetadata().getManagedFields()).isEqualTo(d.getMetadata().getManagedFields());
    }

    @Test
    void managedFieldsSentWithAnUpdateReplaceTheStoredOnes() {
        Deployment d = created(web(1, "nginx:1.27"), "kubectl-client-side-apply");
        Deployment migrated = CODEC.copy(d);
        migrated.getMetadata().getManagedFields().get(0).setManager("kubectl");
        migrated.getMetadata().getManagedFields().get(0).setOperation("Apply");

        fields.update(ResourceTypes.DEPLOYMENTS, d, migrated, FieldManager.Owner.update("kubectl", null));

        assertThat(managers(migrated)).containsExactly("kubectl");
        assertThat(entry(migrated, "kubectl").getOperation()).isEqualTo("Apply");
    }

    @Test
    void managedFieldsWithAnUnknownOperationAreInvalid() {
        Deployment d = created(web(1, "nginx:1.27"), "kubectl-create");
        Deployment bad = CODEC.copy(d);
        bad.getMetadata().getManagedFields().get(0).setOperation("Patch");

        assertThatThrownBy(() -> fields.update(ResourceTypes.DEPLOYMENTS, d, bad,
                FieldManager.Owner.update("someone", null)))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(422);
                    assertThat(e.getMessage()).isEqualTo("Deployment.apps \"web\" is invalid: "
                            + "metadata.managedFields[0].operation: Invalid value: \"Patch\": must be `Apply` or `Update`");
                });
    }

    @Test
    void anEmptyEntryResetsManagedFields() {
        Deployment d = created(web(1, "nginx:1.27"), "kubectl-create");
        Deployment reset = CODEC.copy(d);
        reset.getMetadata().setManagedFields(new java.util.ArrayList<>(List.of(new ManagedFieldsEntry())));

        fields.update(ResourceTypes.DEPLOYMENTS, d, reset, FieldManager.Owner.update("someone", null));

        assertThat(reset.getMetadata().getManagedFields()).isNullOrEmpty();
    }

    @Test
    void kubectlTakesOverFromClientSideApplyWhenTheLiveObjectIsWhatItLastApplied() {
        ObjectNode csa = web(1, "nginx:1.27");
        ((ObjectNode) csa.with("metadata").with("annotations")).put(FieldManager.LAST_APPLIED, web(1, "nginx:1.27") + "\n");
        Deployment d = created(csa, "kubectl-client-side-apply");

        Deployment upgraded = applied(d, web(3, "nginx:1.27"), "kubectl", false);

        assertThat(upgraded.getSpec().getReplicas()).isEqualTo(3);
        // the server keeps the client-side annotation in step with what kubectl applied
        assertThat(upgraded.getMetadata().getAnnotations().get(FieldManager.LAST_APPLIED)).contains("\"replicas\":3");
        // another manager gets no such allowance
        assertThatThrownBy(() -> applied(d, web(3, "nginx:1.27"), "deployer", false))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(409));
    }

    @Test
    void kubectlStillConflictsOnFieldsChangedSinceItsLastClientSideApply() {
        ObjectNode csa = web(1, "nginx:1.27");
        ((ObjectNode) csa.with("metadata").with("annotations")).put(FieldManager.LAST_APPLIED, web(1, "nginx:1.27") + "\n");
        Deployment d = created(csa, "kubectl-client-side-apply");
        Deployment scaled = CODEC.copy(d);
        scaled.getSpec().setReplicas(5);
        fields.update(ResourceTypes.DEPLOYMENTS, d, scaled, FieldManager.Owner.update("kubectl", "scale"));

        assertThatThrownBy(() -> applied(scaled, web(3, "nginx:1.27"), "kubectl", false))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage()).isEqualTo(
                        "Apply failed with 1 conflict: conflict with \"kubectl\" with subresource \"scale\" using apps/v1: "
                                + ".spec.replicas"));
    }

    @Test
    void anObjectWithoutOwnersIsOwnedBeforeFirstApply() {
        Deployment legacy = deployment(web(1, "nginx:1.27"));

        assertThatThrownBy(() -> applied(legacy, web(3, "nginx:1.27"), "deployer", false))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage())
                        .contains("conflict with \"before-first-apply\" using apps/v1: .spec.replicas"));
        Deployment shared = applied(legacy, web(1, "nginx:1.27"), "deployer", false);
        assertThat(managers(shared)).containsExactlyInAnyOrder("deployer", "before-first-apply");
    }

    @Test
    void theStatusSubresourceOwnsOnlyTheStatusAndTheMainResourceNeverDoes() {
        Deployment d = created(web(1, "nginx:1.27"), "kubectl-create");
        Deployment withStatus = CODEC.copy(d);
        withStatus.setStatus(new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder().withReplicas(1)
                .withObservedGeneration(1L).build());

        fields.update(ResourceTypes.DEPLOYMENTS, d, withStatus, FieldManager.Owner.update("controller", "status"));

        ManagedFieldsEntry e = entry(withStatus, "controller");
        assertThat(e.getSubresource()).isEqualTo("status");
        assertThat(CODEC.toTree(e.getFieldsV1())).isEqualTo(json("""
                {"f:status":{".":{},"f:observedGeneration":{},"f:replicas":{}}}"""));
        assertThat(fieldsOf(withStatus, "kubectl-create").has("f:status")).isFalse();
    }

    @Test
    void duplicateKeysInAnAppliedConfigurationAreABadRequest() {
        ObjectNode config = web(1, "nginx:1.27");
        ((com.fasterxml.jackson.databind.node.ArrayNode) config.at("/spec/template/spec/containers"))
                .add(json("{\"name\":\"nginx\",\"image\":\"other\"}"));

        assertThatThrownBy(() -> applied(null, config, "kubectl", false))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("duplicate entries for key [name=\"nginx\"]");
                });
    }

    @Test
    void beyondTenUpdateManagersTheOldestAreFoldedIntoAncientChanges() {
        Deployment d = created(web(1, "nginx:1.27"), "creator");
        for (int i = 0; i < 12; i++) {
            clock.advance(Duration.ofMinutes(1));
            Deployment next = CODEC.copy(d);
            next.getMetadata().getLabels().put("l" + i, "v");
            fields.update(ResourceTypes.DEPLOYMENTS, d, next, FieldManager.Owner.update("labeller-" + i, null));
            d = next;
        }

        List<String> managers = managers(d);
        assertThat(managers).hasSize(10).contains("ancient-changes", "labeller-11").doesNotContain("creator", "labeller-0");
        assertThat(fieldsOf(d, "ancient-changes").at("/f:metadata/f:labels/f:l0").isObject()).isTrue();
        assertThat(fieldsOf(d, "ancient-changes").at("/f:spec/f:replicas").isObject()).isTrue();
    }

    @Test
    void setsAreOwnedByValue() {
        ObjectNode config = web(1, "nginx:1.27");
        config.with("metadata").putArray("finalizers").add("example.com/cleanup");

        Deployment d = applied(null, config, "kubectl", false);

        assertThat(fieldsOf(d, "kubectl").at("/f:metadata/f:finalizers")).isEqualTo(json("""
                {"v:\\"example.com/cleanup\\"":{}}"""));
    }
}
