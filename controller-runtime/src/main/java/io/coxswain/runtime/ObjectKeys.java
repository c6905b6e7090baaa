package io.coxswain.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** Work-queue keys as Kubernetes' {@code cache.MetaNamespaceKeyFunc} builds them: {@code namespace/name} or {@code name}. */
public final class ObjectKeys {

    private ObjectKeys() {
    }

    public static String of(HasMetadata object) {
        return of(object.getMetadata().getNamespace(), object.getMetadata().getName());
    }

    /** {@code namespace} may be null or empty for cluster-scoped objects. */
    public static String of(String namespace, String name) {
        return namespace == null || namespace.isEmpty() ? name : namespace + "/" + name;
    }

    /** The namespace part of {@code key}, or null for a cluster-scoped key. */
    public static String namespace(String key) {
        int slash = key.indexOf('/');
        return slash < 0 ? null : key.substring(0, slash);
    }

    public static String name(String key) {
        return key.substring(key.indexOf('/') + 1);
    }
}
