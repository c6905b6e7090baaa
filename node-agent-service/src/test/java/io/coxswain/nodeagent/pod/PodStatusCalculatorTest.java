package io.coxswain.nodeagent.pod;

import io.coxswain.nodeagent.runtime.ContainerInfo;
import io.coxswain.nodeagent.runtime.PodRef;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class PodStatusCalculatorTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00.123Z");
    private static final Instant NOW = Instant.parse("2026-01-01T00:01:00Z");
    private static final PodRef REF = new PodRef("uid-1", "default", "web");

    private static ContainerInfo running(int attempt) {
        return new ContainerInfo("id" + attempt, false, REF, "c", attempt, "img", ContainerInfo.State.RUNNING, null, null, null,
                T0, T0.plusSeconds(1), null, null, List.of());
    }

    private static ContainerInfo exited(int attempt, int code) {
        return new ContainerInfo("id" + attempt, false, REF, "c", attempt, "img", ContainerInfo.State.EXITED, code,
                code == 0 ? "Completed" : "Error", null, T0, T0.plusSeconds(1), T0.plusSeconds(2), null, List.of());
    }

    private static ContainerObservation obs(ContainerInfo current, ContainerInfo previous, String waitingReason, boolean ready) {
        return new ContainerObservation("c", "img", current, previous,
                waitingReason == null ? null : new ContainerObservation.Waiting(waitingReason, "why"), ready, current != null && current.running());
    }

    private static Pod pod(String restartPolicy) {
        return new PodBuilder().withNewMetadata().withName("web").withNamespace("default").withUid("uid-1").endMetadata()
                .withNewSpec().withRestartPolicy(restartPolicy).withNodeName("n1").addNewContainer().withName("c").withImage("img").endContainer().endSpec()
                .build();
    }

    static Stream<Arguments> phases() {
        return Stream.of(
                // restartPolicy, observation, phase, ready, state kind, restartCount
                arguments("Always", obs(null, null, null, false), "Pending", false, "waiting:ContainerCreating", 0),
                arguments("Always", obs(null, null, "ErrImagePull", false), "Pending", false, "waiting:ErrImagePull", 0),
                arguments("Always", obs(running(0), null, null, true), "Running", true, "running", 0),
                arguments("Always", obs(running(0), null, null, false), "Running", false, "running", 0),
                arguments("Always", obs(running(2), exited(1, 1), null, true), "Running", true, "running", 2),
                arguments("Always", obs(exited(3, 1), exited(2, 1), "CrashLoopBackOff", false), "Running", false, "waiting:CrashLoopBackOff", 3),
                arguments("OnFailure", obs(exited(0, 0), null, null, false), "Succeeded", false, "terminated:Completed", 0),
                arguments("OnFailure", obs(exited(0, 2), null, "CrashLoopBackOff", false), "Running", false, "waiting:CrashLoopBackOff", 0),
                arguments("Never", obs(exited(0, 2), null, null, false), "Failed", false, "terminated:Error", 0),
                arguments("Never", obs(exited(0, 0), null, null, false), "Succeeded", false, "terminated:Completed", 0));
    }

    @ParameterizedTest(name = "{0} {2} {4}")
    @MethodSource("phases")
    void phaseReadinessAndContainerStateFollowTheKubelet(String restartPolicy, ContainerObservation o, String phase,
                                                         boolean ready, String state, int restarts) {
        PodStatus s = PodStatusCalculator.compute(pod(restartPolicy), "127.0.0.1", "172.17.0.2", List.of(o), T0, NOW);

        assertThat(s.getPhase()).isEqualTo(phase);
        assertThat(condition(s, "Ready").getStatus()).isEqualTo(ready ? "True" : "False");
        assertThat(condition(s, "ContainersReady").getStatus()).isEqualTo(ready ? "True" : "False");
        assertThat(condition(s, "PodScheduled").getStatus()).isEqualTo("True");
        assertThat(condition(s, "Initialized").getStatus()).isEqualTo("True");
        ContainerStatus cs = s.getContainerStatuses().get(0);
        assertThat(kind(cs)).isEqualTo(state);
        assertThat(cs.getRestartCount()).isEqualTo(restarts);
        assertThat(s.getHostIP()).isEqualTo("127.0.0.1");
        assertThat(s.getPodIP()).isEqualTo("172.17.0.2");
        assertThat(s.getStartTime()).isEqualTo("2026-01-01T00:00:00Z");
    }

    @Test
    void crashLoopShowsTheEndedInstanceAsLastState() {
        PodStatus s = PodStatusCalculator.compute(pod("Always"), "127.0.0.1", null,
                List.of(obs(exited(3, 7), exited(2, 1), "CrashLoopBackOff", false)), T0, NOW);
        ContainerStatus cs = s.getContainerStatuses().get(0);
        assertThat(cs.getLastState().getTerminated().getExitCode()).isEqualTo(7);
        assertThat(cs.getLastState().getTerminated().getContainerID()).isEqualTo("docker://id3");
        assertThat(s.getPodIP()).isNull();
    }

    @Test
    void runningContainerShowsItsStartTimeAndThePreviousInstance() {
        PodStatus s = PodStatusCalculator.compute(pod("Always"), "127.0.0.1", "172.17.0.2",
                List.of(obs(running(1), exited(0, 137), null, true)), T0, NOW);
        ContainerStatus cs = s.getContainerStatuses().get(0);
        assertThat(cs.getState().getRunning().getStartedAt()).isEqualTo("2026-01-01T00:00:01Z");
        assertThat(cs.getLastState().getTerminated().getExitCode()).isEqualTo(137);
        assertThat(cs.getContainerID()).isEqualTo("docker://id1");
        assertThat(cs.getStarted()).isTrue();
    }

    @Test
    void unchangedInputsGiveAnEqualStatusAndKeepTransitionTimes() {
        Pod pod = pod("Always");
        List<ContainerObservation> o = List.of(obs(running(0), null, null, true));
        PodStatus first = PodStatusCalculator.compute(pod, "127.0.0.1", "172.17.0.2", o, T0, NOW);
        Pod written = new PodBuilder(pod).withStatus(first).build();
        PodStatus second = PodStatusCalculator.compute(written, "127.0.0.1", "172.17.0.2", o, T0, NOW.plusSeconds(30));
        assertThat(second).isEqualTo(first);

        PodStatus notReady = PodStatusCalculator.compute(written, "127.0.0.1", "172.17.0.2",
                List.of(obs(running(0), null, null, false)), T0, NOW.plusSeconds(30));
        assertThat(condition(notReady, "Ready").getLastTransitionTime()).isEqualTo("2026-01-01T00:01:30Z");
        assertThat(condition(notReady, "Ready").getReason()).isEqualTo("ContainersNotReady");
        assertThat(condition(notReady, "Ready").getMessage()).isEqualTo("containers with unready status: [c]");
        assertThat(condition(notReady, "PodScheduled").getLastTransitionTime()).isEqualTo("2026-01-01T00:01:00Z");
    }

    @Test
    void terminalPhaseNeverChanges() {
        Pod pod = new PodBuilder(pod("Never")).withNewStatus().withPhase("Failed").endStatus().build();
        PodStatus s = PodStatusCalculator.compute(pod, "127.0.0.1", null, List.of(obs(running(0), null, null, true)), T0, NOW);
        assertThat(s.getPhase()).isEqualTo("Failed");
    }

    private static PodCondition condition(PodStatus s, String type) {
        return s.getConditions().stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow();
    }

    private static String kind(ContainerStatus cs) {
        if (cs.getState().getRunning() != null) {
            return "running";
        }
        if (cs.getState().getTerminated() != null) {
            return "terminated:" + cs.getState().getTerminated().getReason();
        }
        return "waiting:" + cs.getState().getWaiting().getReason();
    }
}
