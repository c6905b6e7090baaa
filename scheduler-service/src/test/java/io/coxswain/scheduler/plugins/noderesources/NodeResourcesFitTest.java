package io.coxswain.scheduler.plugins.noderesources;

import static io.coxswain.scheduler.fixtures.TestNodes.node;
import static io.coxswain.scheduler.fixtures.TestPods.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.coxswain.scheduler.framework.Code;
import io.coxswain.scheduler.framework.NodeInfo;
import io.coxswain.scheduler.framework.PodInfo;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NodeResourcesFitTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("fits on an empty node", pod("p").requests("1", "1Gi").info(),
                        node("n").info(), Code.SUCCESS, List.of()),
                Arguments.of("pod without requests fits anywhere with pod room", pod("p").info(),
                        node("n").allocatable("0", "0", "1").info(), Code.SUCCESS, List.of()),
                Arguments.of("exactly the remaining cpu fits", pod("p").requests("1500m", "1Gi").info(),
                        node("n").withPod(pod("a").requests("2500m", "1Gi").info()).info(), Code.SUCCESS, List.of()),
                Arguments.of("not enough memory left", pod("p").requests("1", "5Gi").info(),
                        node("n").withPod(pod("a").requests("1", "4Gi").info()).info(), Code.UNSCHEDULABLE,
                        List.of(NodeResourcesFit.REASON_MEMORY)),
                Arguments.of("short of both cpu and memory reports both", pod("p").requests("5", "9Gi").info(),
                        node("n").info(), Code.UNSCHEDULABLE,
                        List.of(NodeResourcesFit.REASON_CPU, NodeResourcesFit.REASON_MEMORY)),
                Arguments.of("pod count full", pod("p").info(),
                        node("n").allocatable("4", "8Gi", "1").withPod(pod("a").info()).info(), Code.UNSCHEDULABLE,
                        List.of(NodeResourcesFit.REASON_TOO_MANY_PODS)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void filterChecksRequestsAgainstAllocatable(String name, PodInfo pod, NodeInfo node, Code code,
                                                List<String> reasons) {
        var status = new NodeResourcesFit().filter(pod, node);
        assertThat(status.code()).isEqualTo(code);
        assertThat(status.reasons()).containsExactlyElementsOf(reasons);
    }
}
