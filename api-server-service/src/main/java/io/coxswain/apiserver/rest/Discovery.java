package io.coxswain.apiserver.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.apiserver.api.ApiException;
import io.coxswain.apiserver.resource.ResourceType;
import io.coxswain.apiserver.resource.ResourceTypes;
import jakarta.servlet.http.HttpServletRequest;

import java.util.List;
import java.util.Map;

/**
 * Discovery documents, legacy ({@code APIVersions}, {@code APIGroupList}, {@code APIResourceList}) and aggregated
 * ({@code apidiscovery.k8s.io/v2 APIGroupDiscoveryList}), built from the served kinds. kubectl needs short names and
 * categories from them ({@code get deploy}, {@code get all}).
 */
final class Discovery {

    private static final Map<String, List<String>> SUBRESOURCE_VERBS = Map.of(
            "status", List.of("get", "patch", "update"),
            "scale", List.of("get", "patch", "update"),
            "binding", List.of("create"),
            "log", List.of("get"),
            "finalize", List.of("update"));

    private final ObjectMapper mapper;

    Discovery(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    ObjectNode coreVersions(HttpServletRequest request) {
        ObjectNode doc = mapper.createObjectNode();
        doc.put("kind", "APIVersions");
        doc.putArray("versions").add("v1");
        ObjectNode address = doc.putArray("serverAddressByClientCIDRs").addObject();
        address.put("clientCIDR", "0.0.0.0/0");
        address.put("serverAddress", request.getLocalAddr() + ":" + request.getLocalPort());
        return doc;
    }

    ObjectNode groups() {
        ObjectNode doc = mapper.createObjectNode();
        doc.put("kind", "APIGroupList");
        doc.put("apiVersion", "v1");
        ArrayNode groups = doc.putArray("groups");
        ResourceTypes.groupVersions().forEach((group, versions) -> {
            if (!group.isEmpty()) {
                groups.add(groupDoc(group, versions));
            }
        });
        return doc;
    }

    ObjectNode group(String group) {
        List<String> versions = ResourceTypes.groupVersions().get(group);
        if (group.isEmpty() || versions == null) {
            throw ApiException.pathNotFound();
        }
        ObjectNode doc = groupDoc(group, versions);
        doc.put("kind", "APIGroup");
        doc.put("apiVersion", "v1");
        return doc;
    }

    private ObjectNode groupDoc(String group, List<String> versions) {
        ObjectNode g = mapper.createObjectNode();
        g.put("name", group);
        ArrayNode list = g.putArray("versions");
        for (String v : versions) {
            ObjectNode entry = list.addObject();
            entry.put("groupVersion", group + "/" + v);
            entry.put("version", v);
        }
        ObjectNode preferred = g.putObject("preferredVersion");
        preferred.put("groupVersion", group + "/" + versions.get(0));
        preferred.put("version", versions.get(0));
        return g;
    }

    ObjectNode resources(String group, String version) {
        List<ResourceType> types = ResourceTypes.inGroupVersion(group, version);
        if (types.isEmpty()) {
            throw ApiException.pathNotFound();
        }
        ObjectNode doc = mapper.createObjectNode();
        doc.put("kind", "APIResourceList");
        doc.put("apiVersion", "v1");
        doc.put("groupVersion", group.isEmpty() ? version : group + "/" + version);
        ArrayNode resources = doc.putArray("resources");
        if (group.isEmpty()) {
            ObjectNode bindings = resources.addObject();
            bindings.put("name", "bindings");
            bindings.put("singularName", "binding");
            bindings.put("namespaced", true);
            bindings.put("kind", "Binding");
            strings(bindings.putArray("verbs"), List.of("create"));
        }
        for (ResourceType t : types) {
            ObjectNode r = resources.addObject();
            r.put("name", t.plural());
            r.put("singularName", t.singular());
            r.put("namespaced", t.namespaced());
            r.put("kind", t.kind());
            strings(r.putArray("verbs"), ResourceType.VERBS);
            if (!t.shortNames().isEmpty()) {
                strings(r.putArray("shortNames"), t.shortNames());
            }
            if (!t.categories().isEmpty()) {
                strings(r.putArray("categories"), t.categories());
            }
            for (String sub : t.subresources().stream().sorted().toList()) {
                ObjectNode s = resources.addObject();
                s.put("name", t.plural() + "/" + sub);
                s.put("singularName", "");
                s.put("namespaced", t.namespaced());
                String[] kind = subresourceKind(t, sub);
                if (!kind[0].equals(t.group())) {
                    s.put("group", kind[0]);
                    s.put("version", kind[1]);
                }
                s.put("kind", kind[2]);
                strings(s.putArray("verbs"), SUBRESOURCE_VERBS.get(sub));
            }
        }
        return doc;
    }

    /** The aggregated discovery document of the core group ({@code /api}) or of the named groups ({@code /apis}). */
    ObjectNode aggregated(boolean core) {
        ObjectNode doc = mapper.createObjectNode();
        doc.put("kind", "APIGroupDiscoveryList");
        doc.put("apiVersion", "apidiscovery.k8s.io/v2");
        doc.putObject("metadata");
        ArrayNode items = doc.putArray("items");
        ResourceTypes.groupVersions().forEach((group, versions) -> {
            if (group.isEmpty() != core) {
                return;
            }
            ObjectNode item = items.addObject();
            ObjectNode meta = item.putObject("metadata");
            if (!group.isEmpty()) {
                meta.put("name", group);
            }
            ArrayNode vs = item.putArray("versions");
            for (String version : versions) {
                ObjectNode v = vs.addObject();
                v.put("version", version);
                v.put("freshness", "Current");
                ArrayNode resources = v.putArray("resources");
                for (ResourceType t : ResourceTypes.inGroupVersion(group, version)) {
                    ObjectNode r = resources.addObject();
                    r.put("resource", t.plural());
                    gvk(r.putObject("responseKind"), t.group(), t.version(), t.kind());
                    r.put("scope", t.namespaced() ? "Namespaced" : "Cluster");
                    r.put("singularResource", t.singular());
                    strings(r.putArray("verbs"), ResourceType.VERBS);
                    if (!t.shortNames().isEmpty()) {
                        strings(r.putArray("shortNames"), t.shortNames());
                    }
                    if (!t.categories().isEmpty()) {
                        strings(r.putArray("categories"), t.categories());
                    }
                    if (!t.subresources().isEmpty()) {
                        ArrayNode subs = r.putArray("subresources");
                        for (String sub : t.subresources().stream().sorted().toList()) {
                            ObjectNode s = subs.addObject();
                            s.put("subresource", sub);
                            String[] kind = subresourceKind(t, sub);
                            gvk(s.putObject("responseKind"), kind[0], kind[1], kind[2]);
                            strings(s.putArray("verbs"), SUBRESOURCE_VERBS.get(sub));
                        }
                    }
                }
            }
        });
        return doc;
    }

    private static String[] subresourceKind(ResourceType t, String sub) {
        return switch (sub) {
            case "scale" -> new String[] {"autoscaling", "v1", "Scale"};
            case "binding" -> new String[] {"", "v1", "Binding"};
            default -> new String[] {t.group(), t.version(), t.kind()};
        };
    }

    private static void gvk(ObjectNode node, String group, String version, String kind) {
        node.put("group", group);
        node.put("version", version);
        node.put("kind", kind);
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }
}
