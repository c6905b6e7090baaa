package io.coxswain.scheduler.plugins.ownerspread;

import static io.coxswain.scheduler.fixtures.TestNodes.node;
import static io.coxswain.scheduler.fixtures.TestPods.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.coxswain.scheduler.framework.NodeInfo;
import io.coxswain.scheduler.framework.PodInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

class OwnerSpreadTest {

    @Test
    void nodesWithFewerReplicasOfTheOwnerScoreHigher() {
        PodInfo replica = pod("p").owner("rs1").info();
        List<NodeInfo> nodes = List.of(
                node("empty").withPod(pod("x").owner("other").info()).info(),
                node("one").withPod(pod("a").owner("rs1").info()).info(),
                node("two").withPod(pod("b").owner("rs1").info()).withPod(pod("c").owner("rs1").info()).info());
        OwnerSpread plugin = new OwnerSpread();
        long[] scores = nodes.stream().mapToLong(n -> plugin.score(replica, n)).toArray();
        assertThat(scores).containsExactly(0, 1, 2);
        plugin.normalize(scores);
        assertThat(scores).containsExactly(100, 50, 0);
    }

    @Test
    void podWithoutOwnerScoresTheSameEverywhere() {
        OwnerSpread plugin = new OwnerSpread();
        long[] scores = {plugin.score(pod("p").info(), node("a").withPod(pod("x").owner("rs").info()).info()),
                plugin.score(pod("p").info(), node("b").info())};
        plugin.normalize(scores);
        assertThat(scores).containsExactly(100, 100);
    }
}
