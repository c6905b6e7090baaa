package io.coxswain.nodeagent.pod;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A recording stand-in for the api-server and the pod informer: it stores pods in memory, applies the
 * agent's writes, and (like an informer) calls the listener after every change. For pod-worker tests
 * that run real containers without an api-server.
 */
final class InMemoryPodApi implements PodApi {

    private final Map<String, Pod> pods = new ConcurrentHashMap<>();
    private final AtomicLong resourceVersion = new AtomicLong(1);
    final List<String> statusWrites = new CopyOnWriteArrayList<>();
    final List<String> confirmedDeletions = new CopyOnWriteArrayList<>();
    private volatile PodWorkers listener;

    /** Like an informer: the workers hear of every change. */
    void onChange(PodWorkers listener) {
        this.listener = listener;
    }

    /** Creates or replaces a pod, as a client would. */
    void put(Pod pod) {
        String key = PodWorkers.key(pod);
        Pod stored = new PodBuilder(pod).editMetadata().withResourceVersion(Long.toString(resourceVersion.incrementAndGet())).endMetadata().build();
        Pod old = pods.put(key, stored);
        if (listener != null) {
            listener.podUpdated(old, stored);
        }
    }

    /** A graceful delete as the api-server does it: sets deletionTimestamp = now + grace. */
    void markDeleted(String key, long graceSeconds) {
        Pod p = pods.get(key);
        // Kubernetes times have one-second resolution
        put(new PodBuilder(p).editMetadata().withDeletionTimestamp(Instant.now().plusSeconds(graceSeconds).truncatedTo(ChronoUnit.SECONDS).toString())
                .withDeletionGracePeriodSeconds(graceSeconds).endMetadata().build());
    }

    void remove(String key) {
        pods.remove(key);
        if (listener != null) {
            listener.enqueue(key);
        }
    }

    Pod get(String key) {
        return pods.get(key);
    }

    @Override
    public Optional<Pod> cached(String key) {
        return Optional.ofNullable(pods.get(key));
    }

    @Override
    public Collection<Pod> cachedAll() {
        return List.copyOf(pods.values());
    }

    @Override
    public boolean synced() {
        return true;
    }

    @Override
    public void writeStatus(Pod pod, PodStatus status) {
        String key = PodWorkers.key(pod);
        Pod current = pods.get(key);
        if (current == null || !current.getMetadata().getUid().equals(pod.getMetadata().getUid())) {
            throw new IllegalStateException("pod " + key + " not found");
        }
        statusWrites.add(key + " " + status.getPhase());
        put(new PodBuilder(current).withStatus(status).build());
    }

    @Override
    public void writeHostPorts(Pod pod, String hostPortsJson) {
        Pod current = pods.get(PodWorkers.key(pod));
        put(new PodBuilder(current).editMetadata().addToAnnotations(HOST_PORTS_ANNOTATION, hostPortsJson).endMetadata().build());
    }

    @Override
    public void confirmDeletion(Pod pod) {
        confirmedDeletions.add(PodWorkers.key(pod));
        remove(PodWorkers.key(pod));
    }

    @Override
    public Optional<Map<String, String>> configMap(String namespace, String name) {
        return Optional.empty();
    }

    @Override
    public Optional<Map<String, String>> secret(String namespace, String name) {
        return Optional.empty();
    }
}
