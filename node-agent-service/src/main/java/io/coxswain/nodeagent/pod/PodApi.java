package io.coxswain.nodeagent.pod;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;

import java.util.Collection;
import java.util.Optional;

/**
 * The api-server as the pod workers see it: a local cache of the pods bound to this node (kept by an
 * informer) and the few writes a kubelet makes. Reads never block on the network; writes do, and throw
 * the client's exception on failure (a 409 conflict included), which makes the worker retry with back-off.
 */
public interface PodApi extends EnvLookup {

    /** The cached pod for "namespace/name", if it is bound to this node. Never mutate it. */
    Optional<Pod> cached(String key);

    Collection<Pod> cachedAll();

    /** Whether the cache has been filled once; before that, absence from it means nothing. */
    boolean synced();

    /** Writes the status through {@code pods/{name}/status}. */
    void writeStatus(Pod pod, PodStatus status);

    /** Records the host ports the runtime chose in the pod's {@value #HOST_PORTS_ANNOTATION} annotation. */
    void writeHostPorts(Pod pod, String hostPortsJson);

    /** Finishes a graceful deletion: deletes the pod with gracePeriodSeconds=0, conditional on its uid. */
    void confirmDeletion(Pod pod);

    /**
     * Where a pod's ports are published on its node, as JSON {@code {"<container>/<port>/<protocol>": hostPort}}.
     * Kubernetes has no status field for it, and pods are addressed as node-address:host-port here.
     */
    String HOST_PORTS_ANNOTATION = "coxswain.io/host-ports";
}
