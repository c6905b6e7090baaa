package io.coxswain.apiserver.fieldmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

/** The fieldsV1 encoding, on a managedFields entry as Kubernetes 1.32 wrote it for {@code kubectl apply -f}. */
class FieldSetTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String KUBERNETES_FIELDS = """
            {"f:metadata":{"f:annotations":{".":{},"f:kubectl.kubernetes.io/last-applied-configuration":{}},
                           "f:labels":{".":{},"f:app":{}}},
             "f:spec":{"f:replicas":{},"f:selector":{},
                       "f:template":{"f:spec":{"f:containers":{"k:{\\"name\\":\\"nginx\\"}":{".":{},"f:image":{},
                           "f:ports":{".":{},"k:{\\"containerPort\\":80,\\"protocol\\":\\"TCP\\"}":{".":{},"f:containerPort":{}}}}}}}},
             "f:metadata2":{"f:finalizers":{".":{},"v:\\"a\\"":{}}}}""";

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    @Test
    void kubernetesFieldsV1ReadsAndWritesBackUnchanged() {
        FieldSet set = FieldSet.fromFieldsV1(json(KUBERNETES_FIELDS));

        assertThat(set.toFieldsV1()).isEqualTo(json(KUBERNETES_FIELDS));
    }

    @Test
    void membersAndPathsPrintAsStructuredMergeDiffPrintsThem() {
        FieldSet set = FieldSet.fromFieldsV1(json(KUBERNETES_FIELDS));

        List<String> paths = set.paths().stream().map(FieldSet::toString).toList();

        assertThat(paths).contains(".metadata.labels", ".metadata.labels.app", ".spec.replicas",
                ".spec.template.spec.containers[name=\"nginx\"]",
                ".spec.template.spec.containers[name=\"nginx\"].ports[containerPort=80,protocol=\"TCP\"].containerPort",
                ".metadata2.finalizers[=\"a\"]");
        assertThat(paths).doesNotContain(".spec", ".spec.template");
    }

    @Test
    void setOperationsArePathByPath() {
        FieldSet a = FieldSet.fromFieldsV1(json("{\"f:spec\":{\"f:replicas\":{},\"f:paused\":{}}}"));
        FieldSet b = FieldSet.fromFieldsV1(json("{\"f:spec\":{\"f:replicas\":{}}}"));
        FieldSet spec = FieldSet.fromFieldsV1(json("{\"f:spec\":{}}"));

        assertThat(a.difference(b).toFieldsV1()).isEqualTo(json("{\"f:spec\":{\"f:paused\":{}}}"));
        assertThat(a.intersection(b)).isEqualTo(b);
        assertThat(b.union(a)).isEqualTo(a);
        assertThat(a.difference(spec)).as("difference is not recursive").isEqualTo(a);
        assertThat(a.recursiveDifference(spec).isEmpty()).isTrue();
    }

    @Test
    void malformedFieldsV1IsRejected() {
        assertThatThrownBy(() -> FieldSet.fromFieldsV1(json("{\"x:spec\":{}}")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FieldSet.fromFieldsV1(json("{\"f:spec\":1}")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FieldSet.fromFieldsV1(json("{\"k:notjson\":{}}")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
