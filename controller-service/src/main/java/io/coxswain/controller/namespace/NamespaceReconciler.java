package io.coxswain.controller.namespace;

import io.coxswain.runtime.Reconciler;
import io.coxswain.runtime.Result;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.cache.Lister;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Empties a terminating namespace, then lets it go: Kubernetes' namespace controller. For a namespace with a
 * deletionTimestamp it deletes every object of every namespaced kind in it (pods bound to nodes end gracefully,
 * through their node agents), waits until none is left, and then removes its {@code kubernetes} finalizer through
 * {@code namespaces/<name>/finalize}, after which the api-server removes the namespace. Keyed by namespace name;
 * idempotent.
 */
public final class NamespaceReconciler implements Reconciler {

    static final String FINALIZER = "kubernetes";
    private static final Logger log = LoggerFactory.getLogger(NamespaceReconciler.class);

    private final KubernetesClient client;
    private final Lister<Namespace> namespaces;
    private final Duration recheck;
    private final List<Kind> kinds;

    /** How to list and delete one namespaced kind. */
    private record Kind(Function<String, List<? extends HasMetadata>> list, BiConsumer<String, String> delete) {
    }

    private static <T extends HasMetadata, L extends KubernetesResourceList<T>, R extends Resource<T>> Kind kind(
            MixedOperation<T, L, R> operation) {
        return new Kind(ns -> operation.inNamespace(ns).list().getItems(),
                (ns, name) -> operation.inNamespace(ns).withName(name)
                        .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete());
    }

    public NamespaceReconciler(KubernetesClient client, Lister<Namespace> namespaces, Duration recheck) {
        this.client = client;
        this.namespaces = namespaces;
        this.recheck = recheck;
        // Workloads first, so that their controllers do not recreate what is being deleted.
        this.kinds = List.of(kind(client.apps().deployments()), kind(client.apps().replicaSets()), kind(client.pods()),
                kind(client.services()), kind(client.endpoints()), kind(client.configMaps()), kind(client.secrets()),
                kind(client.leases()), kind(client.v1().events()));
    }

    @Override
    public Result reconcile(String name) {
        Namespace ns = namespaces.get(name);
        if (ns == null || ns.getMetadata().getDeletionTimestamp() == null) {
            return Result.done();
        }
        List<String> finalizers = ns.getSpec() == null || ns.getSpec().getFinalizers() == null ? List.of()
                : ns.getSpec().getFinalizers();
        if (!finalizers.contains(FINALIZER)) {
            return Result.done();
        }
        int remaining = 0;
        for (Kind kind : kinds) {
            remaining += deleteAll(kind, name);
        }
        if (remaining > 0) {
            log.info("namespace={} terminating: waiting for {} objects to go", name, remaining);
            return Result.requeueAfter(recheck);
        }
        List<String> rest = new ArrayList<>(finalizers);
        rest.remove(FINALIZER);
        Namespace finalized = new NamespaceBuilder(ns).editSpec().withFinalizers(rest).endSpec().build();
        try {
            client.namespaces().resource(finalized).subresource("finalize").update();
            log.info("namespace={} is empty: finalized", name);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
        return Result.done();
    }

    /** Deletes what is left of one kind in the namespace; returns how many objects still exist. */
    private static int deleteAll(Kind kind, String namespace) {
        List<? extends HasMetadata> items = kind.list().apply(namespace);
        for (HasMetadata item : items) {
            if (item.getMetadata().getDeletionTimestamp() == null) {
                kind.delete().accept(namespace, item.getMetadata().getName());
            }
        }
        return items.size();
    }
}
