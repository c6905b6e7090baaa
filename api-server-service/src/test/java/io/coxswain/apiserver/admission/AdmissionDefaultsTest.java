package io.coxswain.apiserver.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.coxswain.apiserver.resource.ResourceTypes;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The defaults a user sees in {@code kubectl get -o yaml} after creating a minimal object, as Kubernetes sets them
 * (pkg/apis/core/v1/defaults.go, pkg/apis/apps/v1/defaults.go, the DefaultTolerationSeconds admission plugin,
 * pkg/apis/core/helper/qos).
 */
class AdmissionDefaultsTest {

    private final Admission admission = new Admission();

    private static PodBuilder pod(String image) {
        return new PodBuilder().withNewMetadata().withName("p").withNamespace("default").endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage(image).endContainer().endSpec();
    }

    private Pod admitted(Pod pod) {
        admission.admitCreate(ResourceTypes.PODS, pod);
        return pod;
    }

    @Test
    void minimalPodGetsKubernetesPodDefaults() {
        Pod pod = admitted(pod("nginx:1.25").build());

        var spec = pod.getSpec();
        assertThat(spec.getRestartPolicy()).isEqualTo("Always");
        assertThat(spec.getDnsPolicy()).isEqualTo("ClusterFirst");
        assertThat(spec.getSchedulerName()).isEqualTo("default-scheduler");
        assertThat(spec.getTerminationGracePeriodSeconds()).isEqualTo(30L);
        assertThat(spec.getEnableServiceLinks()).isTrue();
        assertThat(spec.getPriority()).isZero();
        assertThat(spec.getSecurityContext()).isNotNull();
        Container c = spec.getContainers().get(0);
        assertThat(c.getImagePullPolicy()).isEqualTo("IfNotPresent");
        assertThat(c.getTerminationMessagePath()).isEqualTo("/dev/termination-log");
        assertThat(c.getTerminationMessagePolicy()).isEqualTo("File");
        assertThat(pod.getStatus().getPhase()).isEqualTo("Pending");
        assertThat(pod.getStatus().getQosClass()).isEqualTo("BestEffort");
    }

    @Test
    void explicitPodFieldsAreKept() {
        Pod pod = admitted(pod("nginx").editSpec().withRestartPolicy("Never").withDnsPolicy("Default")
                .withSchedulerName("my-scheduler").withTerminationGracePeriodSeconds(5L)
                .editFirstContainer().withImagePullPolicy("Never").endContainer().endSpec().build());

        assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
        assertThat(pod.getSpec().getDnsPolicy()).isEqualTo("Default");
        assertThat(pod.getSpec().getSchedulerName()).isEqualTo("my-scheduler");
        assertThat(pod.getSpec().getTerminationGracePeriodSeconds()).isEqualTo(5L);
        assertThat(pod.getSpec().getContainers().get(0).getImagePullPolicy()).isEqualTo("Never");
    }

    /** Kubernetes' SetDefaults_Container: Always when the tag is "latest" (or absent), else IfNotPresent. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "nginx, Always",
            "nginx:latest, Always",
            "library/nginx, Always",
            "docker.io/library/nginx:latest, Always",
            "localhost:5000/nginx, Always",
            "registry.example:5000/team/app, Always",
            "nginx:1.25, IfNotPresent",
            "coxswain/testbox:v1, IfNotPresent",
            "localhost:5000/nginx:1.25, IfNotPresent",
            "nginx:latest-alpine, IfNotPresent",
            "nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef, IfNotPresent",
            "nginx:1.25@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef, IfNotPresent",
    })
    void imagePullPolicyDefaultsFromTheTag(String image, String policy) {
        Pod pod = admitted(pod(image).build());

        assertThat(pod.getSpec().getContainers().get(0).getImagePullPolicy()).isEqualTo(policy);
    }

    /** parsers.ParseImageName returns tag "latest" for {@code name:latest@digest}, so Kubernetes defaults to Always. */
    @Test
    void latestTagWithADigestStillPullsAlways() {
        Pod pod = admitted(pod("nginx:latest@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")
                .build());

        assertThat(pod.getSpec().getContainers().get(0).getImagePullPolicy()).isEqualTo("Always");
    }

    @Test
    void initContainersGetContainerDefaultsToo() {
        Pod pod = admitted(pod("nginx:1").editSpec().addNewInitContainer().withName("init").withImage("busybox")
                .endInitContainer().endSpec().build());

        assertThat(pod.getSpec().getInitContainers().get(0).getImagePullPolicy()).isEqualTo("Always");
        assertThat(pod.getSpec().getInitContainers().get(0).getTerminationMessagePolicy()).isEqualTo("File");
    }

    @Test
    void podToleratesNotReadyAndUnreachableNodesFor300Seconds() {
        Pod pod = admitted(pod("nginx:1").build());

        assertThat(pod.getSpec().getTolerations()).containsExactly(
                new Toleration("NoExecute", "node.kubernetes.io/not-ready", "Exists", 300L, null),
                new Toleration("NoExecute", "node.kubernetes.io/unreachable", "Exists", 300L, null));
    }

    @Test
    void ownNotReadyTolerationIsKeptAndOnlyTheMissingOneAdded() {
        Toleration own = new TolerationBuilder().withKey("node.kubernetes.io/not-ready").withOperator("Exists")
                .withEffect("NoExecute").withTolerationSeconds(10L).build();
        Pod pod = admitted(pod("nginx:1").editSpec().withTolerations(own).endSpec().build());

        assertThat(pod.getSpec().getTolerations()).containsExactly(own,
                new Toleration("NoExecute", "node.kubernetes.io/unreachable", "Exists", 300L, null));
    }

    @Test
    void tolerateEverythingNeedsNoDefaultTolerations() {
        Toleration all = new TolerationBuilder().withOperator("Exists").build();
        Pod pod = admitted(pod("nginx:1").editSpec().withTolerations(all).endSpec().build());

        assertThat(pod.getSpec().getTolerations()).containsExactly(all);
    }

    @Test
    void admittingTwiceAddsNoSecondSetOfTolerations() {
        Pod pod = admitted(pod("nginx:1").build());
        admission.admitUpdate(ResourceTypes.PODS, pod, admitted(pod("nginx:1").build()));

        assertThat(pod.getSpec().getTolerations()).hasSize(2);
    }

    @Test
    void probeDefaultsAreKubernetes() {
        Pod pod = admitted(pod("nginx:1").editSpec().editFirstContainer().withNewLivenessProbe().withNewHttpGet()
                .withPort(new IntOrString(8080)).endHttpGet().endLivenessProbe().endContainer().endSpec().build());

        var probe = pod.getSpec().getContainers().get(0).getLivenessProbe();
        assertThat(probe.getTimeoutSeconds()).isEqualTo(1);
        assertThat(probe.getPeriodSeconds()).isEqualTo(10);
        assertThat(probe.getSuccessThreshold()).isEqualTo(1);
        assertThat(probe.getFailureThreshold()).isEqualTo(3);
        assertThat(probe.getHttpGet().getScheme()).isEqualTo("HTTP");
        assertThat(probe.getHttpGet().getPath()).isEqualTo("/");
    }

    @Test
    void containerPortProtocolDefaultsToTcp() {
        Pod pod = admitted(pod("nginx:1").editSpec().editFirstContainer().addNewPort().withContainerPort(80).endPort()
                .endContainer().endSpec().build());

        assertThat(pod.getSpec().getContainers().get(0).getPorts().get(0).getProtocol()).isEqualTo("TCP");
    }

    @Test
    void requestsDefaultToLimits() {
        Pod pod = admitted(pod("nginx:1").editSpec().editFirstContainer().withNewResources()
                .addToLimits("cpu", new Quantity("500m")).addToLimits("memory", new Quantity("128Mi"))
                .addToRequests("cpu", new Quantity("100m")).endResources().endContainer().endSpec().build());

        assertThat(pod.getSpec().getContainers().get(0).getResources().getRequests())
                .containsEntry("cpu", new Quantity("100m")).containsEntry("memory", new Quantity("128Mi"));
    }

    static Stream<Arguments> resourcesAndQosClass() {
        return Stream.of(
                Arguments.of("no resources", Map.of(), Map.of(), "BestEffort"),
                Arguments.of("limits for cpu and memory only", Map.of(), Map.of("cpu", "1", "memory", "1Gi"), "Guaranteed"),
                Arguments.of("requests equal limits", Map.of("cpu", "1", "memory", "1Gi"),
                        Map.of("cpu", "1", "memory", "1Gi"), "Guaranteed"),
                Arguments.of("same amount, different notation", Map.of("cpu", "1000m", "memory", "1024Mi"),
                        Map.of("cpu", "1", "memory", "1Gi"), "Guaranteed"),
                Arguments.of("requests below limits", Map.of("cpu", "500m", "memory", "1Gi"),
                        Map.of("cpu", "1", "memory", "1Gi"), "Burstable"),
                Arguments.of("only a cpu limit", Map.of(), Map.of("cpu", "1"), "Burstable"),
                Arguments.of("only a memory request", Map.of("memory", "64Mi"), Map.of(), "Burstable"),
                Arguments.of("only other resources", Map.of("ephemeral-storage", "1Gi"), Map.of(), "BestEffort"));
    }

    @ParameterizedTest(name = "{0} -> {3}")
    @MethodSource("resourcesAndQosClass")
    void qosClassIsComputedAsKubernetesDoes(String description, Map<String, String> requests, Map<String, String> limits,
                                            String qos) {
        var resources = new io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder();
        requests.forEach((k, v) -> resources.addToRequests(k, new Quantity(v)));
        limits.forEach((k, v) -> resources.addToLimits(k, new Quantity(v)));
        Pod pod = admitted(pod("nginx:1").editSpec().editFirstContainer().withResources(resources.build()).endContainer()
                .endSpec().build());

        assertThat(pod.getStatus().getQosClass()).isEqualTo(qos);
    }

    @Test
    void oneContainerWithoutLimitsMakesThePodBurstable() {
        Pod pod = admitted(pod("nginx:1").editSpec().editFirstContainer().withNewResources()
                .addToLimits("cpu", new Quantity("1")).addToLimits("memory", new Quantity("1Gi")).endResources().endContainer()
                .addNewContainer().withName("sidecar").withImage("busybox:1").endContainer().endSpec().build());

        assertThat(pod.getStatus().getQosClass()).isEqualTo("Burstable");
    }

    /** Kubernetes' ComputePodQOS only counts requests and limits greater than zero. */
    @Test
    void zeroRequestsDoNotCountForQos() {
        Pod pod = admitted(pod("nginx:1").editSpec().editFirstContainer().withNewResources()
                .addToRequests("cpu", new Quantity("0")).endResources().endContainer().endSpec().build());

        assertThat(pod.getStatus().getQosClass()).isEqualTo("BestEffort");
    }

    private static DeploymentBuilder deployment() {
        return new DeploymentBuilder().withNewMetadata().withName("web").withNamespace("default").endMetadata()
                .withNewSpec().withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
                .withNewSpec().addNewContainer().withName("web").withImage("nginx:1.25").endContainer().endSpec()
                .endTemplate().endSpec();
    }

    @Test
    void minimalDeploymentGetsAppsV1Defaults() {
        Deployment d = deployment().build();

        admission.admitCreate(ResourceTypes.DEPLOYMENTS, d);

        assertThat(d.getSpec().getReplicas()).isEqualTo(1);
        assertThat(d.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
        assertThat(d.getSpec().getStrategy().getRollingUpdate().getMaxSurge()).isEqualTo(new IntOrString("25%"));
        assertThat(d.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable()).isEqualTo(new IntOrString("25%"));
        assertThat(d.getSpec().getRevisionHistoryLimit()).isEqualTo(10);
        assertThat(d.getSpec().getProgressDeadlineSeconds()).isEqualTo(600);
        var podSpec = d.getSpec().getTemplate().getSpec();
        assertThat(podSpec.getRestartPolicy()).isEqualTo("Always");
        assertThat(podSpec.getDnsPolicy()).isEqualTo("ClusterFirst");
        assertThat(podSpec.getTerminationGracePeriodSeconds()).isEqualTo(30L);
        assertThat(podSpec.getContainers().get(0).getImagePullPolicy()).isEqualTo("IfNotPresent");
        // tolerations are added to pods when they are created, not to templates
        assertThat(podSpec.getTolerations()).isNullOrEmpty();
    }

    @Test
    void recreateDeploymentGetsNoRollingUpdateParameters() {
        Deployment d = deployment().editSpec().withNewStrategy().withType("Recreate").endStrategy().withReplicas(0).endSpec()
                .build();

        admission.admitCreate(ResourceTypes.DEPLOYMENTS, d);

        assertThat(d.getSpec().getStrategy().getRollingUpdate()).isNull();
        assertThat(d.getSpec().getReplicas()).isZero();
    }

    @Test
    void givenRollingUpdateParametersAreKeptAndTheMissingOneDefaulted() {
        Deployment d = deployment().editSpec().withNewStrategy().withNewRollingUpdate().withMaxSurge(new IntOrString(1))
                .endRollingUpdate().endStrategy().endSpec().build();

        admission.admitCreate(ResourceTypes.DEPLOYMENTS, d);

        assertThat(d.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
        assertThat(d.getSpec().getStrategy().getRollingUpdate().getMaxSurge()).isEqualTo(new IntOrString(1));
        assertThat(d.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable()).isEqualTo(new IntOrString("25%"));
    }

    @Test
    void serviceDefaultsTypeProtocolTargetPortAndAffinity() {
        Service svc = new ServiceBuilder().withNewMetadata().withName("web").withNamespace("default").endMetadata()
                .withNewSpec().addToSelector("app", "web").addNewPort().withPort(80).endPort().endSpec().build();

        admission.admitCreate(ResourceTypes.SERVICES, svc);

        assertThat(svc.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(svc.getSpec().getSessionAffinity()).isEqualTo("None");
        assertThat(svc.getSpec().getInternalTrafficPolicy()).isEqualTo("Cluster");
        assertThat(svc.getSpec().getIpFamilies()).containsExactly("IPv4");
        assertThat(svc.getSpec().getIpFamilyPolicy()).isEqualTo("SingleStack");
        assertThat(svc.getSpec().getPorts().get(0).getProtocol()).isEqualTo("TCP");
        assertThat(svc.getSpec().getPorts().get(0).getTargetPort()).isEqualTo(new IntOrString(80));
        assertThat(svc.getSpec().getExternalTrafficPolicy()).isNull();
    }

    @Test
    void namedTargetPortIsKeptAndNodePortServiceGetsExternalTrafficPolicy() {
        Service svc = new ServiceBuilder().withNewMetadata().withName("web").withNamespace("default").endMetadata()
                .withNewSpec().withType("NodePort").addNewPort().withPort(80).withTargetPort(new IntOrString("http"))
                .withProtocol("UDP").endPort().endSpec().build();

        admission.admitCreate(ResourceTypes.SERVICES, svc);

        assertThat(svc.getSpec().getPorts().get(0).getTargetPort()).isEqualTo(new IntOrString("http"));
        assertThat(svc.getSpec().getPorts().get(0).getProtocol()).isEqualTo("UDP");
        assertThat(svc.getSpec().getExternalTrafficPolicy()).isEqualTo("Cluster");
    }

    @Test
    void namespaceGetsTheKubernetesFinalizerAndItsNameLabel() {
        Namespace ns = new NamespaceBuilder().withNewMetadata().withName("shop").addToLabels("team", "a").endMetadata().build();

        admission.admitCreate(ResourceTypes.NAMESPACES, ns);

        assertThat(ns.getSpec().getFinalizers()).containsExactly("kubernetes");
        assertThat(ns.getStatus().getPhase()).isEqualTo("Active");
        assertThat(ns.getMetadata().getLabels()).containsExactlyInAnyOrderEntriesOf(
                Map.of("team", "a", "kubernetes.io/metadata.name", "shop"));
    }

    @Test
    void namespaceNameLabelCannotBeSetToAnotherName() {
        Namespace ns = new NamespaceBuilder().withNewMetadata().withName("shop")
                .addToLabels("kubernetes.io/metadata.name", "other").endMetadata().build();

        admission.admitCreate(ResourceTypes.NAMESPACES, ns);

        assertThat(ns.getMetadata().getLabels()).containsEntry("kubernetes.io/metadata.name", "shop");
    }

    @Test
    void secretStringDataIsEncodedIntoDataAndCleared() {
        Secret secret = new SecretBuilder().withNewMetadata().withName("s").withNamespace("default").endMetadata()
                .addToData("kept", Base64.getEncoder().encodeToString("old".getBytes(StandardCharsets.UTF_8)))
                .addToData("user", Base64.getEncoder().encodeToString("old".getBytes(StandardCharsets.UTF_8)))
                .addToStringData("user", "admin").addToStringData("pass", "pä55 word").build();

        admission.admitCreate(ResourceTypes.SECRETS, secret);

        assertThat(secret.getType()).isEqualTo("Opaque");
        assertThat(secret.getStringData()).isNullOrEmpty();
        // stringData wins over data for the same key
        assertThat(decode(secret.getData().get("user"))).isEqualTo("admin");
        assertThat(decode(secret.getData().get("pass"))).isEqualTo("pä55 word");
        assertThat(decode(secret.getData().get("kept"))).isEqualTo("old");
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}
