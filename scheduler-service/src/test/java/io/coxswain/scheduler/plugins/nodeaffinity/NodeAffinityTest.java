package io.coxswain.scheduler.plugins.nodeaffinity;

import static io.coxswain.scheduler.fixtures.TestNodes.node;
import static io.coxswain.scheduler.fixtures.TestPods.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.coxswain.scheduler.framework.Code;
import io.coxswain.scheduler.framework.NodeInfo;
import io.coxswain.scheduler.framework.PodInfo;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NodeAffinityTest {

    static Stream<Arguments> cases() {
        NodeInfo ssd = node("ssd").label("disk", "ssd").label("gen", "5").info();
        NodeInfo plain = node("plain").info();
        return Stream.of(
                Arguments.of("no constraints", pod("p").info(), plain, Code.SUCCESS),
                Arguments.of("nodeSelector matches", pod("p").nodeSelector("disk", "ssd").info(), ssd, Code.SUCCESS),
                Arguments.of("nodeSelector misses", pod("p").nodeSelector("disk", "ssd").info(), plain,
                        Code.UNSCHEDULABLE_AND_UNRESOLVABLE),
                Arguments.of("In matches", pod("p").requiredAffinity("disk", "In", "ssd", "nvme").info(), ssd,
                        Code.SUCCESS),
                Arguments.of("NotIn excludes", pod("p").requiredAffinity("disk", "NotIn", "ssd").info(), ssd,
                        Code.UNSCHEDULABLE_AND_UNRESOLVABLE),
                Arguments.of("NotIn accepts missing label", pod("p").requiredAffinity("disk", "NotIn", "ssd").info(),
                        plain, Code.SUCCESS),
                Arguments.of("Exists", pod("p").requiredAffinity("disk", "Exists").info(), ssd, Code.SUCCESS),
                Arguments.of("DoesNotExist", pod("p").requiredAffinity("disk", "DoesNotExist").info(), ssd,
                        Code.UNSCHEDULABLE_AND_UNRESOLVABLE),
                Arguments.of("Gt compares integers", pod("p").requiredAffinity("gen", "Gt", "4").info(), ssd,
                        Code.SUCCESS),
                Arguments.of("Lt compares integers", pod("p").requiredAffinity("gen", "Lt", "5").info(), ssd,
                        Code.UNSCHEDULABLE_AND_UNRESOLVABLE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void filterHonoursSelectorAndRequiredAffinity(String name, PodInfo pod, NodeInfo node, Code code) {
        var status = new NodeAffinity().filter(pod, node);
        assertThat(status.code()).isEqualTo(code);
        if (code != Code.SUCCESS) {
            assertThat(status.reasons()).containsExactly(NodeAffinity.REASON);
        }
    }

    static Stream<Arguments> preferred() {
        return Stream.of(
                Arguments.of("matching term adds its weight", pod("p").preferredAffinity(30, "zone", "a").info(),
                        node("n").label("zone", "a").info(), 30L),
                Arguments.of("matching terms add up", pod("p").preferredAffinity(30, "zone", "a")
                        .preferredAffinity(20, "disk", "ssd").info(),
                        node("n").label("zone", "a").label("disk", "ssd").info(), 50L),
                Arguments.of("non-matching term adds nothing", pod("p").preferredAffinity(30, "zone", "a").info(),
                        node("n").label("zone", "b").info(), 0L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("preferred")
    void scoreSumsPreferredWeights(String name, PodInfo pod, NodeInfo node, long expected) {
        assertThat(new PreferredNodeAffinity().score(pod, node)).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void normalizeScalesBestToHundred() {
        long[] scores = {30, 50, 0};
        new PreferredNodeAffinity().normalize(scores);
        assertThat(scores).containsExactly(60, 100, 0);
    }
}
