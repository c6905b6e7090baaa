package io.coxswain.apiserver.registry;

import io.coxswain.apiserver.api.ApiException;
import io.coxswain.apiserver.resource.ResourceTypes;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/** Creates what exists in every Kubernetes cluster from the start: the default and system namespaces. Idempotent. */
public final class ClusterBootstrap {

    private static final Logger log = LoggerFactory.getLogger(ClusterBootstrap.class);
    static final List<String> NAMESPACES = List.of("default", "kube-system", "kube-public", "kube-node-lease");

    private final ObjectRegistry registry;

    public ClusterBootstrap(ObjectRegistry registry) {
        this.registry = registry;
    }

    public void run() {
        for (String name : NAMESPACES) {
            if (registry.find(ResourceTypes.NAMESPACES, null, name).isPresent()) {
                continue;
            }
            try {
                registry.create(ResourceTypes.NAMESPACES, null,
                        new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build(), false);
                log.info("created namespace {}", name);
            } catch (ApiException e) {
                if (e.code() != 409) {
                    throw e;
                }
            }
        }
    }
}
