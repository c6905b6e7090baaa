package io.coxswain.scheduler.framework;

import static io.coxswain.scheduler.fixtures.TestNodes.node;
import static io.coxswain.scheduler.fixtures.TestPods.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.coxswain.scheduler.plugins.nodeaffinity.NodeAffinity;
import io.coxswain.scheduler.plugins.nodeaffinity.PreferredNodeAffinity;
import io.coxswain.scheduler.plugins.nodeports.NodePorts;
import io.coxswain.scheduler.plugins.noderesources.BalancedAllocation;
import io.coxswain.scheduler.plugins.noderesources.LeastAllocated;
import io.coxswain.scheduler.plugins.noderesources.NodeResourcesFit;
import io.coxswain.scheduler.plugins.nodeready.NodeReady;
import io.coxswain.scheduler.plugins.nodeunschedulable.NodeUnschedulable;
import io.coxswain.scheduler.plugins.ownerspread.OwnerSpread;
import io.coxswain.scheduler.plugins.tainttoleration.TaintToleration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FrameworkTest {

    private final List<Framework> frameworks = new ArrayList<>();

    private Framework framework(int percentage, int parallelism) {
        Framework framework = new Framework(
                List.of(new NodeUnschedulable(), new NodeReady(), new TaintToleration(), new NodeAffinity(),
                        new NodePorts(), new NodeResourcesFit()),
                List.of(new Framework.WeightedScorer(new LeastAllocated(), 1),
                        new Framework.WeightedScorer(new BalancedAllocation(), 1),
                        new Framework.WeightedScorer(new PreferredNodeAffinity(), 2),
                        new Framework.WeightedScorer(new OwnerSpread(), 2)),
                percentage, parallelism);
        frameworks.add(framework);
        return framework;
    }

    @AfterEach
    void close() {
        frameworks.forEach(Framework::close);
    }

    @Test
    void fitErrorCountsReasonsPerNodeSortedAsKubeSchedulerDoes() {
        List<NodeInfo> nodes = List.of(
                node("small-1").allocatable("4", "1Gi", "110").info(),
                node("small-2").allocatable("4", "1Gi", "110").info(),
                node("gpu").taint("dedicated", "gpu", "NoSchedule").info());
        ScheduleResult result = framework(0, 1).schedule(pod("p").requests("1", "2Gi").info(), nodes);
        assertThat(result).isInstanceOf(ScheduleResult.Unschedulable.class);
        assertThat(((ScheduleResult.Unschedulable) result).fitError().message()).isEqualTo(
                "0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}, 2 Insufficient memory.");
    }

    @Test
    void nodeShortOfSeveralResourcesCountsUnderEach() {
        FitError error = new FitError(2, Map.of(
                "a", Status.unschedulable("NodeResourcesFit", "Insufficient cpu", "Insufficient memory"),
                "b", Status.unschedulable("NodeResourcesFit", "Insufficient memory")));
        assertThat(error.message()).isEqualTo("0/2 nodes are available: 1 Insufficient cpu, 2 Insufficient memory.");
    }

    @Test
    void noNodesAtAll() {
        ScheduleResult result = framework(0, 1).schedule(pod("p").info(), List.of());
        assertThat(((ScheduleResult.Unschedulable) result).fitError().message())
                .isEqualTo("no nodes available to schedule pods");
    }

    @Test
    void picksTheLeastAllocatedFeasibleNode() {
        List<NodeInfo> nodes = List.of(
                node("busy").withPod(pod("a").requests("3", "6Gi").info()).info(),
                node("idle").info(),
                node("cordoned").unschedulable().info());
        for (int i = 0; i < 20; i++) {
            ScheduleResult result = framework(0, 1).schedule(pod("p").requests("500m", "1Gi").info(), nodes);
            assertThat(((ScheduleResult.Scheduled) result).nodeName()).isEqualTo("idle");
        }
    }

    @Test
    void preferredAffinityOutweighsSmallResourceDifferences() {
        List<NodeInfo> nodes = List.of(
                node("zone-a").label("zone", "a").withPod(pod("x").requests("500m", "1Gi").info()).info(),
                node("zone-b").label("zone", "b").info());
        ScheduleResult result = framework(0, 1)
                .schedule(pod("p").preferredAffinity(50, "zone", "a").requests("100m", "100Mi").info(), nodes);
        assertThat(((ScheduleResult.Scheduled) result).nodeName()).isEqualTo("zone-a");
    }

    @Test
    void adaptivePercentageOfNodesToScoreFollowsKubernetes() {
        Framework framework = framework(0, 1);
        assertThat(framework.numFeasibleNodesToFind(50)).isEqualTo(50);
        assertThat(framework.numFeasibleNodesToFind(100)).isEqualTo(100);
        assertThat(framework.numFeasibleNodesToFind(1000)).isEqualTo(420);
        assertThat(framework.numFeasibleNodesToFind(5000)).isEqualTo(500);
        assertThat(framework(100, 1).numFeasibleNodesToFind(5000)).isEqualTo(5000);
    }

    @Test
    void filteringStopsAfterEnoughFeasibleNodesAndRotatesTheStart() {
        List<NodeInfo> nodes = IntStream.range(0, 1000).mapToObj(i -> node("n" + i).info()).toList();
        Framework framework = framework(0, 1);
        var first = (ScheduleResult.Scheduled) framework.schedule(pod("p").info(), nodes);
        assertThat(first.evaluatedNodes()).isEqualTo(420);
        assertThat(first.feasibleNodes()).isEqualTo(420);
        var second = (ScheduleResult.Scheduled) framework.schedule(pod("q").info(), nodes);
        // The second attempt starts where the first stopped.
        assertThat(Integer.parseInt(second.nodeName().substring(1))).isGreaterThanOrEqualTo(420);
    }

    @Test
    void parallelFilteringFindsTheSameFeasibleSetAsSequential() {
        List<NodeInfo> nodes = IntStream.range(0, 2000).mapToObj(i -> i % 3 == 0
                ? node("n" + i).info() : node("n" + i).allocatable("1", "1Gi", "110").info()).toList();
        PodInfo pod = pod("p").requests("2", "2Gi").info();
        var sequential = framework(100, 1).schedule(pod, nodes);
        var parallel = framework(100, 2).schedule(pod, nodes);
        assertThat(((ScheduleResult.Scheduled) parallel).feasibleNodes())
                .isEqualTo(((ScheduleResult.Scheduled) sequential).feasibleNodes()).isEqualTo(667);
        var none = framework(100, 2).schedule(pod("big").requests("64", "1Gi").info(), nodes);
        assertThat(((ScheduleResult.Unschedulable) none).fitError().message())
                .isEqualTo("0/2000 nodes are available: 2000 Insufficient cpu.");
    }

    @Test
    void pluginExceptionIsAnError() {
        FilterPlugin broken = new FilterPlugin() {
            @Override
            public String name() {
                return "Broken";
            }

            @Override
            public Status filter(PodInfo pod, NodeInfo node) {
                throw new IllegalStateException("boom");
            }
        };
        Framework framework = new Framework(List.of(broken), List.of(), 0, 1);
        frameworks.add(framework);
        assertThat(framework.schedule(pod("p").info(), List.of(node("n").info())))
                .isInstanceOf(ScheduleResult.Failed.class);
    }
}
