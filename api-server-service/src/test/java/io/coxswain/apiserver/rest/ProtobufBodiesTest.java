package io.coxswain.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.coxswain.apiserver.api.ApiException;
import io.coxswain.apiserver.registry.ObjectCodec;
import io.coxswain.apiserver.resource.ResourceType;
import io.coxswain.apiserver.resource.ResourceTypes;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.kubernetes.client.proto.IntStr;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Resource;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Apps;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The protobuf bodies decode to the JSON fabric8 writes for the same object: bodies built with the Kubernetes proto
 * builders (table below) and bodies kubectl 1.32 really sent ({@code src/test/resources/protobuf}, captured with
 * {@code kubectl.1.32 create ...} against a listener that recorded the request bodies).
 */
class ProtobufBodiesTest {

    private static final ObjectCodec CODEC = new ObjectCodec();
    private static final KubernetesSerialization SERIALIZATION = CODEC.serialization();
    private static final ObjectMapper MAPPER = CODEC.mapper();

    static Stream<Arguments> builtBodies() {
        // 2026-11-25T22:01:27Z
        Meta.Time created = Meta.Time.newBuilder().setSeconds(1795644087L).setNanos(0).build();
        return Stream.of(
                Arguments.of("namespace with labels and a creation time", ResourceTypes.NAMESPACES,
                        envelope("v1", "Namespace", V1.Namespace.newBuilder()
                                .setMetadata(Meta.ObjectMeta.newBuilder().setName("demo").setNamespace("")
                                        .setGeneration(0).setCreationTimestamp(created)
                                        .putLabels("team", "a"))
                                .setSpec(V1.NamespaceSpec.newBuilder())
                                .setStatus(V1.NamespaceStatus.newBuilder().setPhase(""))
                                .build()),
                        new NamespaceBuilder().withNewMetadata().withName("demo").withCreationTimestamp(
                                "2026-11-25T22:01:27Z").addToLabels("team", "a").endMetadata()
                                .withNewSpec().endSpec().withNewStatus().endStatus().build()),
                Arguments.of("deployment with zero replicas, quantities, int-or-string probe port, emptyDir",
                        ResourceTypes.DEPLOYMENTS,
                        envelope("apps/v1", "Deployment", V1Apps.Deployment.newBuilder()
                                .setMetadata(Meta.ObjectMeta.newBuilder().setName("web").setNamespace("default"))
                                .setSpec(V1Apps.DeploymentSpec.newBuilder()
                                        .setReplicas(0)
                                        .setMinReadySeconds(0)
                                        .setSelector(Meta.LabelSelector.newBuilder().putMatchLabels("app", "web"))
                                        .setTemplate(V1.PodTemplateSpec.newBuilder()
                                                .setMetadata(Meta.ObjectMeta.newBuilder().putLabels("app", "web"))
                                                .setSpec(V1.PodSpec.newBuilder()
                                                        .setAutomountServiceAccountToken(false)
                                                        .addVolumes(V1.Volume.newBuilder().setName("scratch")
                                                                .setVolumeSource(V1.VolumeSource.newBuilder()
                                                                        .setEmptyDir(V1.EmptyDirVolumeSource.newBuilder())))
                                                        .addContainers(V1.Container.newBuilder()
                                                                .setName("nginx").setImage("nginx:1.27")
                                                                .setStdin(false)
                                                                .addPorts(V1.ContainerPort.newBuilder()
                                                                        .setContainerPort(80).setProtocol("TCP")
                                                                        .setHostPort(0))
                                                                .addEnv(V1.EnvVar.newBuilder().setName("MODE")
                                                                        .setValue("one"))
                                                                .setResources(V1.ResourceRequirements.newBuilder()
                                                                        .putLimits("memory", quantity("128Mi"))
                                                                        .putRequests("cpu", quantity("100m")))
                                                                .setReadinessProbe(V1.Probe.newBuilder()
                                                                        .setHandler(V1.ProbeHandler.newBuilder()
                                                                                .setHttpGet(V1.HTTPGetAction.newBuilder()
                                                                                        .setPath("/")
                                                                                        .setPort(IntStr.IntOrString.newBuilder()
                                                                                                .setType(1).setStrVal("http"))))
                                                                        .setPeriodSeconds(5)))))
                                        .setStrategy(V1Apps.DeploymentStrategy.newBuilder().setType("RollingUpdate")))
                                .build()),
                        new DeploymentBuilder().withNewMetadata().withName("web").withNamespace("default").endMetadata()
                                .withNewSpec().withReplicas(0)
                                .withNewSelector().addToMatchLabels("app", "web").endSelector()
                                .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
                                .withNewSpec().withAutomountServiceAccountToken(false)
                                .addNewVolume().withName("scratch").withNewEmptyDir().endEmptyDir().endVolume()
                                .addNewContainer().withName("nginx").withImage("nginx:1.27")
                                .addNewPort().withContainerPort(80).withProtocol("TCP").endPort()
                                .addNewEnv().withName("MODE").withValue("one").endEnv()
                                .withNewResources().addToLimits("memory", new Quantity("128Mi"))
                                .addToRequests("cpu", new Quantity("100m")).endResources()
                                .withNewReadinessProbe().withNewHttpGet().withPath("/")
                                .withPort(new IntOrString("http")).endHttpGet().withPeriodSeconds(5).endReadinessProbe()
                                .endContainer().endSpec().endTemplate()
                                .withNewStrategy().withType("RollingUpdate").endStrategy()
                                .endSpec().build()),
                Arguments.of("service with numeric and named target ports", ResourceTypes.SERVICES,
                        envelope("v1", "Service", V1.Service.newBuilder()
                                .setMetadata(Meta.ObjectMeta.newBuilder().setName("web"))
                                .setSpec(V1.ServiceSpec.newBuilder().setType("ClusterIP")
                                        .putSelector("app", "web")
                                        .addPorts(V1.ServicePort.newBuilder().setName("http").setPort(80)
                                                .setProtocol("TCP").setNodePort(0)
                                                .setTargetPort(IntStr.IntOrString.newBuilder().setType(0).setIntVal(8080)))
                                        .addPorts(V1.ServicePort.newBuilder().setName("metrics").setPort(9090)
                                                .setProtocol("TCP")
                                                .setTargetPort(IntStr.IntOrString.newBuilder().setType(1).setStrVal("metrics"))))
                                .setStatus(V1.ServiceStatus.newBuilder().setLoadBalancer(V1.LoadBalancerStatus.newBuilder()))
                                .build()),
                        new ServiceBuilder().withNewMetadata().withName("web").endMetadata()
                                .withNewSpec().withType("ClusterIP").addToSelector("app", "web")
                                .addNewPort().withName("http").withPort(80).withProtocol("TCP")
                                .withTargetPort(new IntOrString(8080)).endPort()
                                .addNewPort().withName("metrics").withPort(9090).withProtocol("TCP")
                                .withTargetPort(new IntOrString("metrics")).endPort()
                                .endSpec().withNewStatus().withNewLoadBalancer().endLoadBalancer().endStatus().build()),
                Arguments.of("secret: bytes become base64, immutable=false is kept", ResourceTypes.SECRETS,
                        envelope("v1", "Secret", V1.Secret.newBuilder()
                                .setMetadata(Meta.ObjectMeta.newBuilder().setName("creds"))
                                .putData("password", ByteString.copyFromUtf8("s3cr3t"))
                                .putData("binary", ByteString.copyFrom(new byte[]{0, (byte) 0xff, 10}))
                                .setType("Opaque").setImmutable(false)
                                .build()),
                        new SecretBuilder().withNewMetadata().withName("creds").endMetadata()
                                .addToData("password", "czNjcjN0").addToData("binary", "AP8K")
                                .withType("Opaque").withImmutable(false).build()),
                Arguments.of("configmap with data and binaryData", ResourceTypes.CONFIGMAPS,
                        envelope("v1", "ConfigMap", V1.ConfigMap.newBuilder()
                                .setMetadata(Meta.ObjectMeta.newBuilder().setName("cfg")
                                        .putAnnotations("note", ""))
                                .putData("a", "b").putData("empty", "")
                                .putBinaryData("bin", ByteString.copyFrom(new byte[]{1, 2, 3}))
                                .build()),
                        new ConfigMapBuilder().withNewMetadata().withName("cfg").addToAnnotations("note", "").endMetadata()
                                .addToData("a", "b").addToData("empty", "").addToBinaryData("bin", "AQID").build()),
                Arguments.of("pod with a termination grace period of zero", ResourceTypes.PODS,
                        envelope("v1", "Pod", V1.Pod.newBuilder()
                                .setMetadata(Meta.ObjectMeta.newBuilder().setName("p"))
                                .setSpec(V1.PodSpec.newBuilder().setTerminationGracePeriodSeconds(0)
                                        .addContainers(V1.Container.newBuilder().setName("c").setImage("busybox")
                                                .addCommand("sleep").addCommand("3600")))
                                .build()),
                        new PodBuilder().withNewMetadata().withName("p").endMetadata()
                                .withNewSpec().withTerminationGracePeriodSeconds(0L)
                                .addNewContainer().withName("c").withImage("busybox").withCommand("sleep", "3600")
                                .endContainer().endSpec().build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("builtBodies")
    void decodesToTheJsonFabric8WritesForTheSameObject(String description, ResourceType type, byte[] body,
                                                          HasMetadata expected) {
        JsonNode json = ProtobufBodies.toJson(body, type);
        assertThat(json).isEqualTo(MAPPER.valueToTree(expected));
    }

    static Stream<Arguments> kubectlBodies() {
        return Stream.of(
                Arguments.of("namespaces", ResourceTypes.NAMESPACES,
                        "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"demo\"},"
                                + "\"spec\":{},\"status\":{}}"),
                Arguments.of("configmaps", ResourceTypes.CONFIGMAPS,
                        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"cfg\","
                                + "\"namespace\":\"default\"},\"data\":{\"a\":\"b\",\"n\":\"1\"}}"),
                Arguments.of("secrets", ResourceTypes.SECRETS,
                        "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"sec\","
                                + "\"namespace\":\"default\"},\"data\":{\"password\":\"czNjcjN0\"}}"),
                Arguments.of("deployments", ResourceTypes.DEPLOYMENTS,
                        "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"web\","
                                + "\"namespace\":\"default\",\"labels\":{\"app\":\"web\"}},\"spec\":{\"replicas\":2,"
                                + "\"selector\":{\"matchLabels\":{\"app\":\"web\"}},\"template\":{\"metadata\":{"
                                + "\"labels\":{\"app\":\"web\"}},\"spec\":{\"containers\":[{\"name\":\"nginx\","
                                + "\"image\":\"nginx:1.27\",\"ports\":[{\"containerPort\":80}],\"resources\":{}}]}},"
                                + "\"strategy\":{}},\"status\":{}}"),
                Arguments.of("services", ResourceTypes.SERVICES,
                        "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"svc\","
                                + "\"namespace\":\"default\",\"labels\":{\"app\":\"svc\"}},\"spec\":{\"ports\":[{"
                                + "\"name\":\"80-8080\",\"protocol\":\"TCP\",\"port\":80,\"targetPort\":8080}],"
                                + "\"selector\":{\"app\":\"svc\"},\"type\":\"ClusterIP\"},\"status\":{\"loadBalancer\":{}}}"));
    }

    @ParameterizedTest(name = "kubectl 1.32 create {0}")
    @MethodSource("kubectlBodies")
    void decodesTheBodiesKubectl132Sends(String resource, ResourceType type, String expectedJson) throws IOException {
        JsonNode json = ProtobufBodies.toJson(fixture("kubectl-1.32-create-" + resource + ".bin"), type);
        assertThat(json).isEqualTo(MAPPER.readTree(expectedJson));
        // and fabric8 reads it as the kind it claims to be
        HasMetadata decoded = SERIALIZATION.convertValue(json, type.type());
        assertThat(decoded.getKind()).isEqualTo(type.kind());
        assertThat(decoded.getMetadata().getName()).isNotEmpty();
    }

    @Test
    void rejectsABodyWithoutTheKubernetesMagic() {
        assertThatThrownBy(() -> ProtobufBodies.toJson("{\"kind\":\"Namespace\"}".getBytes(StandardCharsets.UTF_8),
                ResourceTypes.NAMESPACES))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("k8s\\0");
                });
    }

    @Test
    void rejectsATruncatedMessage() {
        byte[] body = envelope("v1", "Namespace", V1.Namespace.newBuilder()
                .setMetadata(Meta.ObjectMeta.newBuilder().setName("demo")).build());
        byte[] truncated = java.util.Arrays.copyOf(body, body.length - 3);
        assertThatThrownBy(() -> ProtobufBodies.toJson(truncated, ResourceTypes.NAMESPACES))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(400));
    }

    @Test
    void answers415ForAKindWithoutProtobufMessages() {
        byte[] body = envelope("coordination.k8s.io/v1", "Lease", V1.Namespace.getDefaultInstance());
        assertThatThrownBy(() -> ProtobufBodies.toJson(body, ResourceTypes.LEASES))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(415));
    }

    @Test
    void keepsTheEnvelopeKindSoTheKindCheckSeesAMismatch() {
        byte[] body = envelope("v1", "ConfigMap", V1.Namespace.newBuilder()
                .setMetadata(Meta.ObjectMeta.newBuilder().setName("x")).build());
        assertThat(ProtobufBodies.toJson(body, ResourceTypes.NAMESPACES).get("kind").asText()).isEqualTo("ConfigMap");
    }

    private static Resource.Quantity quantity(String value) {
        return Resource.Quantity.newBuilder().setString(value).build();
    }

    private static byte[] envelope(String apiVersion, String kind, Message raw) {
        Runtime.Unknown unknown = Runtime.Unknown.newBuilder()
                .setTypeMeta(Runtime.TypeMeta.newBuilder().setApiVersion(apiVersion).setKind(kind))
                .setRaw(raw.toByteString()).setContentEncoding("").setContentType("")
                .build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[]{'k', '8', 's', 0});
        out.writeBytes(unknown.toByteArray());
        return out.toByteArray();
    }

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = ProtobufBodiesTest.class.getResourceAsStream("/protobuf/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }
}
