package io.coxswain.apiserver.fieldmanager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A set of field paths, kept as a tree: each node says whether the path leading to it is a member, and holds its
 * children. This is the shape of Kubernetes' {@code fieldsV1}, where {@code ".": {}} marks a node that is a member and
 * also has members below it. A set is built (by {@link #insert} or by reading fieldsV1) and then only read: the set
 * operations return new sets, which may share unchanged subtrees with their operands.
 */
public final class FieldSet {

    private static final ObjectMapper JSON = new ObjectMapper();

    private boolean member;
    private final TreeMap<PathElement, FieldSet> children = new TreeMap<>();

    public static FieldSet empty() {
        return new FieldSet();
    }

    public boolean isEmpty() {
        if (member) {
            return false;
        }
        for (FieldSet child : children.values()) {
            if (!child.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    public void insert(List<PathElement> path) {
        FieldSet node = this;
        for (PathElement pe : path) {
            node = node.children.computeIfAbsent(pe, k -> new FieldSet());
        }
        node.member = true;
    }

    public boolean has(List<PathElement> path) {
        FieldSet node = this;
        for (PathElement pe : path) {
            node = node.children.get(pe);
            if (node == null) {
                return false;
            }
        }
        return node.member;
    }

    /** The subtree below {@code pe}, or an empty set. Not a copy: do not modify it. */
    public FieldSet child(PathElement pe) {
        FieldSet child = children.get(pe);
        return child == null ? EMPTY : child;
    }

    public boolean isMember() {
        return member;
    }

    private static final FieldSet EMPTY = new FieldSet();

    /** The members at and below {@code pe}, and nothing else (sharing that subtree). */
    public FieldSet only(PathElement pe) {
        FieldSet result = new FieldSet();
        FieldSet child = children.get(pe);
        if (child != null && !child.isEmpty()) {
            result.children.put(pe, child);
        }
        return result;
    }

    public FieldSet union(FieldSet other) {
        FieldSet result = new FieldSet();
        result.member = member || other.member;
        children.forEach((pe, c) -> {
            FieldSet o = other.children.get(pe);
            result.children.put(pe, o == null ? c : c.union(o));
        });
        other.children.forEach(result.children::putIfAbsent);
        return result;
    }

    /** Members of this set that are not members of {@code other} (path by path, as structured-merge-diff). */
    public FieldSet difference(FieldSet other) {
        FieldSet result = new FieldSet();
        result.member = member && !other.member;
        children.forEach((pe, c) -> {
            FieldSet o = other.children.get(pe);
            FieldSet d = o == null ? c : c.difference(o);
            if (!d.isEmpty()) {
                result.children.put(pe, d);
            }
        });
        return result;
    }

    public FieldSet intersection(FieldSet other) {
        FieldSet result = new FieldSet();
        result.member = member && other.member;
        children.forEach((pe, c) -> {
            FieldSet o = other.children.get(pe);
            if (o != null) {
                FieldSet i = c.intersection(o);
                if (!i.isEmpty()) {
                    result.children.put(pe, i);
                }
            }
        });
        return result;
    }

    /** Members of this set none of whose prefixes (nor themselves) is a member of {@code other}. */
    public FieldSet recursiveDifference(FieldSet other) {
        if (other.member) {
            return new FieldSet();
        }
        FieldSet result = new FieldSet();
        result.member = member;
        children.forEach((pe, c) -> {
            FieldSet o = other.children.get(pe);
            FieldSet d = o == null ? c : c.recursiveDifference(o);
            if (!d.isEmpty()) {
                result.children.put(pe, d);
            }
        });
        return result;
    }

    public FieldSet copy() {
        FieldSet result = new FieldSet();
        result.member = member;
        children.forEach((pe, c) -> result.children.put(pe, c.copy()));
        return result;
    }

    /** Every member path, in serialisation order. */
    public List<List<PathElement>> paths() {
        List<List<PathElement>> out = new ArrayList<>();
        collect(new ArrayList<>(), out);
        return out;
    }

    private void collect(List<PathElement> prefix, List<List<PathElement>> out) {
        if (member) {
            out.add(List.copyOf(prefix));
        }
        children.forEach((pe, c) -> {
            prefix.add(pe);
            c.collect(prefix, out);
            prefix.remove(prefix.size() - 1);
        });
    }

    /** Kubernetes' fieldsV1 form as JSON: {@code {"f:spec":{"f:replicas":{}}}}. */
    public ObjectNode toFieldsV1() {
        return JSON.valueToTree(toFieldsV1Map());
    }

    /** The fieldsV1 form as nested maps, which is how fabric8's {@code FieldsV1} holds it. */
    public Map<String, Object> toFieldsV1Map() {
        Map<String, Object> node = new LinkedHashMap<>();
        if (member && !children.isEmpty()) {
            node.put(".", new LinkedHashMap<>());
        }
        children.forEach((pe, c) -> {
            if (!c.isEmpty()) {
                node.put(pe.member(), c.toFieldsV1Map());
            }
        });
        return node;
    }

    /**
     * Reads fieldsV1 held as nested maps (fabric8's {@code FieldsV1.getAdditionalProperties()}).
     *
     * @throws IllegalArgumentException when it is not a fieldsV1 object
     */
    public static FieldSet fromFieldsV1Map(Map<String, ?> map) {
        FieldSet root = new FieldSet();
        if (map != null) {
            root.readMap(map);
        }
        return root;
    }

    private void readMap(Map<String, ?> map) {
        for (Map.Entry<String, ?> e : map.entrySet()) {
            if (!(e.getValue() instanceof Map<?, ?> value)) {
                throw new IllegalArgumentException("fieldsV1 member " + e.getKey() + " must be an object");
            }
            if (e.getKey().equals(".")) {
                member = true;
                continue;
            }
            FieldSet child = children.computeIfAbsent(PathElement.parse(e.getKey()), k -> new FieldSet());
            if (value.isEmpty()) {
                child.member = true;
            } else {
                @SuppressWarnings("unchecked")
                Map<String, ?> nested = (Map<String, ?>) value;
                child.readMap(nested);
            }
        }
    }

    /** @throws IllegalArgumentException when the JSON is not a fieldsV1 object */
    public static FieldSet fromFieldsV1(JsonNode json) {
        if (json == null || json.isNull()) {
            return new FieldSet();
        }
        if (!json.isObject()) {
            throw new IllegalArgumentException("fieldsV1 must be a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, ?> map = JSON.convertValue(json, Map.class);
        return fromFieldsV1Map(map);
    }

    /** A path as structured-merge-diff prints it: {@code .spec.template.spec.containers[name="nginx"].image}. */
    public static String toString(List<PathElement> path) {
        StringBuilder b = new StringBuilder();
        path.forEach(b::append);
        return b.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldSet other && toFieldsV1Map().equals(other.toFieldsV1Map());
    }

    @Override
    public int hashCode() {
        return toFieldsV1Map().hashCode();
    }

    @Override
    public String toString() {
        return toFieldsV1().toString();
    }
}
