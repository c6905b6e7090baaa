package io.coxswain.nodeagent.pod;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@link PodApi} on the api-server through fabric8: an informer on the pods with {@code spec.nodeName=<node>}
 * (whose callbacks only hand keys to the pod workers) and typed writes.
 */
public class Fabric8PodApi implements PodApi, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Fabric8PodApi.class);

    private final KubernetesClient client;
    private final String nodeName;
    private final KubernetesSerialization json = new KubernetesSerialization();
    private volatile SharedIndexInformer<Pod> informer;

    public Fabric8PodApi(KubernetesClient client, String nodeName) {
        this.client = client;
        this.nodeName = nodeName;
    }

    /** Starts the informer, feeding the workers, and waits up to {@code timeout} for its first list. */
    public void start(PodWorkers workers, Duration resync, Duration timeout) {
        informer = client.pods().inAnyNamespace().withField("spec.nodeName", nodeName).runnableInformer(resync.toMillis());
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                workers.enqueue(PodWorkers.key(pod));
            }

            @Override
            public void onUpdate(Pod old, Pod pod) {
                workers.podUpdated(old, pod);
            }

            @Override
            public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
                workers.enqueue(PodWorkers.key(pod));
            }
        });
        try {
            informer.start().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // the informer keeps retrying in the background; the workers start anyway and see pods once it lists
            log.warn("pod informer not synced within {} node={}: {}", timeout, nodeName, e.toString());
        }
    }

    @Override
    public Optional<Pod> cached(String key) {
        SharedIndexInformer<Pod> i = informer;
        return i == null ? Optional.empty() : Optional.ofNullable(i.getStore().getByKey(key));
    }

    @Override
    public Collection<Pod> cachedAll() {
        SharedIndexInformer<Pod> i = informer;
        return i == null ? List.of() : i.getStore().list();
    }

    @Override
    public boolean synced() {
        SharedIndexInformer<Pod> i = informer;
        return i != null && i.hasSynced();
    }

    /**
     * A JSON merge patch of {@code pods/{name}/status} with the whole computed status: the agent owns the status
     * fields it writes, so it needs no resourceVersion precondition, and its own metadata writes (the host-ports
     * annotation) cannot make it conflict. Lists (conditions, containerStatuses) are replaced whole.
     */
    @Override
    public void writeStatus(Pod pod, PodStatus status) {
        String patch = json.asJson(Map.of("status", status));
        client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                .subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE), patch);
    }

    @Override
    public void writeHostPorts(Pod pod, String hostPortsJson) {
        Map<String, Object> patch = Map.of("metadata", Map.of("annotations", Map.of(HOST_PORTS_ANNOTATION, hostPortsJson)));
        client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                .patch(PatchContext.of(PatchType.JSON_MERGE), json.asJson(patch));
    }

    @Override
    public void confirmDeletion(Pod pod) {
        try {
            client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                    .withGracePeriod(0).delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    @Override
    public Optional<Map<String, String>> configMap(String namespace, String name) {
        ConfigMap cm = client.configMaps().inNamespace(namespace).withName(name).get();
        if (cm == null) {
            return Optional.empty();
        }
        return Optional.of(cm.getData() == null ? Map.of() : cm.getData());
    }

    @Override
    public Optional<Map<String, String>> secret(String namespace, String name) {
        Secret s = client.secrets().inNamespace(namespace).withName(name).get();
        if (s == null) {
            return Optional.empty();
        }
        Map<String, String> data = new HashMap<>();
        if (s.getData() != null) {
            s.getData().forEach((k, v) -> data.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        }
        if (s.getStringData() != null) {
            data.putAll(s.getStringData());
        }
        return Optional.of(data);
    }

    @Override
    public void close() {
        SharedIndexInformer<Pod> i = informer;
        if (i != null) {
            i.close();
        }
    }
}
