package io.coxswain.apiserver.registry;

import io.coxswain.apiserver.resource.ResourceTypes;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;

import java.time.Clock;
import java.time.Instant;

/**
 * Removes pods whose graceful deletion ran out: a pod bound to a node is marked with a deletionTimestamp of now plus
 * its grace period and normally removed by its node agent's confirmation; if no agent confirms by then (the node is
 * gone), this removes it. Reads the watch cache; each removal is a compare-and-swap on the revision it saw, so a
 * concurrent change wins.
 */
public final class GracefulDeletionReaper {

    private final ObjectRegistry registry;
    private final WatchCaches caches;
    private final Clock clock;

    public GracefulDeletionReaper(ObjectRegistry registry, WatchCaches caches, Clock clock) {
        this.registry = registry;
        this.caches = caches;
        this.clock = clock;
    }

    public void sweep() {
        Instant now = clock.instant();
        for (HasMetadata object : caches.of(ResourceTypes.PODS).snapshot().items()) {
            Pod pod = (Pod) object;
            var meta = pod.getMetadata();
            if (meta.getDeletionTimestamp() == null || (meta.getFinalizers() != null && !meta.getFinalizers().isEmpty())) {
                continue;
            }
            if (!Instant.parse(meta.getDeletionTimestamp()).isAfter(now)) {
                registry.expireGracefulDeletion(pod);
            }
        }
    }
}
