package io.coxswain.apiserver.fieldmanager;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import org.junit.jupiter.api.Test;

/** Merge and comparison by the declared list semantics of the kinds (structured-merge-diff's rules). */
class TypedTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeRef POD = TypeRef.of(Pod.class);

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    @Test
    void associativeListsMergeByKeyInTheConfigurationsOrderKeepingLiveOnlyElementsInPlace() {
        JsonNode live = json("{'spec':{'containers':[{'name':'a','image':'x','tty':true},{'name':'b','image':'y'}]}}");
        JsonNode config = json("{'spec':{'containers':[{'name':'c','image':'z'},{'name':'a','image':'x2'}]}}");

        JsonNode merged = Typed.merge(live, config, POD);

        assertThat(merged).isEqualTo(json("{'spec':{'containers':[{'name':'c','image':'z'},"
                + "{'name':'a','image':'x2','tty':true},{'name':'b','image':'y'}]}}"));
    }

    @Test
    void atomicListsAreReplacedWhole() {
        JsonNode live = json("{'spec':{'containers':[{'name':'a','command':['sh','-c','x'],"
                + "'env':[{'name':'A','value':'1'}]}],'tolerations':[{'key':'k'}]}}");
        JsonNode config = json("{'spec':{'containers':[{'name':'a','command':['echo'],"
                + "'env':[{'name':'B','value':'2'}]}],'tolerations':[{'key':'j'}]}}");

        JsonNode merged = Typed.merge(live, config, POD);

        assertThat(merged.at("/spec/containers/0/command")).isEqualTo(json("['echo']"));
        assertThat(merged.at("/spec/tolerations")).isEqualTo(json("[{'key':'j'}]"));
        // env is associative (by name): both entries stay
        assertThat(merged.at("/spec/containers/0/env")).isEqualTo(json("[{'name':'A','value':'1'},{'name':'B','value':'2'}]"));
    }

    @Test
    void serviceAndContainerPortsAreKeyedWithTheirProtocol() {
        TypeRef service = TypeRef.of(Service.class);
        JsonNode live = json("{'spec':{'ports':[{'port':53,'protocol':'UDP','name':'dns'},{'port':53,'name':'dns-tcp'}]}}");
        JsonNode config = json("{'spec':{'ports':[{'port':53,'protocol':'TCP','targetPort':5353}]}}");

        JsonNode merged = Typed.merge(live, config, service);

        assertThat(merged.at("/spec/ports")).isEqualTo(json("[{'port':53,'protocol':'UDP','name':'dns'},"
                + "{'port':53,'name':'dns-tcp','protocol':'TCP','targetPort':5353}]"));
    }

    @Test
    void comparisonReportsAddedModifiedAndRemovedPaths() {
        JsonNode before = json("{'metadata':{'labels':{'a':'1','b':'2'}},'spec':{'containers':[{'name':'a','image':'x'}]}}");
        JsonNode after = json("{'metadata':{'labels':{'a':'1','c':'3'}},'spec':{'containers':[{'name':'a','image':'y'},"
                + "{'name':'n','image':'z'}]}}");

        Typed.Comparison c = Typed.compare(before, after, POD);

        assertThat(c.added().paths().stream().map(FieldSet::toString)).containsExactlyInAnyOrder(
                ".metadata.labels.c", ".spec.containers[name=\"n\"]", ".spec.containers[name=\"n\"].name",
                ".spec.containers[name=\"n\"].image");
        assertThat(c.modified().paths().stream().map(FieldSet::toString))
                .containsExactly(".spec.containers[name=\"a\"].image");
        assertThat(c.removed().paths().stream().map(FieldSet::toString)).containsExactly(".metadata.labels.b");
    }

    @Test
    void configurationScalarsTakeTheirTypedForm() {
        JsonNode config = json("{'spec':{'priority':'5','hostNetwork':'true','nodeSelector':{'gen':3},"
                + "'containers':[{'name':'a','resources':{'limits':{'cpu':1,'memory':0.5}},'ports':[{'containerPort':'80'}],"
                + "'args':[1,'x']}]}}");

        JsonNode typed = Typed.normalize(config, POD);

        assertThat(typed).isEqualTo(json("{'spec':{'priority':5,'hostNetwork':true,'nodeSelector':{'gen':'3'},"
                + "'containers':[{'name':'a','resources':{'limits':{'cpu':'1','memory':'0.5'}},"
                + "'ports':[{'containerPort':80}],'args':['1','x']}]}}"));
    }

    @Test
    void numbersCompareByValue() {
        Typed.Comparison c = Typed.compare(json("{'spec':{'priority':1}}"), json("{'spec':{'priority':1.0}}"), POD);

        assertThat(c.modified().isEmpty()).isTrue();
    }

    @Test
    void removalKeepsWhatOthersOwnBelowARemovedElement() {
        JsonNode value = json("{'spec':{'containers':[{'name':'a','image':'x'},{'name':'b','image':'y','tty':true}]}}");
        PathElement containers = PathElement.field("containers");
        PathElement a = PathElement.key(java.util.Map.of("name", json("'a'")));
        PathElement b = PathElement.key(java.util.Map.of("name", json("'b'")));
        PathElement spec = PathElement.field("spec");
        FieldSet remove = FieldSet.empty();
        remove.insert(java.util.List.of(spec, containers, a));
        remove.insert(java.util.List.of(spec, containers, b));
        remove.insert(java.util.List.of(spec, containers, b, PathElement.field("image")));
        FieldSet keep = FieldSet.empty();
        keep.insert(java.util.List.of(spec, containers, b, PathElement.field("tty")));

        JsonNode pruned = Typed.removeItems(value, POD, remove, keep);

        assertThat(pruned).isEqualTo(json("{'spec':{'containers':[{'name':'b','tty':true}]}}"));
    }
}
