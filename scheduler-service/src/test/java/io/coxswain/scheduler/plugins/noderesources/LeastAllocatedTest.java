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

class LeastAllocatedTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                // cpu (4000-1000)/4000 = 75, memory (8-2)/8 = 75
                Arguments.of("quarter used", pod("p").requests("1", "2Gi").info(), node("n").info(), 75L),
                // cpu (4000-3000)*100/4000 = 25, memory (8-6)/8 = 25
                Arguments.of("existing pods count", pod("p").requests("1", "2Gi").info(),
                        node("n").withPod(pod("a").requests("2", "4Gi").info()).info(), 25L),
                // non-zero defaults: 100m of 4000 -> 97, 200Mi of 8Gi -> 97
                Arguments.of("pod without requests uses defaults", pod("p").info(), node("n").info(), 97L),
                Arguments.of("over capacity scores zero", pod("p").requests("8", "16Gi").info(), node("n").info(), 0L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void scoreFavoursFreeResources(String name, PodInfo pod, NodeInfo node, long expected) {
        assertThat(new LeastAllocated().score(pod, node)).isEqualTo(expected);
    }
}
