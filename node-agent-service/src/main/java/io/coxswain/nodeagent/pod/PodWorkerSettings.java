package io.coxswain.nodeagent.pod;

import java.time.Duration;

/**
 * @param nodeName          this node
 * @param nodeAddress       where ports are published, and the pods' hostIP
 * @param backOffInitial    first crash-loop / image-pull back-off (Kubernetes: 10 s)
 * @param backOffMax        back-off cap (Kubernetes: 5 min)
 * @param workers           pods synced in parallel
 * @param relistPeriod      how often the runtime is listed to notice container changes (the kubelet's PLEG)
 * @param resyncPeriod      how often a pod is synced with no change noticed, the level-triggered safety net
 * @param orphanGracePeriod grace for containers whose pod is gone from the api-server (its own grace is unknown)
 */
public record PodWorkerSettings(String nodeName, String nodeAddress, Duration backOffInitial, Duration backOffMax,
                                int workers, Duration relistPeriod, Duration resyncPeriod, Duration orphanGracePeriod) {
}
