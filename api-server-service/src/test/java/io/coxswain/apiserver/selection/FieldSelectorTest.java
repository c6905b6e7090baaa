package io.coxswain.apiserver.selection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coxswain.apiserver.api.ApiException;
import io.coxswain.apiserver.resource.ResourceType;
import io.coxswain.apiserver.resource.ResourceTypes;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

/**
 * {@code fieldSelector} as the scheduler ({@code spec.nodeName=}), the node agent ({@code spec.nodeName=<node>}),
 * {@code kubectl get events --field-selector involvedObject.name=web} and {@code kubectl get pods
 * --field-selector status.phase!=Running} send it.
 */
class FieldSelectorTest {

    private static final Pod BOUND_RUNNING = new PodBuilder()
            .withNewMetadata().withName("web-1").withNamespace("shop").endMetadata()
            .withNewSpec().withNodeName("node-a").withRestartPolicy("Always").withSchedulerName("default-scheduler")
            .withServiceAccountName("default").endSpec()
            .withNewStatus().withPhase("Running").withPodIP("10.0.0.7").endStatus()
            .build();
    private static final Pod UNBOUND = new PodBuilder()
            .withNewMetadata().withName("web-2").withNamespace("shop").endMetadata()
            .withNewSpec().endSpec()
            .withNewStatus().withPhase("Pending").endStatus()
            .build();

    private static FieldSelector pods(String selector) {
        return FieldSelector.parse(selector, SelectableFields.supported(ResourceTypes.PODS), "Pod");
    }

    @ParameterizedTest(name = "\"{0}\": bound={1} unbound={2}")
    @CsvSource(delimiter = '|', value = {
            "spec.nodeName=node-a                     | true  | false",
            "spec.nodeName==node-a                    | true  | false",
            "spec.nodeName!=node-a                    | false | true",
            // the scheduler's query: pods that are not bound yet
            "spec.nodeName=                           | false | true",
            "spec.nodeName!=                          | true  | false",
            "status.phase=Running                     | true  | false",
            "status.phase!=Running                    | false | true",
            "status.phase!=Succeeded,status.phase!=Failed | true | true",
            "metadata.name=web-1                      | true  | false",
            "metadata.namespace=shop                  | true  | true",
            "metadata.namespace=shop,metadata.name=web-2 | false | true",
            "spec.restartPolicy=Always                | true  | false",
            "spec.schedulerName=default-scheduler     | true  | false",
            "spec.serviceAccountName=default          | true  | false",
            "spec.hostNetwork=false                   | true  | true",
            "status.podIP=10.0.0.7                    | true  | false",
            "status.nominatedNodeName=                | true  | true",
            " spec.nodeName = node-a                  | true  | false",
    })
    void podFieldSelectorMatchesAsKubernetesDoes(String selector, boolean matchesBound, boolean matchesUnbound) {
        FieldSelector s = pods(selector);

        assertThat(s.matches(SelectableFields.of(BOUND_RUNNING))).as("bound running pod").isEqualTo(matchesBound);
        assertThat(s.matches(SelectableFields.of(UNBOUND))).as("unbound pending pod").isEqualTo(matchesUnbound);
    }

    @Test
    void blankSelectorSelectsEverything() {
        assertThat(pods(null).isEverything()).isTrue();
        assertThat(pods("").isEverything()).isTrue();
        assertThat(pods("  ")).isSameAs(FieldSelector.EVERYTHING);
        assertThat(pods("metadata.name=a").isEverything()).isFalse();
    }

    @Test
    void requiredValueNamesTheEqualityOnAField() {
        FieldSelector s = pods("metadata.namespace!=kube-system,metadata.name==web-1,spec.nodeName=node-a");

        assertThat(s.requiredValue("metadata.name")).isEqualTo("web-1");
        assertThat(s.requiredValue("spec.nodeName")).isEqualTo("node-a");
        // a != term cannot narrow a list
        assertThat(s.requiredValue("metadata.namespace")).isNull();
        assertThat(s.requiredValue("status.phase")).isNull();
    }

    @Test
    void unsupportedFieldIsABadRequestListingTheSupportedOnes() {
        assertThatThrownBy(() -> pods("spec.foo=bar"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(400);
                    assertThat(e.reason()).isEqualTo("BadRequest");
                    assertThat(e.getMessage())
                            .startsWith("\"spec.foo\" is not a known field selector: only ")
                            .contains("\"metadata.name\"", "\"spec.nodeName\"", "\"status.phase\"")
                            .endsWith("(kind Pod)");
                });
    }

    @Test
    void fieldOfAnotherKindIsNotSelectable() {
        assertThatThrownBy(() -> FieldSelector.parse("spec.nodeName=a",
                SelectableFields.supported(ResourceTypes.CONFIGMAPS), "ConfigMap"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(400));
    }

    @ParameterizedTest(name = "\"{0}\" -> 400")
    @CsvSource(delimiter = '|', value = {"spec.nodeName", "=node-a", "metadata.name=a,status.phase"})
    void termWithoutOperatorIsABadRequest(String selector) {
        assertThatThrownBy(() -> pods(selector))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(400);
                    assertThat(e.getMessage()).startsWith("invalid selector: '" + selector + "'");
                });
    }

    static Stream<Arguments> selectableFieldsPerKind() {
        return Stream.of(
                Arguments.of(ResourceTypes.PODS, new String[] {"metadata.name", "metadata.namespace", "spec.nodeName",
                        "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "spec.hostNetwork",
                        "status.phase", "status.podIP", "status.nominatedNodeName"}),
                Arguments.of(ResourceTypes.EVENTS, new String[] {"metadata.name", "metadata.namespace",
                        "involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
                        "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath",
                        "reason", "reportingComponent", "source", "type"}),
                Arguments.of(ResourceTypes.NODES, new String[] {"metadata.name", "metadata.namespace", "spec.unschedulable"}),
                Arguments.of(ResourceTypes.NAMESPACES, new String[] {"metadata.name", "metadata.namespace", "status.phase"}),
                Arguments.of(ResourceTypes.SECRETS, new String[] {"metadata.name", "metadata.namespace", "type"}),
                Arguments.of(ResourceTypes.REPLICASETS, new String[] {"metadata.name", "metadata.namespace", "status.replicas"}),
                Arguments.of(ResourceTypes.CONFIGMAPS, new String[] {"metadata.name", "metadata.namespace"}),
                Arguments.of(ResourceTypes.DEPLOYMENTS, new String[] {"metadata.name", "metadata.namespace"}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("selectableFieldsPerKind")
    void eachKindSupportsTheFieldsKubernetesSupports(ResourceType type, String[] fields) {
        assertThat(SelectableFields.supported(type)).containsExactlyInAnyOrder(fields);
    }

    static Stream<Arguments> objectsAndTheirFieldValues() {
        HasMetadata event = new EventBuilder()
                .withNewMetadata().withName("web.17a").withNamespace("shop").endMetadata()
                .withNewInvolvedObject().withKind("Pod").withNamespace("shop").withName("web-1").withUid("u-1")
                .withApiVersion("v1").withResourceVersion("42").withFieldPath("spec.containers{web}").endInvolvedObject()
                .withReason("BackOff").withReportingComponent("kubelet").withNewSource().withComponent("node-agent")
                .withHost("node-a").endSource().withType("Warning")
                .build();
        HasMetadata cordoned = new NodeBuilder().withNewMetadata().withName("node-a").endMetadata()
                .withNewSpec().withUnschedulable(true).endSpec().build();
        HasMetadata fresh = new NodeBuilder().withNewMetadata().withName("node-b").endMetadata().build();
        HasMetadata terminating = new NamespaceBuilder().withNewMetadata().withName("old").endMetadata()
                .withNewStatus().withPhase("Terminating").endStatus().build();
        HasMetadata secret = new SecretBuilder().withNewMetadata().withName("tls").withNamespace("shop").endMetadata()
                .withType("kubernetes.io/tls").build();
        HasMetadata rs = new ReplicaSetBuilder().withNewMetadata().withName("web-abc").withNamespace("shop").endMetadata()
                .withNewStatus().withReplicas(3).endStatus().build();
        HasMetadata rsWithoutStatus = new ReplicaSetBuilder().withNewMetadata().withName("web-def").endMetadata().build();
        HasMetadata hostNetworkPod = new PodBuilder().withNewMetadata().withName("p").endMetadata()
                .withNewSpec().withHostNetwork(true).endSpec().build();
        return Stream.of(
                Arguments.of(event, "involvedObject.kind", "Pod"),
                Arguments.of(event, "involvedObject.namespace", "shop"),
                Arguments.of(event, "involvedObject.name", "web-1"),
                Arguments.of(event, "involvedObject.uid", "u-1"),
                Arguments.of(event, "involvedObject.apiVersion", "v1"),
                Arguments.of(event, "involvedObject.resourceVersion", "42"),
                Arguments.of(event, "involvedObject.fieldPath", "spec.containers{web}"),
                Arguments.of(event, "reason", "BackOff"),
                Arguments.of(event, "reportingComponent", "kubelet"),
                Arguments.of(event, "source", "node-agent"),
                Arguments.of(event, "type", "Warning"),
                Arguments.of(event, "metadata.name", "web.17a"),
                Arguments.of(event, "metadata.namespace", "shop"),
                Arguments.of(cordoned, "spec.unschedulable", "true"),
                Arguments.of(fresh, "spec.unschedulable", "false"),
                Arguments.of(fresh, "metadata.namespace", null),
                Arguments.of(terminating, "status.phase", "Terminating"),
                Arguments.of(secret, "type", "kubernetes.io/tls"),
                Arguments.of(rs, "status.replicas", "3"),
                Arguments.of(rsWithoutStatus, "status.replicas", "0"),
                Arguments.of(hostNetworkPod, "spec.hostNetwork", "true"));
    }

    @ParameterizedTest(name = "{0}.{1} = {2}")
    @MethodSource("objectsAndTheirFieldValues")
    void fieldValuesAreReadFromTheObject(HasMetadata object, String field, String value) {
        assertThat(SelectableFields.of(object).apply(field)).isEqualTo(value);
    }

    @Test
    void eventSelectorFindsTheEventsOfOneObject() {
        HasMetadata event = new EventBuilder().withNewMetadata().withName("e").withNamespace("shop").endMetadata()
                .withNewInvolvedObject().withKind("Pod").withName("web-1").endInvolvedObject().build();
        FieldSelector s = FieldSelector.parse("involvedObject.kind=Pod,involvedObject.name=web-1",
                SelectableFields.supported(ResourceTypes.EVENTS), "Event");

        assertThat(s.matches(SelectableFields.of(event))).isTrue();
        assertThat(FieldSelector.parse("involvedObject.name=web-2", SelectableFields.supported(ResourceTypes.EVENTS), "Event")
                .matches(SelectableFields.of(event))).isFalse();
    }

    @Test
    void podWithoutSpecOrStatusHasEmptyFields() {
        Pod bare = new PodBuilder().withNewMetadata().withName("bare").endMetadata().build();

        assertThat(pods("spec.nodeName=,status.phase=,spec.hostNetwork=false").matches(SelectableFields.of(bare))).isTrue();
    }
}
