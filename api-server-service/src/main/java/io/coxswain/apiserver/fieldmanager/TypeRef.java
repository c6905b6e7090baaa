package io.coxswain.apiserver.fieldmanager;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The type of a value in an object, as far as merging and field ownership need it: a scalar, a structure with
 * declared fields, a map, a list (atomic, set or associative), a value replaced whole, or JSON of no declared shape.
 * Derived from the fabric8 model classes and {@link ListSemantics}.
 */
public final class TypeRef {

    public enum Shape { SCALAR, STRUCT, MAP, LIST, ATOMIC, DEDUCED }

    private static final Map<Class<?>, TypeRef> STRUCTS = new ConcurrentHashMap<>();
    public static final TypeRef SCALAR = new TypeRef(Shape.SCALAR, null, null, null);
    /** A scalar held as a string (strings, enums, quantities): a number or boolean given for it means its text. */
    public static final TypeRef TEXT = new TypeRef(Shape.SCALAR, null, null, null);
    /** A number: a numeric string given for it means the number. */
    public static final TypeRef NUMBER = new TypeRef(Shape.SCALAR, null, null, null);
    /** A boolean: "true" or "false" given for it means the boolean. */
    public static final TypeRef BOOLEAN = new TypeRef(Shape.SCALAR, null, null, null);
    public static final TypeRef ATOMIC = new TypeRef(Shape.ATOMIC, null, null, null);
    public static final TypeRef DEDUCED = new TypeRef(Shape.DEDUCED, null, null, null);

    private final Shape shape;
    private final Class<?> struct;
    private final TypeRef element;
    private final ListSemantics.ListInfo list;
    private final Map<String, TypeRef> fields = new ConcurrentHashMap<>();

    private TypeRef(Shape shape, Class<?> struct, TypeRef element, ListSemantics.ListInfo list) {
        this.shape = shape;
        this.struct = struct;
        this.element = element;
        this.list = list;
    }

    /** The type of a kind's objects, e.g. {@code Pod.class}. */
    public static TypeRef of(Class<?> kind) {
        return ofType(kind, null, null);
    }

    private static TypeRef ofType(Type type, Class<?> owner, String field) {
        if (type instanceof ParameterizedType pt) {
            Class<?> raw = (Class<?>) pt.getRawType();
            Type[] args = pt.getActualTypeArguments();
            if (List.class.isAssignableFrom(raw)) {
                ListSemantics.ListInfo info = owner == null ? ListSemantics.of(Object.class, "")
                        : ListSemantics.of(owner, field);
                return new TypeRef(Shape.LIST, null, ofType(args[0], null, null), info);
            }
            if (Map.class.isAssignableFrom(raw)) {
                boolean atomic = owner != null && ListSemantics.atomicMap(owner, field);
                return new TypeRef(atomic ? Shape.ATOMIC : Shape.MAP, null, ofType(args[1], null, null), null);
            }
            return DEDUCED;
        }
        if (!(type instanceof Class<?> c)) {
            return DEDUCED;
        }
        if (c == Quantity.class || c == String.class || c.isEnum()) {
            return TEXT;
        }
        if (c == Integer.class || c == int.class || c == Long.class || c == long.class || c == Double.class
                || c == double.class || c == Float.class || c == float.class) {
            return NUMBER;
        }
        if (c == Boolean.class || c == boolean.class) {
            return BOOLEAN;
        }
        if (c == IntOrString.class || c.isPrimitive() || Number.class.isAssignableFrom(c)) {
            return SCALAR;
        }
        if (ModelProperties.isModel(c) && !ModelProperties.of(c).isEmpty()) {
            // an atomic structure merges as one value, but still has its declared fields
            Shape shape = ListSemantics.atomicStruct(c) ? Shape.ATOMIC : Shape.STRUCT;
            return STRUCTS.computeIfAbsent(c, k -> new TypeRef(shape, k, null, null));
        }
        return DEDUCED;
    }

    /** The shape of this type for a given value; JSON of no declared shape merges as maps of maps, lists atomic. */
    public Shape shapeFor(JsonNode value) {
        if (shape != Shape.DEDUCED) {
            return shape;
        }
        if (value != null && value.isObject()) {
            return Shape.MAP;
        }
        return value != null && value.isArray() ? Shape.ATOMIC : Shape.SCALAR;
    }

    /** Whether {@code name} is a declared field (as opposed to a key of a map). */
    public boolean declares(String name) {
        return struct != null && ModelProperties.of(struct).containsKey(name);
    }

    /** The model class of a structure (atomic or not), or null for other types. */
    public Class<?> struct() {
        return struct;
    }

    /** The type of a member of a structure or map. */
    public TypeRef member(String name) {
        if (struct != null) {
            return fields.computeIfAbsent(name, n -> {
                Type t = ModelProperties.of(struct).get(n);
                return t == null ? DEDUCED : ofType(t, struct, n);
            });
        }
        return element != null ? element : DEDUCED; // a map's values (atomic maps too)
    }

    public TypeRef element() {
        return element == null ? DEDUCED : element;
    }

    public ListSemantics.ListInfo list() {
        return list;
    }

    @Override
    public String toString() {
        return shape + (struct == null ? "" : "(" + struct.getSimpleName() + ")");
    }
}
