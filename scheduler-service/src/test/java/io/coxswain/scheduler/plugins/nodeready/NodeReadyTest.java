package io.coxswain.scheduler.plugins.nodeready;

import static io.coxswain.scheduler.fixtures.TestNodes.node;
import static io.coxswain.scheduler.fixtures.TestPods.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.coxswain.scheduler.framework.Code;
import io.coxswain.scheduler.framework.NodeInfo;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NodeReadyTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("ready", node("n").info(), Code.SUCCESS),
                Arguments.of("not ready", node("n").notReady().info(), Code.UNSCHEDULABLE_AND_UNRESOLVABLE),
                Arguments.of("never reported status", NodeInfo.of(new NodeBuilder().withNewMetadata().withName("n")
                        .endMetadata().build()), Code.UNSCHEDULABLE_AND_UNRESOLVABLE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void filterRequiresReadyCondition(String name, NodeInfo node, Code code) {
        assertThat(new NodeReady().filter(pod("p").info(), node).code()).isEqualTo(code);
    }
}
