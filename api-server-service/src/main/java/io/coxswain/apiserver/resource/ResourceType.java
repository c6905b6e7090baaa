package io.coxswain.apiserver.resource;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;

import java.util.List;
import java.util.Set;

/**
 * One kind the api-server serves: its REST names, its Java model class and which subresources it has.
 *
 * @param group        API group, "" for core
 * @param version      API version, e.g. "v1"
 * @param kind         e.g. "Deployment"
 * @param plural       REST resource name, e.g. "deployments"
 * @param singular     e.g. "deployment"
 * @param namespaced   whether objects live in a namespace
 * @param shortNames   kubectl short names, e.g. "deploy"
 * @param categories   e.g. "all"
 * @param type         fabric8 model class
 * @param listType     fabric8 list class
 * @param subresources the subresources served, e.g. "status", "scale", "binding", "log"
 * @param hasStatus    whether a "status" subresource exists (then the main resource ignores status changes)
 */
public record ResourceType(
        String group,
        String version,
        String kind,
        String plural,
        String singular,
        boolean namespaced,
        List<String> shortNames,
        List<String> categories,
        Class<? extends HasMetadata> type,
        Class<? extends KubernetesResourceList<?>> listType,
        Set<String> subresources) {

    public static final List<String> VERBS = List.of(
            "create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

    public boolean hasStatus() {
        return subresources.contains("status");
    }

    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    public String groupVersionPath() {
        return group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
    }

    /** The name Kubernetes uses in messages: "pods", "deployments.apps". */
    public String qualifiedName() {
        return group.isEmpty() ? plural : plural + "." + group;
    }

    /** The kind as it appears in Invalid messages: "Pod", "Deployment.apps". */
    public String qualifiedKind() {
        return group.isEmpty() ? kind : kind + "." + group;
    }
}
