package io.coxswain.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.apiserver.api.ApiException;
import io.coxswain.apiserver.resource.ResourceType;

/** Reading a server-side apply configuration: the checks Kubernetes makes before it merges one. */
final class Applies {

    private Applies() {
    }

    /**
     * Parses an apply body (YAML, or JSON as a subset of it) for the object at {@code path}. The configuration must
     * name the kind and version of the resource, must not carry managedFields, and may leave out the name and
     * namespace, which then come from the URL.
     */
    static ObjectNode configuration(RequestBodies bodies, ResourcePath path, byte[] body) {
        JsonNode tree = bodies.parseTree(body, Patches.APPLY_PATCH);
        if (!(tree instanceof ObjectNode config)) {
            throw ApiException.badRequest("error decoding YAML: the apply configuration must be an object");
        }
        ResourceType type = path.type();
        String apiVersion = config.path("apiVersion").asText("");
        String kind = config.path("kind").asText("");
        if (apiVersion.isEmpty() || kind.isEmpty()) {
            throw ApiException.badRequest("Object 'Kind' is missing in '" + abbreviate(config.toString()) + "'");
        }
        if (!apiVersion.equals(type.apiVersion())) {
            throw ApiException.badRequest("Incorrect version specified in apply patch. Specified patch version: "
                    + apiVersion + ", expected: " + type.apiVersion());
        }
        if (!kind.equals(type.kind())) {
            throw ApiException.badRequest("the kind in the data (%s) does not match the expected kind (%s)"
                    .formatted(kind, type.kind()));
        }
        JsonNode metadata = config.get("metadata");
        if (metadata != null && !metadata.isObject() && !metadata.isNull()) {
            throw ApiException.badRequest("metadata must be an object");
        }
        if (metadata == null || metadata.isNull()) {
            config.putObject("metadata"); // "metadata:" with nothing after it: empty, the name comes from the URL
        }
        ObjectNode meta = config.with("metadata");
        if (meta.has("managedFields") && !meta.get("managedFields").isNull()) {
            throw ApiException.badRequest("metadata.managedFields must be nil");
        }
        String name = meta.path("name").asText("");
        if (name.isEmpty()) {
            meta.put("name", path.name());
        } else if (!name.equals(path.name())) {
            throw ApiException.badRequest("the name of the object (" + name + ") does not match the name on the URL ("
                    + path.name() + ")");
        }
        String namespace = meta.path("namespace").asText("");
        if (type.namespaced()) {
            if (!namespace.isEmpty() && !namespace.equals(path.namespace())) {
                throw ApiException.badRequest("the namespace of the provided object does not match the namespace sent "
                        + "on the request");
            }
        } else if (!namespace.isEmpty()) {
            meta.remove("namespace");
        }
        return config;
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
