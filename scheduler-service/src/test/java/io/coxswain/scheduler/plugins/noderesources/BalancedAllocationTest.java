package io.coxswain.scheduler.plugins.noderesources;

import static io.coxswain.scheduler.fixtures.TestNodes.node;
import static io.coxswain.scheduler.fixtures.TestPods.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.coxswain.scheduler.framework.NodeInfo;
import io.coxswain.scheduler.framework.PodInfo;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BalancedAllocationTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("equal fractions score 100", pod("p").requests("2", "4Gi").info(), node("n").info(), 100L),
                // cpu 1/4 = .25, memory 6/8 = .75 -> std .25 -> 75
                Arguments.of("skewed usage scores lower", pod("p").requests("1", "6Gi").info(), node("n").info(), 75L),
                // cpu 4/4 = 1, memory 0 -> std .5 -> 50
                Arguments.of("all cpu no memory", pod("p").requests("4", "0").info(), node("n").info(), 50L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void scoreFavoursBalancedUse(String name, PodInfo pod, NodeInfo node, long expected) {
        assertThat(new BalancedAllocation().score(pod, node)).isEqualTo(expected);
    }
}
