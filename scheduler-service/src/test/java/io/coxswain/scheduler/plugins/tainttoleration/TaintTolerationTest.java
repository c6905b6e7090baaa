package io.coxswain.scheduler.plugins.tainttoleration;

import static io.coxswain.scheduler.fixtures.TestNodes.node;
import static io.coxswain.scheduler.fixtures.TestPods.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.coxswain.scheduler.framework.NodeInfo;
import io.coxswain.scheduler.framework.PodInfo;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TaintTolerationTest {

    static Stream<Arguments> cases() {
        NodeInfo gpu = node("gpu").taint("dedicated", "gpu", "NoSchedule").info();
        return Stream.of(
                Arguments.of("untainted node", pod("p").info(), node("n").info(), List.of()),
                Arguments.of("untolerated NoSchedule", pod("p").info(), gpu,
                        List.of("node(s) had untolerated taint {dedicated: gpu}")),
                Arguments.of("untolerated NoExecute", pod("p").info(),
                        node("n").taint("maintenance", null, "NoExecute").info(),
                        List.of("node(s) had untolerated taint {maintenance: }")),
                Arguments.of("PreferNoSchedule does not filter", pod("p").info(),
                        node("n").taint("spot", "true", "PreferNoSchedule").info(), List.of()),
                Arguments.of("Equal toleration", pod("p").toleration("dedicated", "Equal", "gpu", "NoSchedule").info(),
                        gpu, List.of()),
                Arguments.of("Equal with other value", pod("p").toleration("dedicated", "Equal", "cpu", "NoSchedule")
                        .info(), gpu, List.of("node(s) had untolerated taint {dedicated: gpu}")),
                Arguments.of("Exists on key", pod("p").toleration("dedicated", "Exists", null, null).info(), gpu,
                        List.of()),
                Arguments.of("empty key Exists tolerates all", pod("p").toleration(null, "Exists", null, null).info(),
                        gpu, List.of()),
                Arguments.of("effect must match", pod("p").toleration("dedicated", "Exists", null, "NoExecute").info(),
                        gpu, List.of("node(s) had untolerated taint {dedicated: gpu}")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void filterRejectsUntoleratedTaints(String name, PodInfo pod, NodeInfo node, List<String> reasons) {
        var status = new TaintToleration().filter(pod, node);
        assertThat(status.reasons()).containsExactlyElementsOf(reasons);
        assertThat(status.isSuccess()).isEqualTo(reasons.isEmpty());
    }
}
