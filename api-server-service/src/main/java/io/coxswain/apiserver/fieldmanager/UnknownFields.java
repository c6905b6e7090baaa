package io.coxswain.apiserver.fieldmanager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Finds the fields of a request body that the kind does not have, walking the JSON tree alongside the kind's type
 * ({@link TypeRef}, from the fabric8 model's declared properties): each is reported with its JSON path (for
 * {@code fieldValidation=Strict|Warn}) and removed, as Kubernetes drops unknown fields before storing. Parts of no
 * declared shape (free-form JSON, such as {@code fieldsV1}) are not checked.
 */
public final class UnknownFields {

    private static final int MAX_DEPTH = 64;

    private UnknownFields() {
    }

    /** @return the paths of unknown fields, e.g. {@code spec.containers[0].foo}; the tree no longer holds them */
    public static List<String> findAndRemove(JsonNode tree, TypeRef type) {
        List<String> found = new ArrayList<>();
        walk(tree, type, new StringBuilder(), found, 0, true);
        return found;
    }

    /** @return the paths of unknown fields; the tree is left as it is */
    public static List<String> find(JsonNode tree, TypeRef type) {
        List<String> found = new ArrayList<>();
        walk(tree, type, new StringBuilder(), found, 0, false);
        return found;
    }

    /** {@code path} is the JSON path so far; it is extended for each child and restored after (no string per node). */
    private static void walk(JsonNode node, TypeRef type, StringBuilder path, List<String> found, int depth,
                             boolean remove) {
        if (node == null || depth > MAX_DEPTH) {
            return;
        }
        int length = path.length();
        if (node.isArray() && type.shapeFor(node) == TypeRef.Shape.LIST) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), type.element(), path.append('[').append(i).append(']'), found, depth + 1, remove);
                path.setLength(length);
            }
            return;
        }
        if (!(node instanceof ObjectNode object)) {
            return;
        }
        if (type.struct() != null) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> e = fields.next();
                if (length > 0) {
                    path.append('.');
                }
                path.append(e.getKey());
                if (!type.declares(e.getKey())) {
                    found.add(path.toString());
                    if (remove) {
                        fields.remove();
                    }
                } else {
                    walk(e.getValue(), type.member(e.getKey()), path, found, depth + 1, remove);
                }
                path.setLength(length);
            }
        } else if (type.shapeFor(node) == TypeRef.Shape.MAP && type != TypeRef.DEDUCED) {
            object.fields().forEachRemaining(e -> {
                walk(e.getValue(), type.member(e.getKey()), path.append('[').append(e.getKey()).append(']'), found,
                        depth + 1, remove);
                path.setLength(length);
            });
        }
    }
}
