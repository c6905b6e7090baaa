package io.coxswain.nodeagent.pod;

import io.coxswain.nodeagent.runtime.ContainerInfo;

/**
 * What the pod worker knows about one spec container at the end of a sync, the input of the status.
 *
 * @param name     spec container name
 * @param image    spec image
 * @param current  the latest instance (highest attempt), or null if none was created yet
 * @param previous the instance before it (the last terminated one), or null
 * @param waiting  why it is waiting (ErrImagePull, CrashLoopBackOff, ...), overriding what {@code current} says; or null
 * @param ready    readiness (true when running and the readiness probe passes or there is none)
 * @param started  startup (true when running and the startup probe passed or there is none)
 */
record ContainerObservation(String name, String image, ContainerInfo current, ContainerInfo previous, Waiting waiting,
                            boolean ready, boolean started) {

    record Waiting(String reason, String message) {
    }

    int restartCount() {
        return current == null ? 0 : current.attempt();
    }
}
