package io.coxswain.apiserver.rest;

import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Finds the fields of a decoded request body that the kind does not have. fabric8's model classes keep such
 * fields in {@code additionalProperties}; this walks the object, reports each with its JSON path (for
 * {@code fieldValidation=Strict|Warn}) and drops them, as Kubernetes drops unknown fields before storing.
 */
final class UnknownFields {

    private static final String MODEL_PACKAGE = "io.fabric8.kubernetes.api.model";

    /** The getters of each model class, found once per class. */
    private static final ClassValue<List<Method>> GETTERS = new ClassValue<>() {
        @Override
        protected List<Method> computeValue(Class<?> type) {
            List<Method> getters = new ArrayList<>();
            for (Method m : type.getMethods()) {
                if (m.getParameterCount() == 0 && m.getName().startsWith("get") && m.getDeclaringClass() != Object.class) {
                    getters.add(m);
                }
            }
            return List.copyOf(getters);
        }
    };

    private UnknownFields() {
    }

    /** @return the paths of unknown fields, e.g. {@code spec.containers[0].foo}; the object no longer holds them */
    static List<String> findAndDrop(Object root) {
        List<String> found = new ArrayList<>();
        walk(root, "", found, 0);
        return found;
    }

    private static void walk(Object node, String path, List<String> found, int depth) {
        if (node == null || depth > 64) {
            return;
        }
        if (node instanceof Collection<?> list) {
            int i = 0;
            for (Object item : list) {
                walk(item, path + "[" + i++ + "]", found, depth + 1);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                walk(e.getValue(), path + "[" + e.getKey() + "]", found, depth + 1);
            }
            return;
        }
        Class<?> type = node.getClass();
        if (!type.getName().startsWith(MODEL_PACKAGE) || node instanceof Quantity || node instanceof IntOrString
                || node instanceof FieldsV1) { // fieldsV1 is free-form by design
            return;
        }
        for (Method m : GETTERS.get(type)) {
            Object value;
            try {
                value = m.invoke(node);
            } catch (ReflectiveOperationException e) {
                continue;
            }
            if (m.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    for (Object key : extra.keySet()) {
                        found.add(path.isEmpty() ? String.valueOf(key) : path + "." + key);
                    }
                    extra.clear();
                }
                continue;
            }
            String field = fieldName(m.getName());
            walk(value, path.isEmpty() ? field : path + "." + field, found, depth + 1);
        }
    }

    private static String fieldName(String getter) {
        String name = getter.substring(3);
        return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }
}
