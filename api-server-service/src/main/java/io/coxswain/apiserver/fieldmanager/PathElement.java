package io.coxswain.apiserver.fieldmanager;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * One step of a field path, as structured-merge-diff names them: a field of an object ({@code f:name}), an element of
 * an associative list by its key fields ({@code k:{"name":"nginx"}}), an element of a set by its value
 * ({@code v:"x"}), or an element of an atomic-free list by its index ({@code i:0}, rarely used).
 *
 * @param kind  the step's kind, which also orders steps as Kubernetes serialises them
 * @param text  the field name, or the canonical JSON of the key fields (sorted by name) or of the value
 * @param index the index, for {@link Kind#INDEX}
 */
public record PathElement(Kind kind, String text, int index) implements Comparable<PathElement> {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** In the order Kubernetes sorts them within a fieldsV1 object. */
    public enum Kind { FIELD, KEY, VALUE, INDEX }

    public static PathElement field(String name) {
        return new PathElement(Kind.FIELD, name, 0);
    }

    /** An associative-list element by its key fields; the keys are serialised sorted by name. */
    public static PathElement key(Map<String, JsonNode> keys) {
        ObjectNode sorted = JSON.createObjectNode();
        new TreeMap<>(keys).forEach(sorted::set);
        return new PathElement(Kind.KEY, write(sorted), 0);
    }

    public static PathElement value(JsonNode value) {
        return new PathElement(Kind.VALUE, write(value), 0);
    }

    public static PathElement index(int index) {
        return new PathElement(Kind.INDEX, "", index);
    }

    /** Parses a fieldsV1 member name: {@code f:spec}, {@code k:{"name":"a"}}, {@code v:"x"}, {@code i:0}. */
    public static PathElement parse(String member) {
        if (member.length() < 2 || member.charAt(1) != ':') {
            throw new IllegalArgumentException("unknown path element " + member);
        }
        String rest = member.substring(2);
        return switch (member.charAt(0)) {
            case 'f' -> field(rest);
            case 'k' -> {
                JsonNode keys = read(rest);
                if (!keys.isObject()) {
                    throw new IllegalArgumentException("key path element must be a JSON object: " + member);
                }
                Map<String, JsonNode> map = new TreeMap<>();
                Iterator<Map.Entry<String, JsonNode>> it = keys.fields();
                it.forEachRemaining(e -> map.put(e.getKey(), e.getValue()));
                yield key(map);
            }
            case 'v' -> value(read(rest));
            case 'i' -> index(Integer.parseInt(rest));
            default -> throw new IllegalArgumentException("unknown path element " + member);
        };
    }

    /** The fieldsV1 member name. */
    public String member() {
        return switch (kind) {
            case FIELD -> "f:" + text;
            case KEY -> "k:" + text;
            case VALUE -> "v:" + text;
            case INDEX -> "i:" + index;
        };
    }

    /** As structured-merge-diff prints paths in conflict messages: {@code .spec}, {@code [name="nginx"]}, {@code [=x]}. */
    @Override
    public String toString() {
        return switch (kind) {
            case FIELD -> "." + text;
            case KEY -> {
                StringBuilder b = new StringBuilder("[");
                Iterator<Map.Entry<String, JsonNode>> it = read(text).fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> e = it.next();
                    b.append(e.getKey()).append('=').append(e.getValue().toString());
                    if (it.hasNext()) {
                        b.append(',');
                    }
                }
                yield b.append(']').toString();
            }
            case VALUE -> "[=" + text + "]";
            case INDEX -> "[" + index + "]";
        };
    }

    @Override
    public int compareTo(PathElement o) {
        int c = kind.compareTo(o.kind);
        if (c != 0) {
            return c;
        }
        c = text.compareTo(o.text);
        return c != 0 ? c : Integer.compare(index, o.index);
    }

    private static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("malformed path element " + json, e);
        }
    }
}
