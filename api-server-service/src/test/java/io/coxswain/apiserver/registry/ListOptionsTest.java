package io.coxswain.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.coxswain.apiserver.resource.ResourceTypes;
import io.coxswain.apiserver.selection.FieldSelector;
import io.coxswain.apiserver.selection.LabelSelector;
import io.coxswain.apiserver.selection.SelectableFields;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a list or watch returns: namespace, label selector and field selector must all hold. */
class ListOptionsTest {

    private static final Pod POD = new PodBuilder().withNewMetadata().withName("web-1").withNamespace("shop")
            .addToLabels("app", "web").endMetadata().withNewSpec().withNodeName("node-a").endSpec().build();

    @ParameterizedTest(name = "ns={0} labels={1} fields={2} -> {3}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "-     | -            | -                    | true",
            "shop  | -            | -                    | true",
            "other | -            | -                    | false",
            "-     | app=web      | -                    | true",
            "shop  | app=api      | -                    | false",
            "-     | -            | spec.nodeName=node-a | true",
            "-     | -            | spec.nodeName=node-b | false",
            "shop  | app in (web) | spec.nodeName!=      | true",
            "shop  | app in (web) | metadata.name=web-2  | false",
    })
    void objectIsListedWhenEveryOptionMatches(String namespace, String labels, String fields, boolean listed) {
        ListOptions options = new ListOptions(namespace, LabelSelector.parse(labels),
                FieldSelector.parse(fields, SelectableFields.supported(ResourceTypes.PODS), "Pod"), null);

        assertThat(options.matches(POD)).isEqualTo(listed);
    }
}
