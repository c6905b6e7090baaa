package io.coxswain.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;
import io.coxswain.apiserver.api.ApiException;
import io.coxswain.apiserver.resource.ResourceType;
import io.coxswain.apiserver.storage.KeyValue;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.io.IOException;

/**
 * Turns stored bytes into fabric8 model objects and back, with the Jackson 2 mapper that fabric8's models are
 * annotated for. The stored form carries no resourceVersion: it is etcd's mod revision, set on every decode.
 * Thread-safe.
 */
public final class ObjectCodec {

    private final KubernetesSerialization serialization;
    private final ObjectMapper mapper;

    public ObjectCodec() {
        this.mapper = new ObjectMapper();
        // configures the mapper for the Kubernetes model (modules, unknown-field handling, null omission)
        this.serialization = new KubernetesSerialization(mapper, true);
        // reads and writes bean properties through generated lambdas rather than reflection: every request and
        // every write encodes and decodes whole objects, and reflective getter calls were the largest single cost
        mapper.registerModule(new BlackbirdModule());
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    public KubernetesSerialization serialization() {
        return serialization;
    }

    /** The bytes to store: the object with kind and apiVersion set and without resourceVersion. */
    public byte[] encodeForStorage(ResourceType type, HasMetadata object) {
        String rv = object.getMetadata().getResourceVersion();
        object.getMetadata().setResourceVersion(null);
        try {
            object.setApiVersion(type.apiVersion());
            setKind(object, type.kind());
            return mapper.writeValueAsBytes(object);
        } catch (IOException e) {
            throw ApiException.internal("cannot encode " + type.kind() + ": " + e.getMessage());
        } finally {
            object.getMetadata().setResourceVersion(rv);
        }
    }

    public <T extends HasMetadata> T decode(ResourceType type, KeyValue kv) {
        try {
            @SuppressWarnings("unchecked")
            T object = (T) mapper.readValue(kv.value(), type.type());
            object.getMetadata().setResourceVersion(Long.toString(kv.modRevision()));
            return object;
        } catch (IOException e) {
            throw ApiException.internal("stored object " + kv.key() + " cannot be decoded: " + e.getMessage());
        }
    }

    public byte[] toJson(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (IOException e) {
            throw ApiException.internal("cannot encode response: " + e.getMessage());
        }
    }

    public JsonNode toTree(Object value) {
        return mapper.valueToTree(value);
    }

    public <T> T fromTree(JsonNode tree, Class<T> type) {
        try {
            return mapper.treeToValue(tree, type);
        } catch (IOException | IllegalArgumentException e) {
            throw ApiException.badRequest("the object cannot be decoded: " + e.getMessage());
        }
    }

    /** A deep copy, so that cached objects are never mutated. */
    @SuppressWarnings("unchecked")
    public <T extends HasMetadata> T copy(T object) {
        try {
            return (T) mapper.readValue(mapper.writeValueAsBytes(object), object.getClass());
        } catch (IOException e) {
            throw ApiException.internal("cannot copy object: " + e.getMessage());
        }
    }

    /** Whether two objects' {@code spec} trees differ (drives metadata.generation). */
    public boolean specChanged(HasMetadata a, HasMetadata b) {
        return specsDiffer(mapper.valueToTree(a), mapper.valueToTree(b));
    }

    /** Whether two object trees' {@code spec} differ, for a caller that has the trees already. */
    public static boolean specsDiffer(JsonNode a, JsonNode b) {
        JsonNode sa = a instanceof ObjectNode oa ? oa.get("spec") : null;
        JsonNode sb = b instanceof ObjectNode ob ? ob.get("spec") : null;
        return sa == null ? sb != null : !sa.equals(sb);
    }

    private static void setKind(HasMetadata object, String kind) {
        try {
            object.getClass().getMethod("setKind", String.class).invoke(object, kind);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(object.getClass() + " has no setKind", e);
        }
    }
}
