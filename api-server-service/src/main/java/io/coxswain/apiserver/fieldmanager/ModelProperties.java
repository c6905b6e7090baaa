package io.coxswain.apiserver.fieldmanager;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.lang.reflect.Field;
import java.lang.reflect.Type;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JSON properties of a fabric8 model class and their declared Java types, read from its {@code @JsonProperty}
 * fields (subclass first). The structure both the OpenAPI schemas and the field manager's type information derive
 * from.
 */
public final class ModelProperties {

    private static final Map<Class<?>, Map<String, Type>> CACHE = new ConcurrentHashMap<>();

    private ModelProperties() {
    }

    public static Map<String, Type> of(Class<?> type) {
        return CACHE.computeIfAbsent(type, ModelProperties::read);
    }

    private static Map<String, Type> read(Class<?> type) {
        Map<String, Type> props = new LinkedHashMap<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                JsonProperty p = f.getAnnotation(JsonProperty.class);
                if (p == null || f.isAnnotationPresent(JsonIgnore.class) || props.containsKey(p.value())) {
                    continue;
                }
                props.put(p.value(), f.getGenericType());
            }
        }
        return Collections.unmodifiableMap(props);
    }

    /** Whether a class is a fabric8 model structure (as opposed to a scalar, a collection or free-form JSON). */
    public static boolean isModel(Class<?> c) {
        return c.getName().startsWith("io.fabric8.kubernetes.api.model.") && !c.isInterface() && !c.isEnum();
    }
}
