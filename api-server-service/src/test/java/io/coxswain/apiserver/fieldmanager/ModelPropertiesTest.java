package io.coxswain.apiserver.fieldmanager;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.coxswain.apiserver.registry.ObjectCodec;
import io.coxswain.apiserver.resource.ResourceTypes;
import org.junit.jupiter.api.Test;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * The declared properties the schemas, the field manager and the unknown-field check rely on are exactly the ones
 * Jackson binds, for every model class reachable from the served kinds: a property missing here would be reported
 * as unknown (and dropped) under fieldValidation, one too many would hide an unknown field.
 */
class ModelPropertiesTest {

    private static final ObjectMapper MAPPER = new ObjectCodec().mapper();

    @Test
    void declaredPropertiesAreWhatJacksonBindsForEveryReachableModelClass() {
        Set<Class<?>> seen = new LinkedHashSet<>();
        Deque<Class<?>> todo = new ArrayDeque<>();
        ResourceTypes.ALL.forEach(t -> todo.add(t.type()));
        while (!todo.isEmpty()) {
            Class<?> c = todo.poll();
            if (!seen.add(c)) {
                continue;
            }
            ModelProperties.of(c).values().forEach(t -> models(t, todo));
        }
        assertThat(seen).hasSizeGreaterThan(100);
        for (Class<?> c : seen) {
            JavaType type = MAPPER.constructType(c);
            Set<String> bound = new TreeSet<>();
            for (BeanPropertyDefinition p : MAPPER.getDeserializationConfig().introspect(type).findProperties()) {
                if (p.hasSetter() || p.hasField() || p.hasConstructorParameter()) {
                    bound.add(p.getName());
                }
            }
            bound.remove("additionalProperties");
            assertThat(new TreeSet<>(ModelProperties.of(c).keySet())).as(c.getName()).isEqualTo(bound);
        }
    }

    private static void models(Type t, Deque<Class<?>> todo) {
        if (t instanceof ParameterizedType pt) {
            for (Type arg : pt.getActualTypeArguments()) {
                models(arg, todo);
            }
        } else if (t instanceof Class<?> c && ModelProperties.isModel(c) && !ModelProperties.of(c).isEmpty()) {
            todo.add(c);
        }
    }
}
