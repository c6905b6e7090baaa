package io.coxswain.scheduler.plugins.nodeunschedulable;

import static io.coxswain.scheduler.fixtures.TestNodes.node;
import static io.coxswain.scheduler.fixtures.TestPods.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.coxswain.scheduler.framework.NodeInfo;
import io.coxswain.scheduler.framework.PodInfo;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NodeUnschedulableTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("schedulable node", pod("p").info(), node("n").info(), true),
                Arguments.of("cordoned node", pod("p").info(), node("n").unschedulable().info(), false),
                Arguments.of("cordoned node, tolerated", pod("p")
                        .toleration("node.kubernetes.io/unschedulable", "Exists", null, "NoSchedule").info(),
                        node("n").unschedulable().info(), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void filterRejectsCordonedNodes(String name, PodInfo pod, NodeInfo node, boolean fits) {
        var status = new NodeUnschedulable().filter(pod, node);
        assertThat(status.isSuccess()).isEqualTo(fits);
        if (!fits) {
            assertThat(status.reasons()).containsExactly(NodeUnschedulable.REASON);
        }
    }
}
