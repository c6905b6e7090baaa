package io.coxswain.apiserver.fieldmanager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How the lists and structures of the kinds served here merge, as Kubernetes declares them in its Go types
 * ({@code +listType}, {@code +listMapKey}, {@code patchMergeKey}, {@code patchStrategy}, {@code +structType=atomic}) and
 * publishes them in its OpenAPI document ({@code x-kubernetes-list-type}, {@code x-kubernetes-list-map-keys},
 * {@code x-kubernetes-patch-merge-key}, {@code x-kubernetes-patch-strategy}, {@code x-kubernetes-map-type}). Keyed by
 * the owning type's name and the field. A list not listed here is atomic: it is replaced whole.
 */
public final class ListSemantics {

    /** The list types of server-side apply. */
    public enum ListType { ATOMIC, SET, MAP }

    /**
     * @param listType      how server-side apply merges the list
     * @param mapKeys       the key fields of an associative list
     * @param patchMergeKey the strategic merge patch key, or null
     * @param patchStrategy the strategic merge patch strategy ({@code merge}, {@code merge,retainKeys}), or null
     */
    public record ListInfo(ListType listType, List<String> mapKeys, String patchMergeKey, String patchStrategy) {
    }

    private static ListInfo map(String patchKey, String strategy, String... keys) {
        return new ListInfo(ListType.MAP, List.of(keys), patchKey, strategy);
    }

    private static final ListInfo BY_NAME = map("name", "merge", "name");
    private static final ListInfo BY_TYPE = map("type", "merge", "type");
    private static final ListInfo BY_IP = map("ip", "merge", "ip");
    private static final ListInfo CONTAINER_PORTS = map("containerPort", "merge", "containerPort", "protocol");
    private static final ListInfo VOLUME_MOUNTS = map("mountPath", "merge", "mountPath");
    private static final ListInfo VOLUME_DEVICES = map("devicePath", "merge", "devicePath");
    private static final ListInfo MERGED_SET = new ListInfo(ListType.SET, List.of(), null, "merge");

    private static final Map<String, ListInfo> LISTS = Map.ofEntries(
            Map.entry("ObjectMeta.finalizers", MERGED_SET),
            Map.entry("ObjectMeta.ownerReferences", map("uid", "merge", "uid")),
            Map.entry("PodSpec.containers", BY_NAME),
            Map.entry("PodSpec.initContainers", BY_NAME),
            Map.entry("PodSpec.ephemeralContainers", BY_NAME),
            Map.entry("PodSpec.volumes", map("name", "merge,retainKeys", "name")),
            Map.entry("PodSpec.imagePullSecrets", BY_NAME),
            Map.entry("PodSpec.schedulingGates", BY_NAME),
            Map.entry("PodSpec.resourceClaims", map("name", "merge,retainKeys", "name")),
            Map.entry("PodSpec.hostAliases", BY_IP),
            Map.entry("PodSpec.topologySpreadConstraints",
                    map("topologyKey", "merge", "topologyKey", "whenUnsatisfiable")),
            Map.entry("Container.ports", CONTAINER_PORTS),
            Map.entry("Container.env", BY_NAME),
            Map.entry("Container.volumeMounts", VOLUME_MOUNTS),
            Map.entry("Container.volumeDevices", VOLUME_DEVICES),
            Map.entry("EphemeralContainer.ports", CONTAINER_PORTS),
            Map.entry("EphemeralContainer.env", BY_NAME),
            Map.entry("EphemeralContainer.volumeMounts", VOLUME_MOUNTS),
            Map.entry("EphemeralContainer.volumeDevices", VOLUME_DEVICES),
            Map.entry("ResourceRequirements.claims", new ListInfo(ListType.MAP, List.of("name"), null, null)),
            Map.entry("PodStatus.conditions", BY_TYPE),
            Map.entry("PodStatus.podIPs", BY_IP),
            Map.entry("PodStatus.hostIPs", BY_IP),
            Map.entry("PodStatus.resourceClaimStatuses", map("name", "merge,retainKeys", "name")),
            Map.entry("NodeSpec.podCIDRs", MERGED_SET),
            Map.entry("NodeStatus.conditions", BY_TYPE),
            Map.entry("NodeStatus.addresses", BY_TYPE),
            Map.entry("NamespaceStatus.conditions", BY_TYPE),
            Map.entry("ServiceSpec.ports", map("port", "merge", "port", "protocol")),
            Map.entry("ServiceStatus.conditions", new ListInfo(ListType.MAP, List.of("type"), "type", "merge")),
            Map.entry("DeploymentStatus.conditions", BY_TYPE),
            Map.entry("ReplicaSetStatus.conditions", BY_TYPE));

    /** Key fields Kubernetes defaults, so an element may leave them out ({@code protocol} is TCP). */
    private static final Map<String, JsonNode> KEY_DEFAULTS = Map.of("protocol", TextNode.valueOf("TCP"));

    /** Structures replaced whole rather than merged field by field ({@code +structType=atomic}). */
    private static final Set<String> ATOMIC_STRUCTS = Set.of("LabelSelector", "OwnerReference", "ObjectReference",
            "LocalObjectReference", "TypedLocalObjectReference", "ConfigMapKeySelector", "SecretKeySelector",
            "ObjectFieldSelector", "ResourceFieldSelector", "NodeSelector", "NodeSelectorTerm", "TopologySelectorTerm");

    private static final ListInfo ATOMIC = new ListInfo(ListType.ATOMIC, List.of(), null, null);

    /** Maps replaced whole rather than merged key by key ({@code +mapType=atomic}): selectors of pods. */
    private static final Set<String> ATOMIC_MAPS = Set.of("PodSpec.nodeSelector", "ServiceSpec.selector");

    private ListSemantics() {
    }

    /** The declared semantics of {@code owner.field}, if the list is not simply atomic. */
    public static Optional<ListInfo> declared(Class<?> owner, String field) {
        return Optional.ofNullable(LISTS.get(owner.getSimpleName() + "." + field));
    }

    public static ListInfo of(Class<?> owner, String field) {
        return declared(owner, field).orElse(ATOMIC);
    }

    public static boolean atomicMap(Class<?> owner, String field) {
        return ATOMIC_MAPS.contains(owner.getSimpleName() + "." + field);
    }

    public static boolean atomicStruct(Class<?> type) {
        return ATOMIC_STRUCTS.contains(type.getSimpleName());
    }

    public static JsonNode keyDefault(String key) {
        return KEY_DEFAULTS.get(key);
    }
}
