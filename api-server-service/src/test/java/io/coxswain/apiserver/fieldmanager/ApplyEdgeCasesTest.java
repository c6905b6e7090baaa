package io.coxswain.apiserver.fieldmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.apiserver.api.ApiException;
import io.coxswain.apiserver.registry.ObjectCodec;
import io.coxswain.apiserver.resource.ResourceTypes;
import io.coxswain.testing.MutableClock;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

import java.time.Instant;

/**
 * Edge cases of server-side apply, each against what Kubernetes' field manager and structured-merge-diff do
 * (found by an independent review; each test names the reference it follows).
 */
class ApplyEdgeCasesTest {

    private static final ObjectCodec CODEC = new ObjectCodec();
    private static final TypeRef POD = TypeRef.of(Pod.class);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T10:00:00Z"));
    private final FieldManager fields = new FieldManager(CODEC.mapper(), clock);

    private static final String WEB = """
            {"apiVersion":"apps/v1","kind":"Deployment",
             "metadata":{"name":"web","namespace":"default","labels":{"app":"web"}},
             "spec":{"replicas":1,"selector":{"matchLabels":{"app":"web"}},
                     "template":{"metadata":{"labels":{"app":"web"}},
                                 "spec":{"containers":[{"name":"nginx","image":"nginx:1.27"}]}}}}""";

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) CODEC.mapper().readTree(text.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private static JsonNode any(String text) {
        try {
            return CODEC.mapper().readTree(text.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private static ObjectNode web() {
        return json(WEB);
    }

    private static ObjectNode container(ObjectNode deployment) {
        return (ObjectNode) deployment.at("/spec/template/spec/containers/0");
    }

    private static Deployment deployment(JsonNode tree) {
        return CODEC.fromTree(tree, Deployment.class);
    }

    private Deployment applied(Deployment live, ObjectNode config, String manager, boolean force) {
        return deployment(fields.apply(ResourceTypes.DEPLOYMENTS, live, config, FieldManager.Owner.applied(manager, null),
                force));
    }

    private Deployment created(ObjectNode tree, String manager) {
        Deployment d = deployment(tree);
        fields.update(ResourceTypes.DEPLOYMENTS, null, d, FieldManager.Owner.update(manager, null));
        return d;
    }

    private static JsonNode fieldsOf(HasMetadata object, String manager) {
        ManagedFieldsEntry e = object.getMetadata().getManagedFields().stream()
                .filter(m -> m.getManager().equals(manager)).findFirst().orElseThrow();
        return CODEC.toTree(e.getFieldsV1());
    }

    // ---- 1. null in an applied configuration ----

    /**
     * structured-merge-diff typed/merge.go doMap/doList: a null rhs map or list derefs to nil, so the lhs items are
     * kept (only when both sides are empty is the value a leaf). YAML {@code labels:} or {@code env:} with nothing
     * after it is null.
     */
    @Test
    void aNullMapOrListInTheConfigurationKeepsTheLiveItems() {
        JsonNode live = any("{'metadata':{'labels':{'a':'1'}},'spec':{'containers':[{'name':'c','env':[{'name':'X','value':'1'}]}]}}");
        JsonNode config = any("{'metadata':{'labels':null},'spec':{'containers':[{'name':'c','env':null}]}}");

        JsonNode merged = Typed.merge(live, config, POD);

        assertThat(merged.at("/metadata/labels")).isEqualTo(any("{'a':'1'}"));
        assertThat(merged.at("/spec/containers/0/env")).isEqualTo(any("[{'name':'X','value':'1'}]"));
    }

    /** The same through the field manager: a second applier's {@code labels:} leaves the first applier's labels. */
    @Test
    void aSecondAppliersNullLabelsDoNotDeleteLabelsOwnedByTheFirst() {
        Deployment d = applied(null, web(), "first", false);
        ObjectNode config = json("{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web','labels':null}}");

        Deployment after = applied(d, config, "second", false);

        assertThat(after.getMetadata().getLabels()).containsEntry("app", "web");
    }

    /** kubectl applying {@code annotations: null} to an object with the last-applied annotation (once a 500). */
    @Test
    void kubectlApplyingNullAnnotationsToAClientSideAppliedObjectDoesNotCrash() {
        ObjectNode csa = web();
        ((ObjectNode) csa.with("metadata").with("annotations")).put(FieldManager.LAST_APPLIED, WEB + "\n");
        Deployment d = created(csa, "kubectl-client-side-apply");
        ObjectNode config = web();
        ((ObjectNode) config.get("metadata")).putNull("annotations");

        assertThatCode(() -> applied(d, config, "kubectl", true)).doesNotThrowAnyException();
    }

    // ---- 2. empty objects in an applied configuration ----

    /**
     * structured-merge-diff typed/tofieldset.go visitMapItems: a value that is null or an empty map is a leaf, so
     * {@code emptyDir: {}} is owned, so switching the volume to hostPath removes emptyDir (one volume source).
     */
    @Test
    void anEmptyObjectInTheConfigurationIsOwnedAndPrunedWhenDropped() {
        ObjectNode v1 = web();
        ((ObjectNode) v1.at("/spec/template/spec")).putArray("volumes").add(json("{'name':'cache','emptyDir':{}}"));
        Deployment d = applied(null, v1, "kubectl", false);
        assertThat(fieldsOf(d, "kubectl").at("/f:spec/f:template/f:spec/f:volumes/k:{\"name\":\"cache\"}/f:emptyDir")
                .isObject()).as("emptyDir: {} is owned").isTrue();

        ObjectNode v2 = web();
        ((ObjectNode) v2.at("/spec/template/spec")).putArray("volumes")
                .add(json("{'name':'cache','hostPath':{'path':'/tmp/cache'}}"));
        Deployment after = applied(d, v2, "kubectl", false);

        assertThat(after.getSpec().getTemplate().getSpec().getVolumes().get(0).getEmptyDir()).isNull();
    }

    // ---- 3. order of associative lists ----

    /**
     * structured-merge-diff typed/merge.go visitListItems (sharedOrder / nextShared): the result follows the
     * configuration's order for the elements it names, new ones where the configuration puts them. Env var order
     * matters ($(VAR) expansion).
     */
    @Test
    void associativeListsFollowTheConfigurationsOrder() {
        JsonNode live = any("{'spec':{'containers':[{'name':'c','env':[{'name':'A','value':'1'},{'name':'B','value':'2'}]}]}}");
        JsonNode config = any("{'spec':{'containers':[{'name':'c','env':[{'name':'B','value':'2'},{'name':'A','value':'1'}]}]}}");

        assertThat(Typed.merge(live, config, POD).at("/spec/containers/0/env"))
                .isEqualTo(any("[{'name':'B','value':'2'},{'name':'A','value':'1'}]"));

        JsonNode live2 = any("{'spec':{'containers':[{'name':'a'},{'name':'b'}]}}");
        JsonNode config2 = any("{'spec':{'containers':[{'name':'c'},{'name':'a'}]}}");
        assertThat(Typed.merge(live2, config2, POD).at("/spec/containers"))
                .isEqualTo(any("[{'name':'c'},{'name':'a'},{'name':'b'}]"));
    }

    // ---- 4. duplicate keys in the live object ----

    /**
     * Kubernetes converts the live object with typed.AllowDuplicates (managedfields/internal/structuredmerge.go) and
     * keeps duplicated elements (env may hold two entries with one name).
     */
    @Test
    void duplicateKeysInTheLiveObjectSurviveAnApply() {
        ObjectNode tree = web();
        container(tree).putArray("env").add(json("{'name':'A','value':'1'}")).add(json("{'name':'A','value':'2'}"));
        Deployment d = created(tree, "kubectl-create");

        ObjectNode config = web();
        container(config).putArray("env").add(json("{'name':'B','value':'3'}"));
        Deployment after = applied(d, config, "deployer", false);

        assertThat(after.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
                .extracting("name", "value").hasSize(3);
    }

    // ---- 5. unknown fields in an applied configuration ----

    /**
     * Kubernetes types the apply configuration against the schema (structuredmerge.go: "failed to create typed patch
     * object ... field not declared in schema"); the api-server drops unknown fields (per fieldValidation) before the
     * field manager sees them, so one is never owned and a re-apply of the same configuration changes nothing.
     */
    @Test
    void anUnknownFieldInTheConfigurationIsRejectedNotOwned() {
        ObjectNode config = web();
        ((ObjectNode) config.get("spec")).put("replicaz", 3);

        assertThatThrownBy(() -> applied(null, config, "deployer", false))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(400);
                    assertThat(e.getMessage()).isEqualTo("failed to create typed patch object (default/web; apps/v1, "
                            + "Kind=Deployment): .spec.replicaz: field not declared in schema");
                });
    }

    // ---- 6. list and map markers ----

    /** core/v1 types.go PodSpec.NodeSelector: {@code +mapType=atomic}; ServiceSpec.Selector likewise. */
    @Test
    void nodeSelectorAndServiceSelectorAreAtomicMaps() {
        JsonNode live = any("{'spec':{'nodeSelector':{'disk':'ssd','zone':'a'}}}");
        JsonNode config = any("{'spec':{'nodeSelector':{'disk':'hdd'}}}");

        assertThat(Typed.merge(live, config, POD).at("/spec/nodeSelector")).isEqualTo(any("{'disk':'hdd'}"));

        TypeRef service = TypeRef.of(io.fabric8.kubernetes.api.model.Service.class);
        assertThat(Typed.merge(any("{'spec':{'selector':{'app':'web','v':'1'}}}"), any("{'spec':{'selector':{'app':'web'}}}"),
                service).at("/spec/selector")).isEqualTo(any("{'app':'web'}"));
    }

    /** core/v1 types.go PodStatus.ResourceClaimStatuses: +listType=map +listMapKey=name, patch merge,retainKeys. */
    @Test
    void podResourceClaimStatusesAreAMapByName() {
        assertThat(ListSemantics.declared(PodStatus.class, "resourceClaimStatuses")).isPresent();
    }

    // ---- 7. objects without managedFields ----

    /**
     * managedfields/internal/skipnonapplied.go: an update of an existing object that has no managedFields is not
     * tracked (so {@code managedFields: [{}]} stays reset until the next apply).
     */
    @Test
    void anUpdateOfAnObjectWithoutManagedFieldsDoesNotStartTracking() {
        Deployment live = deployment(web());
        live.getMetadata().setUid("0b5c5c3e-1f7b-4b83-9f0e-6b1f0b6f1c11");
        Deployment next = CODEC.copy(live);
        next.getSpec().setReplicas(4);

        fields.update(ResourceTypes.DEPLOYMENTS, live, next, FieldManager.Owner.update("kubectl-edit", null));

        assertThat(next.getMetadata().getManagedFields()).isNullOrEmpty();
    }

    // ---- 8. error messages ----

    /** structured-merge-diff errors carry the list's path: ".spec.template.spec.containers: duplicate entries for key". */
    @Test
    void duplicateKeyErrorsNameTheList() {
        ObjectNode config = web();
        ((ArrayNode) config.at("/spec/template/spec/containers")).add(json("{'name':'nginx','image':'other'}"));

        assertThatThrownBy(() -> applied(null, config, "kubectl", false))
                .hasMessageContaining(".spec.template.spec.containers: duplicate entries for key [name=\"nginx\"]");
    }
}
