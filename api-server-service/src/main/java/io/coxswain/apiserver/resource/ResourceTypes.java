package io.coxswain.apiserver.resource;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapList;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsList;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventList;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceList;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeList;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretList;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceList;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentList;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetList;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseList;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** The kinds this api-server serves, looked up by group/version/plural as REST paths name them. */
public final class ResourceTypes {

    public static final ResourceType NAMESPACES = new ResourceType("", "v1", "Namespace", "namespaces", "namespace",
            false, List.of("ns"), List.of(), Namespace.class, NamespaceList.class, Set.of("status", "finalize"));
    public static final ResourceType NODES = new ResourceType("", "v1", "Node", "nodes", "node",
            false, List.of("no"), List.of(), Node.class, NodeList.class, Set.of("status"));
    public static final ResourceType PODS = new ResourceType("", "v1", "Pod", "pods", "pod",
            true, List.of("po"), List.of("all"), Pod.class, PodList.class, Set.of("status", "binding", "log"));
    public static final ResourceType SERVICES = new ResourceType("", "v1", "Service", "services", "service",
            true, List.of("svc"), List.of("all"), Service.class, ServiceList.class, Set.of("status"));
    public static final ResourceType ENDPOINTS = new ResourceType("", "v1", "Endpoints", "endpoints", "endpoints",
            true, List.of("ep"), List.of(), Endpoints.class, EndpointsList.class, Set.of());
    public static final ResourceType EVENTS = new ResourceType("", "v1", "Event", "events", "event",
            true, List.of("ev"), List.of(), Event.class, EventList.class, Set.of());
    public static final ResourceType CONFIGMAPS = new ResourceType("", "v1", "ConfigMap", "configmaps", "configmap",
            true, List.of("cm"), List.of(), ConfigMap.class, ConfigMapList.class, Set.of());
    public static final ResourceType SECRETS = new ResourceType("", "v1", "Secret", "secrets", "secret",
            true, List.of(), List.of(), Secret.class, SecretList.class, Set.of());
    public static final ResourceType DEPLOYMENTS = new ResourceType("apps", "v1", "Deployment", "deployments", "deployment",
            true, List.of("deploy"), List.of("all"), Deployment.class, DeploymentList.class, Set.of("status", "scale"));
    public static final ResourceType REPLICASETS = new ResourceType("apps", "v1", "ReplicaSet", "replicasets", "replicaset",
            true, List.of("rs"), List.of("all"), ReplicaSet.class, ReplicaSetList.class, Set.of("status", "scale"));
    public static final ResourceType LEASES = new ResourceType("coordination.k8s.io", "v1", "Lease", "leases", "lease",
            true, List.of(), List.of(), Lease.class, LeaseList.class, Set.of());

    public static final List<ResourceType> ALL = List.of(NAMESPACES, NODES, PODS, SERVICES, ENDPOINTS, EVENTS,
            CONFIGMAPS, SECRETS, DEPLOYMENTS, REPLICASETS, LEASES);

    private ResourceTypes() {
    }

    public static Optional<ResourceType> find(String group, String version, String plural) {
        for (ResourceType t : ALL) {
            if (t.group().equals(group) && t.version().equals(version) && t.plural().equals(plural)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** Group name to its served versions, core group ("") first, in a stable order. */
    public static Map<String, List<String>> groupVersions() {
        Map<String, List<String>> result = new LinkedHashMap<>();
        result.put("", new ArrayList<>());
        Map<String, List<String>> named = new TreeMap<>();
        for (ResourceType t : ALL) {
            List<String> versions = t.group().isEmpty() ? result.get("") : named.computeIfAbsent(t.group(), g -> new ArrayList<>());
            if (!versions.contains(t.version())) {
                versions.add(t.version());
            }
        }
        result.putAll(named);
        return result;
    }

    public static List<ResourceType> inGroupVersion(String group, String version) {
        return ALL.stream().filter(t -> t.group().equals(group) && t.version().equals(version)).toList();
    }
}
