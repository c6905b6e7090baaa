package io.coxswain.apiserver.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.coxswain.apiserver.api.ApiException;
import io.coxswain.apiserver.resource.ResourceType;
import io.coxswain.apiserver.resource.ResourceTypes;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Validation as {@code kubectl apply} users see it: a 422 {@code Invalid} whose causes name each bad field with
 * Kubernetes' wording (pkg/apis/core/validation, pkg/apis/apps/validation, k8s.io/apimachinery/pkg/util/validation).
 */
class AdmissionValidationTest {

    private static final String DNS1123_SUBDOMAIN = "a lowercase RFC 1123 subdomain must consist of lower case "
            + "alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. "
            + "'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    private static final String DNS1123_LABEL = "a lowercase RFC 1123 label must consist of lower case alphanumeric "
            + "characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', "
            + "regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
    private static final String DNS1035_LABEL = "a DNS-1035 label must consist of lower case alphanumeric characters or "
            + "'-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or "
            + "'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

    private final Admission admission = new Admission();

    /** The causes of the 422 as "field: message", or an empty list when the object is admitted. */
    private List<String> errors(ResourceType type, HasMetadata object, HasMetadata old) {
        ApiException e = catchThrowableOfType(ApiException.class, () -> {
            if (old == null) {
                admission.admitCreate(type, object);
            } else {
                admission.admitUpdate(type, object, old);
            }
        });
        if (e == null) {
            return List.of();
        }
        assertThat(e.code()).isEqualTo(422);
        assertThat(e.reason()).isEqualTo("Invalid");
        assertThat(e.status().getDetails().getKind()).isEqualTo(type.kind());
        return e.status().getDetails().getCauses().stream().map(c -> c.getField() + ": " + c.getMessage()).toList();
    }

    private List<String> errors(ResourceType type, HasMetadata object) {
        return errors(type, object, null);
    }

    // --- fixtures: minimal valid objects ---

    private static PodBuilder pod() {
        return new PodBuilder().withNewMetadata().withName("web-1").withNamespace("default").endMetadata()
                .withNewSpec().addNewContainer().withName("web").withImage("nginx:1.25").endContainer().endSpec();
    }

    private static DeploymentBuilder deployment() {
        return new DeploymentBuilder().withNewMetadata().withName("web").withNamespace("default").endMetadata()
                .withNewSpec().withReplicas(2).withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
                .withNewSpec().addNewContainer().withName("web").withImage("nginx:1.25").endContainer().endSpec()
                .endTemplate().endSpec();
    }

    private static ServiceBuilder service() {
        return new ServiceBuilder().withNewMetadata().withName("web").withNamespace("default").endMetadata()
                .withNewSpec().addToSelector("app", "web").addNewPort().withPort(80).endPort().endSpec();
    }

    @Test
    void validObjectsOfEveryKindAreAdmitted() {
        assertThat(errors(ResourceTypes.PODS, pod().build())).isEmpty();
        assertThat(errors(ResourceTypes.DEPLOYMENTS, deployment().build())).isEmpty();
        assertThat(errors(ResourceTypes.SERVICES, service().build())).isEmpty();
        assertThat(errors(ResourceTypes.NAMESPACES, new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata()
                .build())).isEmpty();
        assertThat(errors(ResourceTypes.CONFIGMAPS, new ConfigMapBuilder().withNewMetadata().withName("cfg").endMetadata()
                .addToData("app.properties", "a=b").addToData("KEY_1", "v").build())).isEmpty();
        assertThat(errors(ResourceTypes.REPLICASETS, new ReplicaSetBuilder().withNewMetadata().withName("web-abc")
                .endMetadata().withNewSpec().withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata().withNewSpec()
                .addNewContainer().withName("web").withImage("nginx").endContainer().endSpec().endTemplate().endSpec()
                .build())).isEmpty();
    }

    // --- metadata ---

    static Stream<Arguments> badMetadata() {
        return Stream.of(
                Arguments.of(ResourceTypes.PODS, "Web_1", "metadata.name: Invalid value: \"Web_1\": " + DNS1123_SUBDOMAIN),
                Arguments.of(ResourceTypes.CONFIGMAPS, "-cfg", "metadata.name: Invalid value: \"-cfg\": " + DNS1123_SUBDOMAIN),
                Arguments.of(ResourceTypes.PODS, "a".repeat(254), "metadata.name: Invalid value: \"" + "a".repeat(254)
                        + "\": must be no more than 253 characters"),
                Arguments.of(ResourceTypes.NAMESPACES, "my.ns", "metadata.name: Invalid value: \"my.ns\": " + DNS1123_LABEL),
                // (its kubernetes.io/metadata.name label is too long as well, as in Kubernetes)
                Arguments.of(ResourceTypes.NAMESPACES, "n".repeat(64), "metadata.name: Invalid value: \"" + "n".repeat(64)
                        + "\": must be no more than 63 characters"),
                Arguments.of(ResourceTypes.SERVICES, "1web", "metadata.name: Invalid value: \"1web\": " + DNS1035_LABEL),
                Arguments.of(ResourceTypes.SERVICES, "web.svc", "metadata.name: Invalid value: \"web.svc\": " + DNS1035_LABEL));
    }

    @ParameterizedTest(name = "{0} named {1}")
    @MethodSource("badMetadata")
    void invalidNameIsRejectedWithTheFormatItBreaks(ResourceType type, String name, String error) {
        HasMetadata object = switch (type.kind()) {
            case "Pod" -> pod().editMetadata().withName(name).endMetadata().build();
            case "Service" -> service().editMetadata().withName(name).endMetadata().build();
            case "Namespace" -> new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build();
            default -> new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().build();
        };

        assertThat(errors(type, object)).first().isEqualTo(error);
    }

    @Test
    void nameIsRequired() {
        assertThat(errors(ResourceTypes.PODS, pod().editMetadata().withName(null).endMetadata().build()))
                .containsExactly("metadata.name: Required value: name or generateName is required");
    }

    @Test
    void eventNamesMayHoldDotsAndCapitalsButNoSlash() {
        var event = new EventBuilder().withNewMetadata().withName("web-1.17A3").withNamespace("default").endMetadata()
                .withNewInvolvedObject().withKind("Pod").withName("web-1").withNamespace("default").endInvolvedObject();

        assertThat(errors(ResourceTypes.EVENTS, event.build())).isEmpty();
        assertThat(errors(ResourceTypes.EVENTS, event.editMetadata().withName("a/b").endMetadata().build()))
                .containsExactly("metadata.name: Invalid value: \"a/b\": may not contain '/' or '%'");
    }

    @Test
    void labelKeysAndValuesAreValidated() {
        Pod pod = pod().editMetadata().addToLabels("app", "web").addToLabels("bad key", "v")
                .addToLabels("ok", "-bad").endMetadata().build();

        assertThat(errors(ResourceTypes.PODS, pod)).containsExactlyInAnyOrder(
                "metadata.labels: Invalid value: \"bad key\": name part must consist of alphanumeric characters, '-', '_' "
                        + "or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or "
                        + "'123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
                "metadata.labels: Invalid value: \"-bad\": a valid label must be an empty string or consist of alphanumeric "
                        + "characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. "
                        + "'MyValue',  or 'my_value',  or '12345', regex used for validation is "
                        + "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')");
    }

    @Test
    void prefixedLabelKeysAreValid() {
        Pod pod = pod().editMetadata().addToLabels("app.kubernetes.io/name", "web").addToLabels("empty", "")
                .addToAnnotations("kubectl.kubernetes.io/last-applied-configuration", "{\"any\": \"thing\"}").endMetadata()
                .build();

        assertThat(errors(ResourceTypes.PODS, pod)).isEmpty();
    }

    @Test
    void annotationsLargerThan256KiBAreRejected() {
        Pod pod = pod().editMetadata().addToAnnotations("big", "x".repeat(256 * 1024)).endMetadata().build();

        assertThat(errors(ResourceTypes.PODS, pod)).containsExactly("metadata.annotations: Too long: must have at most 262144 bytes");
    }

    // --- pods ---

    static Stream<Arguments> badPods() {
        return Stream.<Arguments>of(
                Arguments.of("no containers", (UnaryOperator<PodBuilder>) b -> b.editSpec().withContainers().endSpec(),
                        List.of("spec.containers: Required value")),
                Arguments.of("no image", (UnaryOperator<PodBuilder>) b -> b.editSpec().editFirstContainer().withImage(null)
                        .endContainer().endSpec(), List.of("spec.containers[0].image: Required value")),
                Arguments.of("no container name", (UnaryOperator<PodBuilder>) b -> b.editSpec().editFirstContainer()
                        .withName(null).endContainer().endSpec(), List.of("spec.containers[0].name: Required value")),
                Arguments.of("bad container name", (UnaryOperator<PodBuilder>) b -> b.editSpec().editFirstContainer()
                        .withName("Web").endContainer().endSpec(),
                        List.of("spec.containers[0].name: Invalid value: \"Web\": " + DNS1123_LABEL)),
                Arguments.of("duplicate container names", (UnaryOperator<PodBuilder>) b -> b.editSpec().addNewContainer()
                        .withName("web").withImage("x").endContainer().endSpec(),
                        List.of("spec.containers[1].name: Duplicate value: \"web\"")),
                Arguments.of("init container named like a container", (UnaryOperator<PodBuilder>) b -> b.editSpec()
                        .addNewInitContainer().withName("web").withImage("x").endInitContainer().endSpec(),
                        List.of("spec.containers[0].name: Duplicate value: \"web\"")),
                Arguments.of("restart policy", (UnaryOperator<PodBuilder>) b -> b.editSpec().withRestartPolicy("Sometimes")
                        .endSpec(), List.of("spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: "
                        + "\"Always\", \"OnFailure\", \"Never\"")),
                Arguments.of("dns policy", (UnaryOperator<PodBuilder>) b -> b.editSpec().withDnsPolicy("Google").endSpec(),
                        List.of("spec.dnsPolicy: Unsupported value: \"Google\": supported values: "
                                + "\"ClusterFirstWithHostNet\", \"ClusterFirst\", \"Default\", \"None\"")),
                Arguments.of("image pull policy", (UnaryOperator<PodBuilder>) b -> b.editSpec().editFirstContainer()
                        .withImagePullPolicy("Sometimes").endContainer().endSpec(),
                        List.of("spec.containers[0].imagePullPolicy: Unsupported value: \"Sometimes\": supported values: "
                                + "\"Always\", \"IfNotPresent\", \"Never\"")),
                Arguments.of("negative grace period", (UnaryOperator<PodBuilder>) b -> b.editSpec()
                        .withTerminationGracePeriodSeconds(-1L).endSpec(),
                        List.of("spec.terminationGracePeriodSeconds: Invalid value: -1: must be greater than or equal to 0")),
                Arguments.of("zero active deadline", (UnaryOperator<PodBuilder>) b -> b.editSpec()
                        .withActiveDeadlineSeconds(0L).endSpec(),
                        List.of("spec.activeDeadlineSeconds: Invalid value: 0: must be greater than or equal to 1")),
                Arguments.of("container port out of range", (UnaryOperator<PodBuilder>) b -> b.editSpec().editFirstContainer()
                        .addNewPort().withContainerPort(70000).endPort().endContainer().endSpec(),
                        List.of("spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and "
                                + "65535, inclusive")),
                Arguments.of("container port missing", (UnaryOperator<PodBuilder>) b -> b.editSpec().editFirstContainer()
                        .addNewPort().withName("http").endPort().endContainer().endSpec(),
                        List.of("spec.containers[0].ports[0].containerPort: Required value")),
                Arguments.of("port protocol", (UnaryOperator<PodBuilder>) b -> b.editSpec().editFirstContainer()
                        .addNewPort().withContainerPort(80).withProtocol("HTTP").endPort().endContainer().endSpec(),
                        List.of("spec.containers[0].ports[0].protocol: Unsupported value: \"HTTP\": supported values: "
                                + "\"TCP\", \"UDP\", \"SCTP\"")),
                Arguments.of("same host port twice", (UnaryOperator<PodBuilder>) b -> b.editSpec().editFirstContainer()
                        .addNewPort().withContainerPort(80).withHostPort(8080).endPort()
                        .addNewPort().withContainerPort(81).withHostPort(8080).endPort().endContainer().endSpec(),
                        List.of("spec.containers[0].ports[1].hostPort: Duplicate value: \"8080/TCP/\"")),
                Arguments.of("port name too long and numeric", (UnaryOperator<PodBuilder>) b -> b.editSpec()
                        .editFirstContainer().addNewPort().withContainerPort(80).withName("a-very-long-port-name").endPort()
                        .addNewPort().withContainerPort(81).withName("8080").endPort().endContainer().endSpec(),
                        List.of("spec.containers[0].ports[0].name: Invalid value: \"a-very-long-port-name\": must be no "
                                        + "more than 15 characters",
                                "spec.containers[0].ports[1].name: Invalid value: \"8080\": must contain at least one letter "
                                        + "(a-z)")),
                // '=' is invalid under both the C-identifier rule and the relaxed rule of Kubernetes 1.32
                Arguments.of("env var name", (UnaryOperator<PodBuilder>) b -> b.editSpec().editFirstContainer()
                        .addNewEnv().withName("A=B").withValue("x").endEnv().addNewEnv().withValue("y").endEnv()
                        .endContainer().endSpec(),
                        List.of("spec.containers[0].env[0].name: Invalid value: \"A=B\": a valid environment variable name "
                                        + "must consist of alphabetic characters, digits, '_', '-', or '.', and must not "
                                        + "start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', "
                                        + "regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')",
                                "spec.containers[0].env[1].name: Required value")),
                Arguments.of("volume mount of a missing volume", (UnaryOperator<PodBuilder>) b -> b.editSpec()
                        .editFirstContainer().addNewVolumeMount().withName("data").withMountPath("/data").endVolumeMount()
                        .endContainer().endSpec(),
                        List.of("spec.containers[0].volumeMounts[0].name: Not found: \"data\"")),
                Arguments.of("duplicate volumes", (UnaryOperator<PodBuilder>) b -> b.editSpec()
                        .addNewVolume().withName("data").withNewEmptyDir().endEmptyDir().endVolume()
                        .addNewVolume().withName("data").withNewEmptyDir().endEmptyDir().endVolume().endSpec(),
                        List.of("spec.volumes[1].name: Duplicate value: \"data\"")),
                Arguments.of("toleration operator", (UnaryOperator<PodBuilder>) b -> b.editSpec().addNewToleration()
                        .withKey("k").withOperator("Exists").withValue("v").withEffect("NoSchedule").endToleration().endSpec(),
                        List.of("spec.tolerations[0].operator: Invalid value: \"Exists\": value must be empty when "
                                + "`operator` is 'Exists'")),
                Arguments.of("node selector", (UnaryOperator<PodBuilder>) b -> b.editSpec().addToNodeSelector("disk", "s s")
                        .endSpec(), List.of("spec.nodeSelector: Invalid value: \"s s\": a valid label must be an empty "
                        + "string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
                        + "alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation "
                        + "is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badPods")
    void invalidPodIsRejectedNamingTheField(String description, UnaryOperator<PodBuilder> change, List<String> expected) {
        assertThat(errors(ResourceTypes.PODS, change.apply(pod()).build())).containsExactlyElementsOf(expected);
    }

    static Stream<Arguments> badQuantities() {
        return Stream.of(
                Arguments.of("limits", "cpu", "-1", "spec.containers[0].resources.limits[cpu]: Invalid value: \"-1\": "
                        + "must be greater than or equal to 0"),
                Arguments.of("requests", "memory", "-64Mi", "spec.containers[0].resources.requests[memory]: Invalid value: "
                        + "\"-64Mi\": must be greater than or equal to 0"),
                Arguments.of("requests", "cpu", "lots", "spec.containers[0].resources.requests[cpu]: Invalid value: "
                        + "\"lots\": quantities must match the regular expression "
                        + "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"));
    }

    @ParameterizedTest(name = "{0}[{1}]={2}")
    @MethodSource("badQuantities")
    void invalidQuantityIsRejected(String kind, String resource, String amount, String expected) {
        var resources = new io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder();
        if (kind.equals("limits")) {
            resources.addToLimits(resource, new Quantity(amount));
        } else {
            resources.addToRequests(resource, new Quantity(amount));
        }
        Pod pod = pod().editSpec().editFirstContainer().withResources(resources.build()).endContainer().endSpec().build();

        assertThat(errors(ResourceTypes.PODS, pod)).contains(expected);
    }

    /**
     * fabric8 decodes {@code limits: {memory: lots}} from JSON without complaint; Kubernetes answers 422 naming the
     * field. Here the pod's QoS class is computed (during defaulting, before validation) from the unparseable limit.
     */
    @Test
    void unparseableLimitIsA422NotAServerError() throws Exception {
        Pod pod = new io.coxswain.apiserver.registry.ObjectCodec().mapper().readValue("""
                {"metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"nginx:1",
                  "resources":{"limits":{"memory":"lots"}}}]}}""", Pod.class);

        assertThat(errors(ResourceTypes.PODS, pod)).contains("spec.containers[0].resources.limits[memory]: Invalid value: "
                + "\"lots\": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
    }

    @Test
    void requestAboveLimitIsRejected() {
        Pod pod = pod().editSpec().editFirstContainer().withNewResources().addToLimits("cpu", new Quantity("500m"))
                .addToRequests("cpu", new Quantity("1")).endResources().endContainer().endSpec().build();

        assertThat(errors(ResourceTypes.PODS, pod))
                .containsExactly("spec.containers[0].resources.requests: Invalid value: \"1\": must be less than or equal "
                        + "to cpu limit of 500m");
    }

    static Stream<Arguments> badProbes() {
        return Stream.<Arguments>of(
                Arguments.of("no handler", (UnaryOperator<PodBuilder>) b -> b.editSpec().editFirstContainer()
                        .withNewLivenessProbe().withPeriodSeconds(5).endLivenessProbe().endContainer().endSpec(),
                        List.of("spec.containers[0].livenessProbe: Required value: must specify a handler type")),
                Arguments.of("two handlers", (UnaryOperator<PodBuilder>) b -> b.editSpec().editFirstContainer()
                        .withNewReadinessProbe().withNewTcpSocket().withPort(new IntOrString(80)).endTcpSocket()
                        .withNewExec().withCommand("true").endExec().endReadinessProbe().endContainer().endSpec(),
                        List.of("spec.containers[0].readinessProbe: Forbidden: may not specify more than 1 handler type")),
                Arguments.of("negative initial delay, zero period", (UnaryOperator<PodBuilder>) b -> b.editSpec()
                        .editFirstContainer().withNewStartupProbe().withNewExec().withCommand("true").endExec()
                        .withInitialDelaySeconds(-1).withPeriodSeconds(-5).endStartupProbe().endContainer().endSpec(),
                        List.of("spec.containers[0].startupProbe.initialDelaySeconds: Invalid value: -1: must be greater "
                                        + "than or equal to 0",
                                "spec.containers[0].startupProbe.periodSeconds: Invalid value: -5: must be greater than or "
                                        + "equal to 1")),
                Arguments.of("http probe without port, bad scheme", (UnaryOperator<PodBuilder>) b -> b.editSpec()
                        .editFirstContainer().withNewLivenessProbe().withNewHttpGet().withScheme("FTP").endHttpGet()
                        .endLivenessProbe().endContainer().endSpec(),
                        List.of("spec.containers[0].livenessProbe.httpGet.scheme: Unsupported value: \"FTP\": supported "
                                        + "values: \"HTTP\", \"HTTPS\"",
                                "spec.containers[0].livenessProbe.httpGet.port: Required value")),
                Arguments.of("exec probe without command", (UnaryOperator<PodBuilder>) b -> b.editSpec().editFirstContainer()
                        .withNewLivenessProbe().withNewExec().endExec().endLivenessProbe().endContainer().endSpec(),
                        List.of("spec.containers[0].livenessProbe.exec.command: Required value")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badProbes")
    void invalidProbeIsRejectedNamingTheField(String description, UnaryOperator<PodBuilder> change, List<String> expected) {
        assertThat(errors(ResourceTypes.PODS, change.apply(pod()).build())).containsExactlyElementsOf(expected);
    }

    @Test
    void everyErrorOfAnObjectComesInOne422() {
        Pod pod = pod().editMetadata().withName("Bad_Name").endMetadata().editSpec().withRestartPolicy("Sometimes")
                .editFirstContainer().withImage(null).endContainer().endSpec().build();

        ApiException e = catchThrowableOfType(ApiException.class, () -> admission.admitCreate(ResourceTypes.PODS, pod));

        assertThat(e.status().getDetails().getCauses()).extracting(StatusCause::getField)
                .containsExactlyInAnyOrder("metadata.name", "spec.restartPolicy", "spec.containers[0].image");
        assertThat(e.getMessage()).startsWith("Pod \"Bad_Name\" is invalid: [").endsWith("]");
        assertThat(e.status().getDetails().getName()).isEqualTo("Bad_Name");
    }

    @Test
    void podUpdateMayChangeImagesActiveDeadlineAndTolerations() {
        Pod old = pod().build();
        admission.admitCreate(ResourceTypes.PODS, old);
        Pod updated = new PodBuilder(old).editSpec().editFirstContainer().withImage("nginx:1.26").endContainer()
                .withActiveDeadlineSeconds(60L).addNewToleration().withKey("k").withOperator("Exists")
                .withEffect("NoSchedule").endToleration().endSpec().build();

        assertThatCode(() -> admission.admitUpdate(ResourceTypes.PODS, updated, old)).doesNotThrowAnyException();
    }

    @Test
    void podUpdateMayNotChangeOtherFields() {
        Pod old = pod().build();
        admission.admitCreate(ResourceTypes.PODS, old);
        Pod updated = new PodBuilder(old).editSpec().editFirstContainer().addNewEnv().withName("A").withValue("b").endEnv()
                .endContainer().endSpec().build();

        assertThat(errors(ResourceTypes.PODS, updated, old)).singleElement().asString()
                .startsWith("spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,");
    }

    /**
     * Kubernetes' ValidatePodUpdate only lets tolerations be added and terminationGracePeriodSeconds go from a negative
     * value to 1; any other change to them is the same "pod updates may not change fields" Forbidden error. (Removing one
     * of the two default tolerations would not do: the DefaultTolerationSeconds plugin also runs on update and adds it
     * back, in Kubernetes as here; so the removed toleration is the user's own.)
     */
    @Test
    void podUpdateMayNotRemoveTolerationsOrChangeTheGracePeriod() {
        Pod old = pod().editSpec().addNewToleration().withKey("dedicated").withOperator("Equal").withValue("gpu")
                .withEffect("NoSchedule").endToleration().endSpec().build();
        admission.admitCreate(ResourceTypes.PODS, old);
        Pod longerGrace = new PodBuilder(old).editSpec().withTerminationGracePeriodSeconds(60L).endSpec().build();
        Pod fewerTolerations = new PodBuilder(old).editSpec().withTolerations(old.getSpec().getTolerations().subList(1, 3))
                .endSpec().build();
        Pod otherSeconds = new PodBuilder(old).editSpec().editLastToleration().withTolerationSeconds(60L).endToleration()
                .endSpec().build();

        assertThat(errors(ResourceTypes.PODS, longerGrace, old)).singleElement().asString()
                .startsWith("spec: Forbidden: pod updates may not change fields other than");
        assertThat(errors(ResourceTypes.PODS, fewerTolerations, old))
                .containsExactly("spec.tolerations: Forbidden: existing toleration can not be modified except its "
                        + "tolerationSeconds");
        assertThat(errors(ResourceTypes.PODS, otherSeconds, old)).isEmpty();
    }

    @Test
    void podUpdateMaySetANegativeGracePeriodToOne() {
        Pod old = pod().editSpec().withTerminationGracePeriodSeconds(-1L).endSpec().build();
        admission.applyDefaults(old);
        Pod one = new PodBuilder(old).editSpec().withTerminationGracePeriodSeconds(1L).endSpec().build();
        Pod two = new PodBuilder(old).editSpec().withTerminationGracePeriodSeconds(2L).endSpec().build();

        assertThat(errors(ResourceTypes.PODS, one, old)).isEmpty();
        assertThat(errors(ResourceTypes.PODS, two, old)).singleElement().asString()
                .startsWith("spec: Forbidden: pod updates may not change fields other than");
    }

    // --- deployments and replica sets ---

    static Stream<Arguments> badDeployments() {
        return Stream.<Arguments>of(
                Arguments.of("negative replicas", (UnaryOperator<DeploymentBuilder>) b -> b.editSpec().withReplicas(-1)
                        .endSpec(), List.of("spec.replicas: Invalid value: -1: must be greater than or equal to 0")),
                Arguments.of("selector does not match template", (UnaryOperator<DeploymentBuilder>) b -> b.editSpec()
                        .editTemplate().editMetadata().withLabels(java.util.Map.of("app", "other")).endMetadata()
                        .endTemplate().endSpec(),
                        List.of("spec.template.metadata.labels: Invalid value: \"{app=other}\": `selector` does not match "
                                + "template `labels`")),
                Arguments.of("missing selector", (UnaryOperator<DeploymentBuilder>) b -> b.editSpec().withSelector(null)
                        .endSpec(), List.of("spec.selector: Required value")),
                Arguments.of("empty selector", (UnaryOperator<DeploymentBuilder>) b -> b.editSpec().withNewSelector()
                        .endSelector().endSpec(),
                        List.of("spec.selector: Invalid value: \"\": empty selector is invalid for deployment")),
                Arguments.of("template restart policy", (UnaryOperator<DeploymentBuilder>) b -> b.editSpec().editTemplate()
                        .editSpec().withRestartPolicy("Never").endSpec().endTemplate().endSpec(),
                        List.of("spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: "
                                + "\"Always\"")),
                Arguments.of("template container without image", (UnaryOperator<DeploymentBuilder>) b -> b.editSpec()
                        .editTemplate().editSpec().editFirstContainer().withImage("").endContainer().endSpec().endTemplate()
                        .endSpec(), List.of("spec.template.spec.containers[0].image: Required value")),
                Arguments.of("unknown strategy", (UnaryOperator<DeploymentBuilder>) b -> b.editSpec().withNewStrategy()
                        .withType("BlueGreen").endStrategy().endSpec(),
                        List.of("spec.strategy.type: Unsupported value: \"BlueGreen\": supported values: \"Recreate\", "
                                + "\"RollingUpdate\"")),
                Arguments.of("recreate with rolling update parameters", (UnaryOperator<DeploymentBuilder>) b -> b.editSpec()
                        .withNewStrategy().withType("Recreate").withNewRollingUpdate().withMaxSurge(new IntOrString(1))
                        .endRollingUpdate().endStrategy().endSpec(),
                        List.of("spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is "
                                + "'Recreate'")),
                Arguments.of("both surge and unavailable zero", (UnaryOperator<DeploymentBuilder>) b -> b.editSpec()
                        .withNewStrategy().withNewRollingUpdate().withMaxSurge(new IntOrString(0))
                        .withMaxUnavailable(new IntOrString("0%")).endRollingUpdate().endStrategy().endSpec(),
                        List.of("spec.strategy.rollingUpdate.maxUnavailable: Invalid value: \"0%\": may not be 0 when "
                                + "`maxSurge` is 0")),
                Arguments.of("malformed percentage", (UnaryOperator<DeploymentBuilder>) b -> b.editSpec()
                        .withNewStrategy().withNewRollingUpdate().withMaxSurge(new IntOrString("ten%"))
                        .endRollingUpdate().endStrategy().endSpec(),
                        List.of("spec.strategy.rollingUpdate.maxSurge: Invalid value: \"ten%\": a valid percent string must "
                                + "be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for "
                                + "validation is '[0-9]+%')")),
                Arguments.of("max unavailable over 100%", (UnaryOperator<DeploymentBuilder>) b -> b.editSpec()
                        .withNewStrategy().withNewRollingUpdate().withMaxUnavailable(new IntOrString("150%"))
                        .endRollingUpdate().endStrategy().endSpec(),
                        List.of("spec.strategy.rollingUpdate.maxUnavailable: Invalid value: \"150%\": must not be greater "
                                + "than 100%")),
                Arguments.of("negative history limit", (UnaryOperator<DeploymentBuilder>) b -> b.editSpec()
                        .withRevisionHistoryLimit(-1).endSpec(),
                        List.of("spec.revisionHistoryLimit: Invalid value: -1: must be greater than or equal to 0")),
                Arguments.of("progress deadline not above minReadySeconds", (UnaryOperator<DeploymentBuilder>) b -> b
                        .editSpec().withMinReadySeconds(30).withProgressDeadlineSeconds(30).endSpec(),
                        List.of("spec.progressDeadlineSeconds: Invalid value: 30: must be greater than minReadySeconds")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badDeployments")
    void invalidDeploymentIsRejectedNamingTheField(String description, UnaryOperator<DeploymentBuilder> change,
                                                   List<String> expected) {
        assertThat(errors(ResourceTypes.DEPLOYMENTS, change.apply(deployment()).build())).containsExactlyElementsOf(expected);
    }

    @Test
    void invalidDeploymentMessageNamesTheGroupQualifiedKind() {
        Deployment d = deployment().editSpec().withReplicas(-1).endSpec().build();

        ApiException e = catchThrowableOfType(ApiException.class, () -> admission.admitCreate(ResourceTypes.DEPLOYMENTS, d));

        assertThat(e.getMessage()).isEqualTo("Deployment.apps \"web\" is invalid: spec.replicas: Invalid value: -1: must be "
                + "greater than or equal to 0");
        assertThat(e.status().getDetails().getGroup()).isEqualTo("apps");
    }

    @Test
    void selectorWithMatchExpressionsMatchingTheTemplateIsValid() {
        Deployment d = deployment().editSpec().withNewSelector().addNewMatchExpression().withKey("app").withOperator("In")
                .withValues("web", "api").endMatchExpression().addNewMatchExpression().withKey("canary")
                .withOperator("DoesNotExist").endMatchExpression().endSelector().endSpec().build();

        assertThat(errors(ResourceTypes.DEPLOYMENTS, d)).isEmpty();
    }

    @Test
    void deploymentSelectorIsImmutable() {
        Deployment old = deployment().build();
        admission.admitCreate(ResourceTypes.DEPLOYMENTS, old);
        Deployment updated = deployment().editSpec().editSelector().addToMatchLabels("tier", "fe").endSelector()
                .editTemplate().editMetadata().addToLabels("tier", "fe").endMetadata().endTemplate().endSpec().build();

        assertThat(errors(ResourceTypes.DEPLOYMENTS, updated, old)).singleElement().asString()
                .startsWith("spec.selector: Invalid value: ").endsWith(": field is immutable");
    }

    @Test
    void deploymentUpdateKeepingTheSelectorIsValid() {
        Deployment old = deployment().build();
        admission.admitCreate(ResourceTypes.DEPLOYMENTS, old);
        Deployment updated = deployment().editSpec().withReplicas(5).editTemplate().editSpec().editFirstContainer()
                .withImage("nginx:1.26").endContainer().endSpec().endTemplate().endSpec().build();

        assertThat(errors(ResourceTypes.DEPLOYMENTS, updated, old)).isEmpty();
    }

    @Test
    void replicaSetSelectorMustMatchItsTemplate() {
        var rs = new ReplicaSetBuilder().withNewMetadata().withName("web-abc").endMetadata().withNewSpec().withReplicas(-2)
                .withNewSelector().addToMatchLabels("app", "web").endSelector().withNewTemplate().withNewMetadata()
                .addToLabels("app", "api").endMetadata().withNewSpec().addNewContainer().withName("web").withImage("nginx")
                .endContainer().endSpec().endTemplate().endSpec().build();

        assertThat(errors(ResourceTypes.REPLICASETS, rs)).containsExactly(
                "spec.replicas: Invalid value: -2: must be greater than or equal to 0",
                "spec.template.metadata.labels: Invalid value: \"{app=api}\": `selector` does not match template `labels`");
    }

    // --- services ---

    static Stream<Arguments> badServices() {
        return Stream.<Arguments>of(
                Arguments.of("no ports", (UnaryOperator<ServiceBuilder>) b -> b.editSpec().withPorts().endSpec(),
                        List.of("spec.ports: Required value")),
                Arguments.of("port 0", (UnaryOperator<ServiceBuilder>) b -> b.editSpec().editFirstPort().withPort(0).endPort()
                        // targetPort defaults to port, so it is out of range too (as in Kubernetes)
                        .endSpec(), List.of("spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive",
                        "spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive")),
                Arguments.of("port above 65535", (UnaryOperator<ServiceBuilder>) b -> b.editSpec().editFirstPort()
                        .withPort(65536).endPort().endSpec(),
                        List.of("spec.ports[0].port: Invalid value: 65536: must be between 1 and 65535, inclusive",
                                "spec.ports[0].targetPort: Invalid value: 65536: must be between 1 and 65535, inclusive")),
                Arguments.of("target port out of range", (UnaryOperator<ServiceBuilder>) b -> b.editSpec().editFirstPort()
                        .withTargetPort(new IntOrString(70000)).endPort().endSpec(),
                        List.of("spec.ports[0].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive")),
                Arguments.of("two ports without names", (UnaryOperator<ServiceBuilder>) b -> b.editSpec().addNewPort()
                        .withPort(443).endPort().endSpec(),
                        List.of("spec.ports[0].name: Required value", "spec.ports[1].name: Required value")),
                Arguments.of("duplicate port names", (UnaryOperator<ServiceBuilder>) b -> b.editSpec().editFirstPort()
                        .withName("http").endPort().addNewPort().withName("http").withPort(8080).endPort().endSpec(),
                        List.of("spec.ports[1].name: Duplicate value: \"http\"")),
                Arguments.of("same port and protocol twice", (UnaryOperator<ServiceBuilder>) b -> b.editSpec().editFirstPort()
                        .withName("a").endPort().addNewPort().withName("b").withPort(80).endPort().endSpec(),
                        List.of("spec.ports[1]: Duplicate value: \"80/TCP\"")),
                Arguments.of("protocol", (UnaryOperator<ServiceBuilder>) b -> b.editSpec().editFirstPort()
                        .withProtocol("ICMP").endPort().endSpec(),
                        List.of("spec.ports[0].protocol: Unsupported value: \"ICMP\": supported values: \"TCP\", \"UDP\", "
                                + "\"SCTP\"")),
                Arguments.of("type", (UnaryOperator<ServiceBuilder>) b -> b.editSpec().withType("Ingress").endSpec(),
                        List.of("spec.type: Unsupported value: \"Ingress\": supported values: \"ClusterIP\", \"NodePort\", "
                                + "\"LoadBalancer\", \"ExternalName\"")),
                Arguments.of("node port on a ClusterIP service", (UnaryOperator<ServiceBuilder>) b -> b.editSpec()
                        .editFirstPort().withNodePort(30080).endPort().endSpec(),
                        List.of("spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'")),
                Arguments.of("node port out of range", (UnaryOperator<ServiceBuilder>) b -> b.editSpec().withType("NodePort")
                        .editFirstPort().withNodePort(8080).endPort().endSpec(),
                        List.of("spec.ports[0].nodePort: Invalid value: 8080: must be between 30000 and 32767, inclusive")),
                Arguments.of("external name missing", (UnaryOperator<ServiceBuilder>) b -> b.editSpec()
                        .withType("ExternalName").endSpec(), List.of("spec.externalName: Required value")),
                Arguments.of("cluster IP", (UnaryOperator<ServiceBuilder>) b -> b.editSpec().withClusterIP("10.96.0.300")
                        .endSpec(), List.of("spec.clusterIP: Invalid value: \"10.96.0.300\": must be a valid IP address, "
                        + "(e.g. 10.9.8.7)")),
                Arguments.of("session affinity", (UnaryOperator<ServiceBuilder>) b -> b.editSpec()
                        .withSessionAffinity("Cookie").endSpec(),
                        List.of("spec.sessionAffinity: Unsupported value: \"Cookie\": supported values: \"None\", "
                                + "\"ClientIP\"")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badServices")
    void invalidServiceIsRejectedNamingTheField(String description, UnaryOperator<ServiceBuilder> change,
                                                List<String> expected) {
        assertThat(errors(ResourceTypes.SERVICES, change.apply(service()).build())).containsExactlyElementsOf(expected);
    }

    /**
     * Kubernetes' SetDefaults_Service sets targetPort to port when it is 0 or "". Go clients send {@code "targetPort": 0}
     * for a ServicePort whose TargetPort is unset (IntOrString is a struct, so omitempty does not drop it).
     */
    @Test
    void targetPortZeroDefaultsToThePortAsInKubernetes() {
        Service svc = service().editSpec().editFirstPort().withTargetPort(new IntOrString(0)).endPort().endSpec().build();

        assertThat(errors(ResourceTypes.SERVICES, svc)).isEmpty();
        assertThat(svc.getSpec().getPorts().get(0).getTargetPort()).isEqualTo(new IntOrString(80));
    }

    @Test
    void headlessServiceNeedsNoPorts() {
        Service svc = service().editSpec().withClusterIP("None").withPorts().endSpec().build();

        assertThat(errors(ResourceTypes.SERVICES, svc)).isEmpty();
    }

    @Test
    void clusterIpCannotChangeOnUpdate() {
        Service old = service().editSpec().withClusterIP("10.96.0.10").endSpec().build();
        Service updated = service().editSpec().withClusterIP("10.96.0.11").endSpec().build();

        assertThat(errors(ResourceTypes.SERVICES, updated, old))
                .containsExactly("spec.clusterIPs[0]: Invalid value: \"10.96.0.11\": may not change once set");
    }

    // --- config maps, secrets and the rest ---

    @Test
    void configMapKeysMustBeValidConfigKeys() {
        var cm = new ConfigMapBuilder().withNewMetadata().withName("cfg").endMetadata().addToData("a b", "v")
                .addToBinaryData("ok.bin", "AAE=").addToBinaryData("a/b", "AAE=").build();

        assertThat(errors(ResourceTypes.CONFIGMAPS, cm)).containsExactlyInAnyOrder(
                "data[a b]: Invalid value: \"a b\": a valid config key must consist of alphanumeric characters, '-', '_' or "
                        + "'.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is "
                        + "'[-._a-zA-Z0-9]+')",
                "binaryData[a/b]: Invalid value: \"a/b\": a valid config key must consist of alphanumeric characters, '-', "
                        + "'_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is "
                        + "'[-._a-zA-Z0-9]+')");
    }

    @Test
    void configMapKeyInBothDataAndBinaryDataIsRejected() {
        var cm = new ConfigMapBuilder().withNewMetadata().withName("cfg").endMetadata().addToData("k", "v")
                .addToBinaryData("k", "AAE=").build();

        assertThat(errors(ResourceTypes.CONFIGMAPS, cm))
                .containsExactly("data[k]: Invalid value: \"k\": duplicate of key present in binaryData");
    }

    @Test
    void secretDataMustBeBase64AndItsTypeImmutable() {
        var bad = new SecretBuilder().withNewMetadata().withName("s").endMetadata().addToData("k", "not base64!").build();
        var old = new SecretBuilder().withNewMetadata().withName("s").endMetadata().withType("Opaque").build();
        var retyped = new SecretBuilder().withNewMetadata().withName("s").endMetadata().withType("kubernetes.io/tls").build();

        assertThat(errors(ResourceTypes.SECRETS, bad))
                .containsExactly("data[k]: Invalid value: \"<secret contents redacted>\": illegal base64 data");
        assertThat(errors(ResourceTypes.SECRETS, retyped, old))
                .containsExactly("type: Invalid value: \"kubernetes.io/tls\": field is immutable");
    }

    @Test
    void endpointAddressesMustBeIpv4AndPortsInRange() {
        var ep = new EndpointsBuilder().withNewMetadata().withName("web").endMetadata().addNewSubset()
                .addNewAddress().withIp("10.0.0.1").endAddress().addNewAddress().withIp("node-a").endAddress()
                .addNewNotReadyAddress().withIp("256.1.1.1").endNotReadyAddress()
                .addNewPort().withPort(0).endPort().endSubset().build();

        assertThat(errors(ResourceTypes.ENDPOINTS, ep)).containsExactly(
                "subsets[0].addresses[1].ip: Invalid value: \"node-a\": must be a valid IP address",
                "subsets[0].notReadyAddresses[0].ip: Invalid value: \"256.1.1.1\": must be a valid IP address",
                "subsets[0].ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive");
    }

    @Test
    void eventNeedsAnInvolvedObjectInItsOwnNamespace() {
        var noObject = new EventBuilder().withNewMetadata().withName("e").withNamespace("default").endMetadata().build();
        var elsewhere = new EventBuilder().withNewMetadata().withName("e").withNamespace("default").endMetadata()
                .withNewInvolvedObject().withKind("Pod").withName("p").withNamespace("shop").endInvolvedObject().build();

        assertThat(errors(ResourceTypes.EVENTS, noObject)).containsExactly("involvedObject: Required value");
        assertThat(errors(ResourceTypes.EVENTS, elsewhere)).containsExactly(
                "involvedObject.namespace: Invalid value: \"shop\": does not match event.namespace");
    }

    /**
     * Kubernetes checks an Event's type only for events.k8s.io/v1 requests; core/v1 Events get the legacy validation
     * alone (pkg/apis/core/validation/events.go ValidateEventCreate: "No further validation for backwards compatibility").
     */
    @Test
    void coreV1EventOfAnotherTypeIsAccepted() {
        var event = new EventBuilder().withNewMetadata().withName("e").withNamespace("default").endMetadata()
                .withNewInvolvedObject().withKind("Pod").withName("p").withNamespace("default").endInvolvedObject()
                .withType("Error").build();

        assertThat(errors(ResourceTypes.EVENTS, event)).isEmpty();
    }

    /** k8s.io/apimachinery/pkg/util/validation IsConfigMapKey also forbids '.', '..' and a '..' prefix (hasChDirPrefix). */
    @Test
    void configMapKeysThatNameDirectoriesAreRejected() {
        var cm = new ConfigMapBuilder().withNewMetadata().withName("cfg").endMetadata().addToData(".", "a")
                .addToData("..", "b").addToData("..data", "c").build();

        assertThat(errors(ResourceTypes.CONFIGMAPS, cm)).containsExactlyInAnyOrder(
                "data[.]: Invalid value: \".\": must not be '.'",
                "data[..]: Invalid value: \"..\": must not be '..'",
                "data[..data]: Invalid value: \"..data\": must not start with '..'");
    }

    @Test
    void nodeTaintsNeedAQualifiedKeyAndAKnownEffect() {
        var node = new NodeBuilder().withNewMetadata().withName("node-a").endMetadata().withNewSpec()
                .addNewTaint().withKey("dedicated").withValue("gpu").withEffect("NoSchedule").endTaint()
                .addNewTaint().withKey("bad key").withEffect("Sometimes").endTaint()
                .addNewTaint().withValue("x").endTaint().endSpec().build();

        assertThat(errors(ResourceTypes.NODES, node)).containsExactly(
                "spec.taints[1].key: Invalid value: \"bad key\": name part must consist of alphanumeric characters, '-', "
                        + "'_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name', "
                        + " or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
                "spec.taints[1].effect: Unsupported value: \"Sometimes\": supported values: \"NoSchedule\", "
                        + "\"PreferNoSchedule\", \"NoExecute\"",
                "spec.taints[2].key: Required value",
                "spec.taints[2].effect: Required value");
    }

    @Test
    void leaseDurationMustBePositive() {
        var lease = new LeaseBuilder().withNewMetadata().withName("scheduler").withNamespace("kube-system").endMetadata()
                .withNewSpec().withHolderIdentity("a").withLeaseDurationSeconds(0).withLeaseTransitions(-1).endSpec().build();

        assertThat(errors(ResourceTypes.LEASES, lease)).containsExactly(
                "spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0",
                "spec.leaseTransitions: Invalid value: -1: must be greater than or equal to 0");
    }
}
