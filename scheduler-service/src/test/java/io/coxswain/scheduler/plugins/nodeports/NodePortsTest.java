package io.coxswain.scheduler.plugins.nodeports;

import static io.coxswain.scheduler.fixtures.TestNodes.node;
import static io.coxswain.scheduler.fixtures.TestPods.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.coxswain.scheduler.framework.NodeInfo;
import io.coxswain.scheduler.framework.PodInfo;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NodePortsTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("no host ports", pod("p").info(), node("n").withPod(pod("a").hostPort(80).info()).info(),
                        true),
                Arguments.of("free port", pod("p").hostPort(8080).info(),
                        node("n").withPod(pod("a").hostPort(80).info()).info(), true),
                Arguments.of("taken port", pod("p").hostPort(80).info(),
                        node("n").withPod(pod("a").hostPort(80).info()).info(), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void filterRejectsTakenHostPorts(String name, PodInfo pod, NodeInfo node, boolean fits) {
        var status = new NodePorts().filter(pod, node);
        assertThat(status.isSuccess()).isEqualTo(fits);
        if (!fits) {
            assertThat(status.reasons()).containsExactly(NodePorts.REASON);
        }
    }

    @org.junit.jupiter.api.Test
    void portFreesWhenHolderLeaves() {
        NodeInfo node = node("n").withPod(pod("a").hostPort(80).info()).info();
        node.removePod("default/a");
        assertThat(new NodePorts().filter(pod("p").hostPort(80).info(), node).isSuccess()).isTrue();
    }
}
