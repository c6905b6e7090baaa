package io.coxswain.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.apiserver.api.ApiException;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Kubernetes' strategic merge patch for the built-in kinds: like a JSON merge patch, but lists of objects with a merge
 * key (containers by name, ports by containerPort...) merge element by element, some primitive lists merge as sets,
 * and the directives {@code $patch} (delete, replace, merge), {@code $setElementOrder/<list>},
 * {@code $deleteFromPrimitiveList/<list>} and {@code $retainKeys} apply. The merge keys are those of the Go struct tags
 * (patchMergeKey / patchStrategy) of the kinds served here. Pure function.
 */
final class StrategicMergePatch {

    /** Field name (as it appears in any object) to the merge key of the list it holds. */
    private static final Map<String, String> MERGE_KEYS = Map.ofEntries(
            Map.entry("containers", "name"),
            Map.entry("initContainers", "name"),
            Map.entry("ephemeralContainers", "name"),
            Map.entry("env", "name"),
            Map.entry("volumes", "name"),
            Map.entry("imagePullSecrets", "name"),
            Map.entry("volumeMounts", "mountPath"),
            Map.entry("volumeDevices", "devicePath"),
            Map.entry("conditions", "type"),
            Map.entry("ownerReferences", "uid"),
            Map.entry("hostAliases", "ip"),
            Map.entry("topologySpreadConstraints", "topologyKey"),
            Map.entry("addresses", "type"),
            Map.entry("resourceClaims", "name"),
            Map.entry("schedulingGates", "name"));

    /**
     * Merge keys that depend on where the list is: container ports merge by containerPort, a Service's ports by port
     * (keyed "parent/list"). Looked up before {@link #MERGE_KEYS}.
     */
    private static final Map<String, String> NESTED_MERGE_KEYS = Map.of(
            "containers/ports", "containerPort",
            "initContainers/ports", "containerPort",
            "ephemeralContainers/ports", "containerPort",
            "spec/ports", "port");

    /** Primitive lists merged as sets (patchStrategy: merge). */
    private static final Set<String> MERGED_PRIMITIVE_LISTS = Set.of("finalizers");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private StrategicMergePatch() {
    }

    static JsonNode apply(JsonNode original, JsonNode patch) {
        if (!patch.isObject()) {
            throw ApiException.badRequest("a strategic merge patch must be a JSON object");
        }
        return mergeObject(original != null && original.isObject() ? (ObjectNode) original.deepCopy() : NODES.objectNode(),
                (ObjectNode) patch, "");
    }

    private static JsonNode mergeObject(ObjectNode target, ObjectNode patch, String parentField) {
        JsonNode directive = patch.get("$patch");
        if (directive != null) {
            switch (directive.asText()) {
                case "replace" -> {
                    ObjectNode replaced = patch.deepCopy();
                    replaced.remove("$patch");
                    return replaced;
                }
                case "delete" -> {
                    return null;
                }
                case "merge" -> {
                }
                default -> throw ApiException.badRequest("unknown patch type: " + directive.asText()
                        + " in map: " + patch);
            }
        }
        JsonNode retainKeys = patch.get("$retainKeys");
        Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            JsonNode value = field.getValue();
            if (key.equals("$patch") || key.equals("$retainKeys") || key.startsWith("$setElementOrder/")) {
                continue;
            }
            if (key.startsWith("$deleteFromPrimitiveList/")) {
                String list = key.substring("$deleteFromPrimitiveList/".length());
                JsonNode current = target.get(list);
                if (current != null && current.isArray() && value.isArray()) {
                    ArrayNode kept = NODES.arrayNode();
                    for (JsonNode item : current) {
                        if (!contains(value, item)) {
                            kept.add(item);
                        }
                    }
                    target.set(list, kept);
                }
                continue;
            }
            if (value.isNull()) {
                target.remove(key);
                continue;
            }
            JsonNode current = target.get(key);
            if (value.isObject()) {
                JsonNode merged = mergeObject(current != null && current.isObject() ? (ObjectNode) current
                        : NODES.objectNode(), (ObjectNode) value, key);
                if (merged == null) {
                    target.remove(key);
                } else {
                    target.set(key, merged);
                }
            } else if (value.isArray()) {
                target.set(key, mergeList(parentField, key, current, (ArrayNode) value,
                        patch.get("$setElementOrder/" + key)));
            } else {
                target.set(key, value);
            }
        }
        // $setElementOrder/<list> without <list> in the patch: only the order of the stored list changes.
        Iterator<String> names = patch.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (name.startsWith("$setElementOrder/")) {
                String list = name.substring("$setElementOrder/".length());
                JsonNode current = target.get(list);
                if (!patch.has(list) && current != null && current.isArray()) {
                    target.set(list, mergeList(parentField, list, current, NODES.arrayNode(), patch.get(name)));
                }
            }
        }
        if (retainKeys != null && retainKeys.isArray()) {
            List<String> remove = new ArrayList<>();
            target.fieldNames().forEachRemaining(name -> {
                if (!contains(retainKeys, NODES.textNode(name))) {
                    remove.add(name);
                }
            });
            remove.forEach(target::remove);
        }
        return target;
    }

    private static JsonNode mergeList(String parentField, String field, JsonNode current, ArrayNode patch, JsonNode order) {
        String mergeKey = NESTED_MERGE_KEYS.getOrDefault(parentField + "/" + field, MERGE_KEYS.get(field));
        boolean replaceDirective = false;
        for (JsonNode item : patch) {
            if (item.isObject() && "replace".equals(item.path("$patch").asText(null))) {
                replaceDirective = true;
            }
        }
        if (replaceDirective) {
            ArrayNode replaced = NODES.arrayNode();
            for (JsonNode item : patch) {
                if (!(item.isObject() && item.has("$patch"))) {
                    replaced.add(item);
                }
            }
            return replaced;
        }
        if (MERGED_PRIMITIVE_LISTS.contains(field)) {
            ArrayNode merged = current != null && current.isArray() ? ((ArrayNode) current).deepCopy() : NODES.arrayNode();
            for (JsonNode item : patch) {
                if (!contains(merged, item)) {
                    merged.add(item);
                }
            }
            return order != null && order.isArray() ? reorderPrimitives(merged, order) : merged;
        }
        if (mergeKey == null || current == null || !current.isArray()) {
            // Lists without a merge key are replaced whole (command, args, tolerations, ports of services without one...).
            ArrayNode replaced = NODES.arrayNode();
            for (JsonNode item : patch) {
                if (item.isObject() && item.has("$patch")) {
                    continue;
                }
                replaced.add(item.isObject() ? stripDirectives((ObjectNode) item) : item);
            }
            return replaced;
        }
        Map<String, JsonNode> byKey = new LinkedHashMap<>();
        List<JsonNode> unkeyed = new ArrayList<>();
        for (JsonNode item : current) {
            JsonNode k = item.get(mergeKey);
            if (k == null) {
                unkeyed.add(item);
            } else {
                byKey.put(k.asText(), item);
            }
        }
        for (JsonNode item : patch) {
            if (!item.isObject()) {
                throw ApiException.badRequest("list " + field + " holds objects merged by " + mergeKey + ", got " + item);
            }
            JsonNode k = item.get(mergeKey);
            if (k == null) {
                throw ApiException.badRequest("map: " + item + " does not contain declared merge key: " + mergeKey);
            }
            JsonNode existing = byKey.get(k.asText());
            if ("delete".equals(item.path("$patch").asText(null))) {
                byKey.remove(k.asText());
                continue;
            }
            JsonNode merged = mergeObject(existing != null && existing.isObject() ? ((ObjectNode) existing).deepCopy()
                    : NODES.objectNode(), (ObjectNode) item, field);
            if (merged == null) {
                byKey.remove(k.asText());
            } else {
                byKey.put(k.asText(), merged);
            }
        }
        ArrayNode result = NODES.arrayNode();
        if (order != null && order.isArray()) {
            // $setElementOrder: the listed elements first, in that order; others keep their relative order after.
            for (JsonNode o : order) {
                JsonNode k = o.get(mergeKey);
                if (k != null && byKey.containsKey(k.asText())) {
                    result.add(byKey.remove(k.asText()));
                }
            }
        }
        byKey.values().forEach(result::add);
        unkeyed.forEach(result::add);
        return result;
    }

    private static ArrayNode reorderPrimitives(ArrayNode items, JsonNode order) {
        ArrayNode result = NODES.arrayNode();
        for (JsonNode o : order) {
            if (contains(items, o) && !contains(result, o)) {
                result.add(o);
            }
        }
        for (JsonNode i : items) {
            if (!contains(result, i)) {
                result.add(i);
            }
        }
        return result;
    }

    private static ObjectNode stripDirectives(ObjectNode node) {
        ObjectNode copy = node.deepCopy();
        List<String> directives = new ArrayList<>();
        copy.fieldNames().forEachRemaining(n -> {
            if (n.startsWith("$")) {
                directives.add(n);
            }
        });
        directives.forEach(copy::remove);
        return copy;
    }

    private static boolean contains(JsonNode array, JsonNode item) {
        for (JsonNode x : array) {
            if (x.equals(item)) {
                return true;
            }
        }
        return false;
    }
}
