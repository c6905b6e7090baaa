package io.coxswain.nodeagent.pod;

import io.coxswain.nodeagent.runtime.ContainerInfo;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.HostIP;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * A pod's status from what the node agent observed. A pure function: the same inputs give the same status,
 * so that the worker writes it only when it really changes. Follows the kubelet (phase rules of
 * {@code getPhase}, condition types, container state shapes). Times have Kubernetes' one-second resolution.
 */
final class PodStatusCalculator {

    static final String PHASE_PENDING = "Pending";
    static final String PHASE_RUNNING = "Running";
    static final String PHASE_SUCCEEDED = "Succeeded";
    static final String PHASE_FAILED = "Failed";

    private PodStatusCalculator() {
    }

    /**
     * @param pod        the pod as the api-server has it (its current status supplies startTime, transition times, qosClass)
     * @param hostIp     the node address
     * @param podIp      the sandbox's address, or null before it exists
     * @param containers one observation per spec container, in spec order
     * @param firstSeen  when this agent first saw the pod (startTime, unless the status has one already)
     * @param now        the time to stamp on conditions that change
     */
    static PodStatus compute(Pod pod, String hostIp, String podIp, List<ContainerObservation> containers,
                             Instant firstSeen, Instant now) {
        PodStatus old = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
        List<ContainerStatus> statuses = new ArrayList<>();
        for (ContainerObservation c : containers) {
            statuses.add(containerStatus(c));
        }
        String phase = phase(pod.getSpec().getRestartPolicy(), statuses);
        if (PHASE_SUCCEEDED.equals(old.getPhase()) || PHASE_FAILED.equals(old.getPhase())) {
            phase = old.getPhase(); // a terminal phase never changes
        }
        List<String> notReady = statuses.stream().filter(s -> !Boolean.TRUE.equals(s.getReady())).map(ContainerStatus::getName).toList();
        boolean allReady = notReady.isEmpty() && !statuses.isEmpty();
        String notReadyMessage = "containers with unready status: [" + String.join(" ", notReady) + "]";
        String notReadyReason = PHASE_SUCCEEDED.equals(phase) || PHASE_FAILED.equals(phase) ? "PodCompleted" : "ContainersNotReady";

        List<PodCondition> conditions = new ArrayList<>();
        conditions.add(condition(old, "PodScheduled", true, null, null, now));
        conditions.add(condition(old, "Initialized", true, null, null, now));
        conditions.add(condition(old, "ContainersReady", allReady, allReady ? null : notReadyReason, allReady ? null : notReadyMessage, now));
        conditions.add(condition(old, "Ready", allReady, allReady ? null : notReadyReason, allReady ? null : notReadyMessage, now));

        String startTime = old.getStartTime() != null ? old.getStartTime() : time(firstSeen);
        PodStatusBuilder b = new PodStatusBuilder()
                .withPhase(phase)
                .withConditions(conditions)
                .withHostIP(hostIp)
                .withHostIPs(new HostIP(hostIp))
                .withStartTime(startTime)
                .withContainerStatuses(statuses)
                .withQosClass(old.getQosClass());
        if (podIp != null) {
            b.withPodIP(podIp).withPodIPs(new PodIP(podIp));
        }
        return b.build();
    }

    static ContainerStatus containerStatus(ContainerObservation c) {
        ContainerInfo cur = c.current();
        ContainerStatusBuilder b = new ContainerStatusBuilder()
                .withName(c.name())
                .withImage(c.image())
                .withImageID("")
                .withRestartCount(c.restartCount())
                .withReady(c.ready())
                .withStarted(c.started());
        if (cur != null) {
            b.withContainerID(containerId(cur));
        }
        ContainerState state;
        ContainerInfo last;
        if (c.waiting() != null) {
            state = waiting(c.waiting().reason(), c.waiting().message());
            // the instance that ended is the last state; when the current one never ran, the one before it
            last = cur != null && cur.state() == ContainerInfo.State.EXITED ? cur : c.previous();
        } else if (cur == null || cur.state() == ContainerInfo.State.CREATED || cur.state() == ContainerInfo.State.UNKNOWN) {
            state = waiting("ContainerCreating", null);
            last = c.previous();
        } else if (cur.running()) {
            state = new ContainerStateBuilder().withNewRunning().withStartedAt(time(cur.startedAt())).endRunning().build();
            last = c.previous();
        } else {
            state = terminated(cur);
            last = c.previous();
        }
        b.withState(state);
        b.withLastState(last != null && last.state() == ContainerInfo.State.EXITED ? terminated(last) : new ContainerState());
        return b.build();
    }

    private static ContainerState waiting(String reason, String message) {
        return new ContainerStateBuilder().withNewWaiting().withReason(reason).withMessage(message).endWaiting().build();
    }

    private static ContainerState terminated(ContainerInfo c) {
        return new ContainerStateBuilder().withNewTerminated()
                .withExitCode(c.exitCode() == null ? 0 : c.exitCode())
                .withReason(c.reason())
                .withMessage(c.message())
                .withStartedAt(time(c.startedAt()))
                .withFinishedAt(time(c.finishedAt()))
                .withContainerID(containerId(c))
                .endTerminated().build();
    }

    static String containerId(ContainerInfo c) {
        return "docker://" + c.id();
    }

    /** The kubelet's getPhase, for pods without init containers. */
    static String phase(String restartPolicy, List<ContainerStatus> statuses) {
        int running = 0;
        int waiting = 0;
        int stopped = 0;
        int succeeded = 0;
        int unknown = 0;
        for (ContainerStatus s : statuses) {
            ContainerState st = s.getState();
            if (st == null) {
                unknown++;
            } else if (st.getRunning() != null) {
                running++;
            } else if (st.getTerminated() != null) {
                stopped++;
                if (st.getTerminated().getExitCode() != null && st.getTerminated().getExitCode() == 0) {
                    succeeded++;
                }
            } else if (st.getWaiting() != null) {
                if (s.getLastState() != null && s.getLastState().getTerminated() != null) {
                    stopped++;
                } else {
                    waiting++;
                }
            } else {
                unknown++;
            }
        }
        if (waiting > 0) {
            return PHASE_PENDING;
        }
        if (running > 0 && unknown == 0) {
            return PHASE_RUNNING;
        }
        if (running == 0 && stopped > 0 && unknown == 0) {
            String policy = restartPolicy == null ? "Always" : restartPolicy;
            if ("Always".equals(policy)) {
                return PHASE_RUNNING;
            }
            if (stopped == succeeded) {
                return PHASE_SUCCEEDED;
            }
            if ("Never".equals(policy)) {
                return PHASE_FAILED;
            }
            return PHASE_RUNNING;
        }
        return PHASE_PENDING;
    }

    /** A condition, keeping the old lastTransitionTime when its status did not change. */
    private static PodCondition condition(PodStatus old, String type, boolean status, String reason, String message, Instant now) {
        String s = status ? "True" : "False";
        String transition = time(now);
        if (old.getConditions() != null) {
            for (PodCondition c : old.getConditions()) {
                if (type.equals(c.getType()) && s.equals(c.getStatus()) && c.getLastTransitionTime() != null) {
                    transition = c.getLastTransitionTime();
                }
            }
        }
        return new PodConditionBuilder().withType(type).withStatus(s).withReason(reason).withMessage(message)
                .withLastTransitionTime(transition).build();
    }

    static String time(Instant t) {
        return t == null ? null : DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
    }
}
