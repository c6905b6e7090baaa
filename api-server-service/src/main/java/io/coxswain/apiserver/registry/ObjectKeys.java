package io.coxswain.apiserver.registry;

import io.coxswain.apiserver.resource.ResourceType;

/** Where objects live in etcd: {@code <prefix>/<resource>/<namespace>/<name>} or {@code <prefix>/<resource>/<name>}. */
public final class ObjectKeys {

    private final String prefix;

    public ObjectKeys(String prefix) {
        this.prefix = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    }

    public String prefix() {
        return prefix;
    }

    /** The prefix of every object of a kind, ending in "/". */
    public String typePrefix(ResourceType type) {
        return prefix + "/" + type.plural() + "/";
    }

    /** The prefix of a list: a namespace's objects, or all of them when namespace is null. */
    public String listPrefix(ResourceType type, String namespace) {
        return type.namespaced() && namespace != null ? typePrefix(type) + namespace + "/" : typePrefix(type);
    }

    public String key(ResourceType type, String namespace, String name) {
        return type.namespaced() ? typePrefix(type) + namespace + "/" + name : typePrefix(type) + name;
    }

    /** Keys of allocated ranges (service cluster IPs, node ports), each claimed by a create-if-absent. */
    public String rangeKey(String range, String item) {
        return prefix + "/ranges/" + range + "/" + item;
    }
}
