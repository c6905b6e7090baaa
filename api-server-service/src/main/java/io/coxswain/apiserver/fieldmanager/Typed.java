package io.coxswain.apiserver.fieldmanager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The operations of server-side apply on JSON trees of a known {@link TypeRef}, after Kubernetes'
 * structured-merge-diff: the set of fields a value sets, the comparison of two values (fields added, modified,
 * removed), the merge of an applied configuration into a live object, and the removal of fields. Lists merge by their
 * declared semantics: atomic lists are replaced whole, sets by value, associative lists element by element by their
 * key fields. Pure functions; inputs are not modified.
 */
public final class Typed {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Typed() {
    }

    /** Thrown for a value that cannot be handled by its type, e.g. two list elements with the same key. */
    public static final class InvalidValueException extends RuntimeException {
        InvalidValueException(String message) {
            super(message);
        }
    }

    /** The fields added, modified and removed from one value to another. */
    public record Comparison(FieldSet added, FieldSet modified, FieldSet removed) {

        public FieldSet changed() {
            return added.union(modified);
        }

        public Comparison filter(java.util.function.UnaryOperator<FieldSet> f) {
            return new Comparison(f.apply(added), f.apply(modified), f.apply(removed));
        }
    }

    // ---- typed values ----

    /**
     * A configuration with its scalars in the form the object stores them, as Kubernetes reads a configuration into
     * typed values before it merges: {@code cpu: 1} is the quantity "1", {@code replicas: "3"} the number 3. Without
     * this, an unchanged value written another way would look changed (a conflict, a needless write).
     */
    public static JsonNode normalize(JsonNode value, TypeRef type) {
        if (value == null || value.isNull()) {
            return value;
        }
        if (value.isValueNode()) {
            if (type == TypeRef.TEXT && (value.isNumber() || value.isBoolean())) {
                return NODES.textNode(value.asText());
            }
            if (type == TypeRef.NUMBER && value.isTextual()) {
                try {
                    java.math.BigDecimal n = new java.math.BigDecimal(value.asText().trim());
                    if (n.scale() > 0 && n.stripTrailingZeros().scale() > 0) {
                        return NODES.numberNode(n.doubleValue()); // as Jackson reads a JSON number
                    }
                    long l = n.longValueExact();
                    return l == (int) l ? NODES.numberNode((int) l) : NODES.numberNode(l);
                } catch (NumberFormatException | ArithmeticException e) {
                    return value;
                }
            }
            if (type == TypeRef.BOOLEAN && value.isTextual()
                    && (value.asText().equals("true") || value.asText().equals("false"))) {
                return NODES.booleanNode(Boolean.parseBoolean(value.asText()));
            }
            return value;
        }
        if (value.isObject()) {
            ObjectNode out = NODES.objectNode();
            value.fields().forEachRemaining(e -> out.set(e.getKey(), normalize(e.getValue(), type.member(e.getKey()))));
            return out;
        }
        if (value.isArray()) {
            ArrayNode out = NODES.arrayNode();
            TypeRef element = type.shapeFor(value) == TypeRef.Shape.LIST || type.list() != null ? type.element()
                    : TypeRef.DEDUCED;
            value.forEach(item -> out.add(normalize(item, element)));
            return out;
        }
        return value;
    }

    // ---- the field set of a value ----

    /** The fields a value sets: its leaves, the elements of its non-atomic lists, and the keys of its maps. */
    public static FieldSet toFieldSet(JsonNode value, TypeRef type) {
        FieldSet set = FieldSet.empty();
        walkSet(new ArrayList<>(), value, type, set, false);
        return set;
    }

    /**
     * The fields an applied configuration sets; unlike {@link #toFieldSet}, two elements with the same key are an
     * error (which element would the applier own?).
     *
     * @throws InvalidValueException for duplicate keys
     */
    public static FieldSet toAppliedFieldSet(JsonNode config, TypeRef type) {
        FieldSet set = FieldSet.empty();
        walkSet(new ArrayList<>(), config, type, set, true);
        return set;
    }

    private static void walkSet(List<PathElement> path, JsonNode value, TypeRef type, FieldSet set, boolean strict) {
        TypeRef.Shape shape = type.shapeFor(value);
        if (value == null || value.isNull()) {
            insert(path, set);
            return;
        }
        switch (shape) {
            case STRUCT, MAP -> {
                if (!value.isObject()) {
                    insert(path, set);
                    return;
                }
                Iterator<Map.Entry<String, JsonNode>> it = value.fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> e = it.next();
                    path.add(PathElement.field(e.getKey()));
                    walkSet(path, e.getValue(), type.member(e.getKey()), set, strict);
                    // a key of a map, and an empty structure ({@code emptyDir: {}}), are owned themselves
                    if (!type.declares(e.getKey()) || (e.getValue().isObject() && e.getValue().isEmpty())) {
                        insert(path, set);
                    }
                    path.remove(path.size() - 1);
                }
            }
            case LIST -> {
                Map<PathElement, JsonNode> items;
                try {
                    items = value.isArray() && type.list().listType() != ListSemantics.ListType.ATOMIC
                            ? items((ArrayNode) value, type, strict) : null;
                } catch (InvalidValueException e) {
                    throw new InvalidValueException(FieldSet.toString(path) + ": " + e.getMessage());
                }
                if (items == null) {
                    insert(path, set);
                    return;
                }
                items.forEach((pe, item) -> {
                    path.add(pe);
                    walkSet(path, item, type.element(), set, strict);
                    set.insert(path);
                    path.remove(path.size() - 1);
                });
            }
            default -> insert(path, set);
        }
    }

    private static void insert(List<PathElement> path, FieldSet set) {
        if (!path.isEmpty()) {
            set.insert(path);
        }
    }

    /**
     * The elements of a set or associative list by their path elements, in order. Null when an element has no key
     * (the list is then handled as atomic). Duplicate keys are an error when {@code strict}, otherwise the first wins.
     */
    static Map<PathElement, JsonNode> items(ArrayNode list, TypeRef type, boolean strict) {
        List<Entry> entries = entries(list, type);
        if (entries == null) {
            return null;
        }
        Map<PathElement, JsonNode> items = new LinkedHashMap<>();
        for (Entry e : entries) {
            if (items.putIfAbsent(e.pe(), e.node()) != null && strict) {
                throw new InvalidValueException("duplicate entries for key " + e.pe());
            }
        }
        return items;
    }

    /** A list element with its path element. */
    private record Entry(PathElement pe, JsonNode node) {
    }

    /** Every element of a set or associative list with its path element, duplicates included; null without keys. */
    private static List<Entry> entries(ArrayNode list, TypeRef type) {
        List<Entry> entries = new ArrayList<>(list.size());
        for (JsonNode item : list) {
            PathElement pe = elementOf(type.list(), item);
            if (pe == null) {
                return null;
            }
            entries.add(new Entry(pe, item));
        }
        return entries;
    }

    private static PathElement elementOf(ListSemantics.ListInfo info, JsonNode item) {
        if (info.listType() == ListSemantics.ListType.SET) {
            return item.isContainerNode() ? null : PathElement.value(item);
        }
        if (!item.isObject()) {
            return null;
        }
        Map<String, JsonNode> keys = new LinkedHashMap<>();
        for (String k : info.mapKeys()) {
            JsonNode v = item.get(k);
            if (v == null || v.isNull()) {
                v = ListSemantics.keyDefault(k);
                if (v == null) {
                    return null;
                }
            }
            keys.put(k, v);
        }
        return PathElement.key(keys);
    }

    // ---- comparison ----

    public static Comparison compare(JsonNode lhs, JsonNode rhs, TypeRef type) {
        Comparison c = new Comparison(FieldSet.empty(), FieldSet.empty(), FieldSet.empty());
        compare(new ArrayList<>(), absentIfMissing(lhs), absentIfMissing(rhs), type, c);
        return c;
    }

    /** @return whether the comparison treated this value as a leaf */
    private static boolean compare(List<PathElement> path, JsonNode lhs, JsonNode rhs, TypeRef type, Comparison c) {
        JsonNode probe = rhs != null ? rhs : lhs;
        TypeRef.Shape shape = type.shapeFor(probe);
        boolean leaf;
        if (lhs != null && rhs != null && (lhs.getNodeType() != rhs.getNodeType() && !(lhs.isNumber() && rhs.isNumber()))) {
            leaf = true; // different kinds of value: a change of the whole
        } else {
            leaf = switch (shape) {
                case STRUCT, MAP -> !(probe != null && probe.isObject()) || (emptyObject(lhs) && emptyObject(rhs))
                        || compareMembers(path, lhs, rhs, type, c);
                case LIST -> compareList(path, lhs, rhs, type, c);
                default -> true;
            };
        }
        if (leaf) {
            if (path.isEmpty()) {
                return true;
            }
            if (lhs == null) {
                c.added().insert(path);
            } else if (rhs == null) {
                c.removed().insert(path);
            } else if (!equal(lhs, rhs)) {
                c.modified().insert(path);
            }
            return true;
        }
        if (!path.isEmpty()) {
            if (lhs == null) {
                c.added().insert(path);
            } else if (rhs == null) {
                c.removed().insert(path);
            }
        }
        return false;
    }

    private static boolean compareMembers(List<PathElement> path, JsonNode lhs, JsonNode rhs, TypeRef type, Comparison c) {
        if (lhs == null || rhs == null || lhs.isEmpty() || rhs.isEmpty()) {
            // one side only (a create, a deleted or a new structure): no pairing needed
            boolean left = rhs == null || rhs.isEmpty();
            JsonNode side = left ? lhs : rhs;
            side.fields().forEachRemaining(e -> {
                path.add(PathElement.field(e.getKey()));
                compare(path, left ? e.getValue() : null, left ? null : e.getValue(), type.member(e.getKey()), c);
                path.remove(path.size() - 1);
            });
            return false;
        }
        Map<String, JsonNode[]> zipped = new LinkedHashMap<>();
        if (lhs != null) {
            lhs.fields().forEachRemaining(e -> zipped.computeIfAbsent(e.getKey(), k -> new JsonNode[2])[0] = e.getValue());
        }
        if (rhs != null) {
            rhs.fields().forEachRemaining(e -> zipped.computeIfAbsent(e.getKey(), k -> new JsonNode[2])[1] = e.getValue());
        }
        zipped.forEach((name, pair) -> {
            path.add(PathElement.field(name));
            compare(path, pair[0], pair[1], type.member(name), c);
            path.remove(path.size() - 1);
        });
        return false;
    }

    private static boolean compareList(List<PathElement> path, JsonNode lhs, JsonNode rhs, TypeRef type, Comparison c) {
        if (type.list().listType() == ListSemantics.ListType.ATOMIC || (emptyArray(lhs) && emptyArray(rhs))) {
            return true;
        }
        if ((lhs != null && !lhs.isArray()) || (rhs != null && !rhs.isArray())) {
            return true;
        }
        Map<PathElement, JsonNode> left = lhs == null ? Map.of() : items((ArrayNode) lhs, type, false);
        Map<PathElement, JsonNode> right = rhs == null ? Map.of() : items((ArrayNode) rhs, type, false);
        if (left == null || right == null) {
            return true;
        }
        right.forEach((pe, r) -> {
            path.add(pe);
            compare(path, left.get(pe), r, type.element(), c);
            path.remove(path.size() - 1);
        });
        left.forEach((pe, l) -> {
            if (!right.containsKey(pe)) {
                path.add(pe);
                compare(path, l, null, type.element(), c);
                path.remove(path.size() - 1);
            }
        });
        return false;
    }

    // ---- merge ----

    /**
     * Merges an applied configuration into a live value: the configuration's leaves win, structures and maps merge
     * member by member, sets and associative lists element by element (live elements first, in their order, then
     * new ones in the configuration's order), and atomic values are replaced.
     *
     * @throws InvalidValueException when the configuration has two elements with the same key
     */
    public static JsonNode merge(JsonNode lhs, JsonNode rhs, TypeRef type) {
        return mergeValue(absentIfMissing(lhs), absentIfMissing(rhs), type);
    }

    private static JsonNode mergeValue(JsonNode lhs, JsonNode rhs, TypeRef type) {
        if (lhs == null) {
            return rhs == null ? null : rhs.deepCopy();
        }
        if (rhs == null) {
            return lhs.deepCopy();
        }
        TypeRef.Shape shape = type.shapeFor(rhs.isNull() ? lhs : rhs);
        boolean granular = shape == TypeRef.Shape.STRUCT || shape == TypeRef.Shape.MAP
                || (shape == TypeRef.Shape.LIST && type.list().listType() != ListSemantics.ListType.ATOMIC);
        if (granular && rhs.isNull() && lhs.isContainerNode() && !lhs.isEmpty()) {
            return lhs.deepCopy(); // null in a configuration says nothing of the items: they stay
        }
        if ((shape == TypeRef.Shape.STRUCT || shape == TypeRef.Shape.MAP) && lhs.isObject() && rhs.isObject()) {
            ObjectNode out = NODES.objectNode();
            lhs.fields().forEachRemaining(e -> out.set(e.getKey(),
                    mergeValue(e.getValue(), rhs.get(e.getKey()), type.member(e.getKey()))));
            rhs.fields().forEachRemaining(e -> {
                if (!lhs.has(e.getKey())) {
                    out.set(e.getKey(), mergeValue(null, e.getValue(), type.member(e.getKey())));
                }
            });
            return out;
        }
        if (shape == TypeRef.Shape.LIST && lhs.isArray() && rhs.isArray()
                && type.list().listType() != ListSemantics.ListType.ATOMIC) {
            Map<PathElement, JsonNode> right = items((ArrayNode) rhs, type, true);
            List<Entry> left = entries((ArrayNode) lhs, type);
            if (right != null && left != null) {
                return mergeList(left, right, type);
            }
        }
        return rhs.deepCopy();
    }

    /**
     * The merged list, ordered as structured-merge-diff orders it: elements the configuration names come in its
     * order, live elements it does not name keep their place among them, new ones go where the configuration puts
     * them. A key the live list holds more than once is replaced by the configuration's element when the
     * configuration names it, and otherwise kept as it is.
     */
    private static ArrayNode mergeList(List<Entry> left, Map<PathElement, JsonNode> right, TypeRef type) {
        Map<PathElement, Integer> leftCount = new java.util.HashMap<>();
        Map<PathElement, JsonNode> leftFirst = new LinkedHashMap<>();
        for (Entry e : left) {
            leftCount.merge(e.pe(), 1, Integer::sum);
            leftFirst.putIfAbsent(e.pe(), e.node());
        }
        List<PathElement> rightOrder = new ArrayList<>(right.keySet());
        java.util.Set<PathElement> emitted = new java.util.HashSet<>();
        ArrayNode out = NODES.arrayNode();
        java.util.function.Consumer<PathElement> emitRight = pe -> {
            JsonNode live = leftCount.getOrDefault(pe, 0) == 1 ? leftFirst.get(pe) : null;
            out.add(mergeValue(live, right.get(pe), type.element()));
            emitted.add(pe);
        };
        int li = 0;
        int ri = 0;
        while (li < left.size() || ri < rightOrder.size()) {
            if (li < left.size() && emitted.contains(left.get(li).pe())) {
                li++;
                continue;
            }
            if (li < left.size() && ri < rightOrder.size()) {
                Entry l = left.get(li);
                PathElement r = rightOrder.get(ri);
                if (l.pe().equals(r)) {
                    emitRight.accept(r);
                    li++;
                    ri++;
                } else if (right.containsKey(l.pe())) {
                    emitRight.accept(r); // l comes later in the configuration's order
                    ri++;
                } else {
                    out.add(l.node().deepCopy()); // not in the configuration: stays where it is
                    li++;
                }
            } else if (li < left.size()) {
                out.add(left.get(li++).node().deepCopy());
            } else {
                emitRight.accept(rightOrder.get(ri++));
            }
        }
        return out;
    }

    // ---- removal ----

    /**
     * Removes from a value the fields in {@code remove}, except those with fields of {@code keep} at or below them,
     * which stay (their other fields in {@code remove} are still removed).
     */
    public static JsonNode removeItems(JsonNode value, TypeRef type, FieldSet remove, FieldSet keep) {
        if (value == null || remove.isEmpty()) {
            return value;
        }
        TypeRef.Shape shape = type.shapeFor(value);
        if ((shape == TypeRef.Shape.STRUCT || shape == TypeRef.Shape.MAP) && value.isObject()) {
            ObjectNode out = NODES.objectNode();
            value.fields().forEachRemaining(e -> {
                PathElement pe = PathElement.field(e.getKey());
                FieldSet r = remove.child(pe);
                FieldSet k = keep.child(pe);
                if (r.isMember() && k.isEmpty()) {
                    return;
                }
                out.set(e.getKey(), removeItems(e.getValue(), type.member(e.getKey()), r, k));
            });
            return out;
        }
        if (shape == TypeRef.Shape.LIST && value.isArray() && type.list().listType() != ListSemantics.ListType.ATOMIC) {
            List<Entry> items = entries((ArrayNode) value, type);
            if (items == null) {
                return value;
            }
            ArrayNode out = NODES.arrayNode();
            for (Entry item : items) {
                FieldSet r = remove.child(item.pe());
                FieldSet k = keep.child(item.pe());
                if (r.isMember() && k.isEmpty()) {
                    continue;
                }
                out.add(removeItems(item.node(), type.element(), r, k));
            }
            return out;
        }
        return value;
    }

    // ---- helpers ----

    private static JsonNode absentIfMissing(JsonNode node) {
        return node == null || node.isMissingNode() ? null : node;
    }

    private static boolean emptyObject(JsonNode node) {
        return node == null || node.isNull() || (node.isObject() && node.isEmpty());
    }

    private static boolean emptyArray(JsonNode node) {
        return node == null || node.isNull() || (node.isArray() && node.isEmpty());
    }

    /** JSON equality in which 1, 1L and 1.0 are the same number. */
    static boolean equal(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        if (a.isObject() && b.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            Iterator<Map.Entry<String, JsonNode>> it = a.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode other = b.get(e.getKey());
                if (other == null || !equal(e.getValue(), other)) {
                    return false;
                }
            }
            return true;
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!equal(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }
}
