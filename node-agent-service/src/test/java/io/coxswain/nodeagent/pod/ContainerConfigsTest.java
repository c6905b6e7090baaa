package io.coxswain.nodeagent.pod;

import io.coxswain.nodeagent.runtime.ContainerSpec;
import io.coxswain.nodeagent.runtime.PortMapping;
import io.coxswain.nodeagent.runtime.Resources;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContainerConfigsTest {

    private static final EnvLookup LOOKUP = new EnvLookup() {
        @Override
        public Optional<Map<String, String>> configMap(String namespace, String name) {
            return "settings".equals(name) ? Optional.of(Map.of("mode", "fast", "level", "3")) : Optional.empty();
        }

        @Override
        public Optional<Map<String, String>> secret(String namespace, String name) {
            return "creds".equals(name) ? Optional.of(Map.of("password", "s3cret")) : Optional.empty();
        }
    };

    private static Pod pod(Container c) {
        return new PodBuilder().withNewMetadata().withName("web").withNamespace("shop").withUid("u-1")
                .addToLabels("app", "web").endMetadata()
                .withNewSpec().withNodeName("node-a").withContainers(c).endSpec().build();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "-", value = {
            // cpu request, cpu limit, mem request, mem limit -> millis / bytes
            "-,    -,     -,    -,     -,   -,    -,        -",
            "250m, 500m,  32Mi, 64Mi,  250, 500,  33554432, 67108864",
            "-,    1,     -,    1Gi,   1000,1000, 1073741824, 1073741824",
            "0.1,  -,     100M, -,     100, -,    100000000, -",
            "1500m,2,     -,    -,     1500,2000, -,        -"})
    void resourcesMapToMillisAndBytesWithRequestsDefaultingToLimits(String cpuReq, String cpuLim, String memReq, String memLim,
                                                                   Long eCpuReq, Long eCpuLim, Long eMemReq, Long eMemLim) {
        var b = new ResourceRequirementsBuilder();
        if (cpuReq != null) b.addToRequests("cpu", new Quantity(cpuReq));
        if (cpuLim != null) b.addToLimits("cpu", new Quantity(cpuLim));
        if (memReq != null) b.addToRequests("memory", new Quantity(memReq));
        if (memLim != null) b.addToLimits("memory", new Quantity(memLim));
        assertThat(ContainerConfigs.resources(b.build())).isEqualTo(new Resources(eCpuReq, eCpuLim, eMemReq, eMemLim));
    }

    @Test
    void environmentResolvesFieldRefsConfigMapsSecretsAndExpansionInOrder() {
        Container c = new ContainerBuilder().withName("app").withImage("img")
                .addNewEnvFrom().withNewConfigMapRef().withName("settings").endConfigMapRef().withPrefix("CFG_").endEnvFrom()
                .addNewEnv().withName("POD").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.name").endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("NS").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.namespace").endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("NODE").withNewValueFrom().withNewFieldRef().withFieldPath("spec.nodeName").endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("IP").withNewValueFrom().withNewFieldRef().withFieldPath("status.podIP").endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("APP").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.labels['app']").endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("MODE").withNewValueFrom().withNewConfigMapKeyRef().withName("settings").withKey("mode").endConfigMapKeyRef().endValueFrom().endEnv()
                .addNewEnv().withName("PASSWORD").withNewValueFrom().withNewSecretKeyRef().withName("creds").withKey("password").endSecretKeyRef().endValueFrom().endEnv()
                .addNewEnv().withName("OPT").withNewValueFrom().withNewSecretKeyRef().withName("absent").withKey("k").withOptional(true).endSecretKeyRef().endValueFrom().endEnv()
                .addNewEnv().withName("URL").withValue("http://$(POD).$(NS):$(PORT)/$$(POD)").endEnv()
                .build();

        Map<String, String> env = ContainerConfigs.environment(pod(c), c, "172.17.0.5", "127.0.0.1", LOOKUP);

        assertThat(env).containsExactly(
                Map.entry("CFG_level", "3"), Map.entry("CFG_mode", "fast"),
                Map.entry("POD", "web"), Map.entry("NS", "shop"), Map.entry("NODE", "node-a"), Map.entry("IP", "172.17.0.5"),
                Map.entry("APP", "web"), Map.entry("MODE", "fast"), Map.entry("PASSWORD", "s3cret"),
                Map.entry("URL", "http://web.shop:$(PORT)/$(POD)"));
    }

    @Test
    void missingConfigMapKeyIsAConfigError() {
        Container c = new ContainerBuilder().withName("app").withImage("img")
                .addNewEnv().withName("X").withNewValueFrom().withNewConfigMapKeyRef().withName("settings").withKey("nope").endConfigMapKeyRef().endValueFrom().endEnv()
                .build();
        assertThatThrownBy(() -> ContainerConfigs.environment(pod(c), c, null, "127.0.0.1", LOOKUP))
                .isInstanceOf(ContainerConfigs.ConfigException.class)
                .hasMessage("couldn't find key nope in ConfigMap shop/settings");
    }

    @Test
    void commandArgsAndPortsMapToTheRuntimeSpec() {
        Container c = new ContainerBuilder().withName("app").withImage("coxswain/testbox:latest")
                .withCommand("sh", "-c").withArgs("echo $(GREETING)").withWorkingDir("/tmp")
                .addNewPort().withContainerPort(8080).endPort()
                .addNewPort().withContainerPort(9090).withHostPort(19090).withProtocol("UDP").endPort()
                .build();
        Pod pod = pod(c);
        ContainerSpec spec = ContainerConfigs.containerSpec(pod, c, 2, "sandbox-1", Map.of("GREETING", "hi"));

        assertThat(spec.command()).containsExactly("sh", "-c");
        assertThat(spec.args()).containsExactly("echo hi");
        assertThat(spec.attempt()).isEqualTo(2);
        assertThat(spec.sandboxId()).isEqualTo("sandbox-1");
        assertThat(spec.workingDir()).isEqualTo("/tmp");
        assertThat(spec.pod().uid()).isEqualTo("u-1");
        assertThat(ContainerConfigs.ports(pod)).containsExactly(new PortMapping(8080, 0, "TCP"), new PortMapping(9090, 19090, "UDP"));
    }

    @Test
    void emptyArgsMeanTheImageDefault() {
        Container c = new ContainerBuilder().withName("app").withImage("img").withArgs(List.of()).build();
        assertThat(ContainerConfigs.containerSpec(pod(c), c, 0, "s", Map.of()).args()).isNull();
    }

    @ParameterizedTest
    @CsvSource({"Always,0,true", "Always,1,true", "OnFailure,0,false", "OnFailure,137,true", "Never,1,false", "Never,0,false"})
    void restartPolicyDecidesWhetherAnExitedContainerRestarts(String policy, int exitCode, boolean restart) {
        assertThat(PodSyncer.shouldRestart(policy, exitCode)).isEqualTo(restart);
    }
}
