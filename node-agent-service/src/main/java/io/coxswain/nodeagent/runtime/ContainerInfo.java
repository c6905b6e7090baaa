package io.coxswain.nodeagent.runtime;

import java.time.Instant;
import java.util.List;

/**
 * What the engine reports about one sandbox or container.
 *
 * @param id         engine id
 * @param sandbox    true for a pod sandbox, false for an application container
 * @param pod        owning pod (from the labels it was created with)
 * @param name       container name from the pod spec (null for a sandbox)
 * @param attempt    restart attempt it was created for
 * @param image      image reference it was created from
 * @param state      lifecycle state
 * @param exitCode   exit code once exited, else null
 * @param reason     why it exited, Kubernetes-style: "Completed", "Error", "OOMKilled"; null while not exited
 * @param message    the engine's error text, if any
 * @param createdAt  when it was created
 * @param startedAt  when it last started, or null
 * @param finishedAt when it exited, or null
 * @param ip         its address on the engine's network (sandboxes only), or null
 * @param ports      ports published for it (sandboxes only)
 */
public record ContainerInfo(String id, boolean sandbox, PodRef pod, String name, int attempt, String image,
                            State state, Integer exitCode, String reason, String message, Instant createdAt,
                            Instant startedAt, Instant finishedAt, String ip, List<PublishedPort> ports) {

    public enum State { CREATED, RUNNING, EXITED, UNKNOWN }

    public ContainerInfo {
        ports = ports == null ? List.of() : List.copyOf(ports);
    }

    public boolean running() {
        return state == State.RUNNING;
    }
}
