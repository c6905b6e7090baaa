package io.coxswain.scheduler.cache;

import static io.coxswain.scheduler.fixtures.TestNodes.node;
import static io.coxswain.scheduler.fixtures.TestPods.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.coxswain.scheduler.framework.NodeInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchedulerCacheTest {

    private final SchedulerCache cache = new SchedulerCache();

    private NodeInfo nodeInfo(String name) {
        return cache.withNodes(nodes -> nodes.stream().filter(n -> n.name().equals(name)).findFirst().orElseThrow());
    }

    @Test
    void assumedPodCountsAgainstItsNodeAtOnce() {
        cache.addNode(node("n1").build());
        cache.assume(pod("p").requests("1", "1Gi").info(), "n1");
        assertThat(nodeInfo("n1").requestedMilliCpu()).isEqualTo(1000);
        assertThat(cache.isAssumed("default/p")).isTrue();
    }

    @Test
    void forgetRollsBackAFailedBinding() {
        cache.addNode(node("n1").build());
        cache.assume(pod("p").requests("1", "1Gi").info(), "n1");
        cache.forget("default/p");
        assertThat(nodeInfo("n1").requestedMilliCpu()).isZero();
        assertThat(nodeInfo("n1").podCount()).isZero();
        assertThat(cache.contains("default/p")).isFalse();
    }

    @Test
    void informerConfirmationReplacesTheAssumptionWithoutDoubleCounting() {
        cache.addNode(node("n1").build());
        cache.addNode(node("n2").build());
        cache.assume(pod("p").requests("1", "1Gi").info(), "n1");
        cache.addPod(pod("p").requests("1", "1Gi").nodeName("n1").build());
        assertThat(nodeInfo("n1").requestedMilliCpu()).isEqualTo(1000);
        assertThat(nodeInfo("n1").podCount()).isEqualTo(1);
        assertThat(cache.isAssumed("default/p")).isFalse();
        // A late forget after confirmation changes nothing.
        cache.forget("default/p");
        assertThat(nodeInfo("n1").podCount()).isEqualTo(1);
    }

    @Test
    void confirmationOnAnotherNodeMovesThePod() {
        cache.addNode(node("n1").build());
        cache.addNode(node("n2").build());
        cache.assume(pod("p").requests("1", "1Gi").info(), "n1");
        cache.addPod(pod("p").requests("1", "1Gi").nodeName("n2").build());
        assertThat(nodeInfo("n1").podCount()).isZero();
        assertThat(nodeInfo("n2").podCount()).isEqualTo(1);
    }

    @Test
    void podsOfUnknownNodesAreKeptButTheNodeIsNotOffered() {
        cache.addPod(pod("p").requests("1", "1Gi").nodeName("later").build());
        assertThat(cache.nodeCount()).isZero();
        cache.addNode(node("later").build());
        assertThat(nodeInfo("later").requestedMilliCpu()).isEqualTo(1000);
        cache.removeNode("later");
        assertThat(cache.nodeCount()).isZero();
        cache.removePod("default/p");
        cache.addNode(node("later").build());
        assertThat(nodeInfo("later").podCount()).isZero();
    }
}
