package io.coxswain.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.apiserver.api.ApiException;
import io.coxswain.apiserver.fieldmanager.ListSemantics;
import io.coxswain.apiserver.fieldmanager.ModelProperties;
import io.coxswain.apiserver.registry.ObjectCodec;
import io.coxswain.apiserver.resource.ResourceType;
import io.coxswain.apiserver.resource.ResourceTypes;
import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ListMeta;
import io.fabric8.kubernetes.api.model.Quantity;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * OpenAPI v3 discovery ({@code /openapi/v3}) and one document per group-version. Each document declares, per kind,
 * the operations with {@code x-kubernetes-group-version-kind} and the {@code fieldValidation} parameter, which is what
 * tells kubectl that the server validates fields itself (so {@code kubectl create -f} and {@code apply} work under
 * their default {@code --validate=strict}). The operations reach the kinds' schemas in {@code components.schemas}
 * through {@code $ref} ({@link Schemas}), which is what {@code kubectl explain} reads. PATCH operations do not
 * advertise strategic merge patch, so kubectl's client-side apply computes its patches from the merge keys compiled
 * into kubectl rather than from these schemas; the schemas still carry Kubernetes' list extensions
 * ({@code x-kubernetes-list-type}, {@code -list-map-keys}, {@code -patch-merge-key}, {@code -patch-strategy}), from the
 * table the server-side apply merge uses ({@link ListSemantics}). Documents are content-addressed: ETag, 304 and immutable caching.
 * {@code /openapi/v2} is 404: kubectl asks for it only as protobuf and falls back to v3.
 */
@RestController
class OpenApi {

    /**
     * Descriptions and required fields of the Kubernetes types, by schema name, taken from the npm package
     * kubernetes-types 1.30.0 (generated from Kubernetes' OpenAPI document; Apache-2.0) by
     * {@code openapi/extract-descriptions.py}. The fabric8 classes that give the structure carry neither.
     */
    private static final String DESCRIPTIONS = "/openapi/kubernetes-descriptions.json";

    private final Map<String, byte[]> documents = new LinkedHashMap<>();
    private final Map<String, String> hashes = new LinkedHashMap<>();
    private final byte[] root;

    OpenApi(ObjectCodec codec) throws IOException {
        ObjectMapper mapper = codec.mapper();
        JsonNode descriptions;
        try (var in = OpenApi.class.getResourceAsStream(DESCRIPTIONS)) {
            if (in == null) {
                throw new IllegalStateException(DESCRIPTIONS + " is missing from the classpath");
            }
            descriptions = mapper.readTree(in);
        }
        ObjectNode rootDoc = mapper.createObjectNode();
        ObjectNode paths = rootDoc.putObject("paths");
        for (Map.Entry<String, List<String>> gv : ResourceTypes.groupVersions().entrySet()) {
            for (String version : gv.getValue()) {
                String key = gv.getKey().isEmpty() ? "api/" + version : "apis/" + gv.getKey() + "/" + version;
                byte[] doc = mapper.writeValueAsBytes(document(mapper, descriptions, gv.getKey(), version));
                String hash = sha512(doc);
                documents.put(key, doc);
                hashes.put(key, hash);
                paths.putObject(key).put("serverRelativeURL", "/openapi/v3/" + key + "?hash=" + hash);
            }
        }
        root = mapper.writeValueAsBytes(rootDoc);
    }

    @GetMapping("/openapi/v3")
    void root(HttpServletRequest request, HttpServletResponse response) throws IOException {
        serve(request, response, root, sha512(root), false);
    }

    @GetMapping({"/openapi/v3/api/{version}", "/openapi/v3/apis/{group}/{version}"})
    void groupVersion(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String key = request.getRequestURI().substring("/openapi/v3/".length());
        byte[] doc = documents.get(key);
        if (doc == null) {
            throw ApiException.pathNotFound();
        }
        serve(request, response, doc, hashes.get(key), request.getParameter("hash") != null);
    }

    @RequestMapping("/openapi/v2")
    void v2() {
        throw ApiException.pathNotFound();
    }

    private static void serve(HttpServletRequest request, HttpServletResponse response, byte[] body, String hash,
                              boolean immutable) throws IOException {
        String etag = "\"" + hash + "\"";
        response.setHeader("ETag", etag);
        response.setHeader("Cache-Control", immutable ? "public, immutable" : "no-cache, private");
        String ifNoneMatch = request.getHeader("If-None-Match");
        if (etag.equals(ifNoneMatch)) {
            response.setStatus(304);
            return;
        }
        Responses.write(response, 200, "application/json", body);
    }

    private static ObjectNode document(ObjectMapper mapper, JsonNode descriptions, String group, String version) {
        ObjectNode doc = mapper.createObjectNode();
        doc.put("openapi", "3.0.0");
        ObjectNode info = doc.putObject("info");
        info.put("title", "Coxswain");
        info.put("version", group.isEmpty() ? version : group + "/" + version);
        ObjectNode paths = doc.putObject("paths");
        Schemas schemas = new Schemas(mapper, descriptions);
        for (ResourceType t : ResourceTypes.inGroupVersion(group, version)) {
            String ref = schemas.kind(t);
            String listRef = schemas.list(t, ref);
            String base = t.groupVersionPath() + (t.namespaced() ? "/namespaces/{namespace}/" : "/") + t.plural();
            ObjectNode item = paths.putObject(base + "/{name}");
            for (String method : List.of("get", "put", "patch", "delete")) {
                ObjectNode op = item.putObject(method);
                op.put("operationId", method + t.kind());
                ObjectNode gvk = op.putObject("x-kubernetes-group-version-kind");
                gvk.put("group", t.group());
                gvk.put("version", t.version());
                gvk.put("kind", t.kind());
                ArrayNode params = op.putArray("parameters");
                if (!method.equals("get") && !method.equals("delete")) {
                    fieldValidation(params.addObject());
                }
                if (method.equals("put")) {
                    jsonBody(op.putObject("requestBody"), ref);
                }
                if (method.equals("patch")) {
                    // Deliberately no application/strategic-merge-patch+json here: kubectl would then compute its
                    // apply patches from these schemas, which carry no x-kubernetes-patch-merge-key, so lists would be
                    // replaced whole. Without it kubectl uses the merge keys compiled into it (its Go struct tags).
                    ObjectNode content = op.putObject("requestBody").putObject("content");
                    for (String type : List.of(Patches.JSON_PATCH, Patches.MERGE_PATCH)) {
                        content.putObject(type).putObject("schema").put("type", "object");
                    }
                }
                jsonBody(op.putObject("responses").putObject("200"), ref);
            }
            ObjectNode collection = paths.putObject(base);
            ObjectNode list = collection.putObject("get");
            list.put("operationId", "list" + t.kind());
            gvk(list, t);
            jsonBody(list.putObject("responses").putObject("200"), listRef);
            ObjectNode post = collection.putObject("post");
            post.put("operationId", "create" + t.kind());
            gvk(post, t);
            fieldValidation(post.putArray("parameters").addObject());
            jsonBody(post.putObject("requestBody"), ref);
            jsonBody(post.putObject("responses").putObject("201"), ref);
        }
        doc.putObject("components").set("schemas", schemas.all());
        return doc;
    }

    private static void gvk(ObjectNode op, ResourceType t) {
        ObjectNode gvk = op.putObject("x-kubernetes-group-version-kind");
        gvk.put("group", t.group());
        gvk.put("version", t.version());
        gvk.put("kind", t.kind());
    }

    private static void fieldValidation(ObjectNode p) {
        p.put("name", "fieldValidation");
        p.put("in", "query");
        p.put("description", "How the server treats unknown or duplicate fields: Ignore, Warn or Strict.");
        p.putObject("schema").put("type", "string");
    }

    private static void jsonBody(ObjectNode holder, String ref) {
        holder.putObject("content").putObject("application/json").putObject("schema").put("$ref", ref);
    }

    /**
     * OpenAPI schemas of the served kinds and everything they reference, read from the fabric8 model classes (which
     * match the Kubernetes JSON field for field): each {@code @JsonProperty} field becomes a property, lists become
     * arrays, maps objects with {@code additionalProperties}, nested model classes {@code $ref}s. Kubernetes' special
     * types get their Kubernetes schemas: Quantity and Time are strings, IntOrString carries
     * {@code x-kubernetes-int-or-string}. Schema names follow Kubernetes' ({@code io.k8s.api.core.v1.PodSpec}).
     * Descriptions and required fields come from {@link #DESCRIPTIONS}, as the fabric8 classes carry neither; fields
     * added to Kubernetes after 1.30 have no description.
     */
    static final class Schemas {

        private static final String PREFIX = "#/components/schemas/";
        private static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.";
        /** fabric8 puts the apimachinery meta types beside core/v1; Kubernetes names them under meta/v1. */
        private static final Set<String> META_TYPES = Set.of("ObjectMeta", "ListMeta",
                "LabelSelector", "LabelSelectorRequirement", "OwnerReference", "ManagedFieldsEntry", "FieldsV1",
                "Status", "StatusDetails", "StatusCause", "Condition", "DeleteOptions", "Preconditions");
        /** String fields that hold a metav1.Time or metav1.MicroTime. */
        private static final Set<String> MICRO_TIMES = Set.of("eventTime", "acquireTime",
                "renewTime", "lastObservedTime");
        private static final Set<String> TIMES = Set.of("creationTimestamp", "deletionTimestamp",
                "firstTimestamp", "lastTimestamp", "lastTransitionTime", "lastProbeTime", "lastHeartbeatTime",
                "lastUpdateTime", "startTime", "startedAt", "finishedAt", "time");

        private final ObjectMapper mapper;
        private final JsonNode descriptions;
        private final ObjectNode all;

        Schemas(ObjectMapper mapper, JsonNode descriptions) {
            this.mapper = mapper;
            this.descriptions = descriptions;
            this.all = mapper.createObjectNode();
        }

        ObjectNode all() {
            return all;
        }

        /** The kind's schema, tagged with its group-version-kind as Kubernetes tags it; returns its $ref. */
        String kind(ResourceType t) {
            String ref = ref(t.type());
            ObjectNode schema = (ObjectNode) all.get(ref.substring(PREFIX.length()));
            gvkList(schema, t.group(), t.version(), t.kind());
            return ref;
        }

        String list(ResourceType t, String itemRef) {
            String name = name(t.listType());
            ObjectNode schema = all.putObject(name);
            schema.put("type", "object");
            schema.putArray("required").add("items");
            ObjectNode props = schema.putObject("properties");
            props.putObject("apiVersion").put("type", "string");
            props.putObject("kind").put("type", "string");
            props.putObject("metadata").putArray("allOf").addObject().put("$ref", ref(ListMeta.class));
            ObjectNode items = props.putObject("items");
            items.put("type", "array");
            items.putObject("items").put("$ref", itemRef);
            gvkList(schema, t.group(), t.version(), t.kind() + "List");
            describe(name, schema);
            return PREFIX + name;
        }

        /** Adds the Kubernetes description, required fields and field descriptions known for this schema name. */
        private void describe(String name, ObjectNode schema) {
            JsonNode known = descriptions.path(name);
            if (known.isMissingNode()) {
                return;
            }
            if (!known.path("description").asText().isEmpty()) {
                schema.put("description", known.path("description").asText());
            }
            JsonNode props = schema.path("properties");
            ArrayNode required = mapper.createArrayNode();
            known.path("required").forEach(r -> {
                if (props.has(r.asText())) {
                    required.add(r.asText());
                }
            });
            if (!required.isEmpty()) {
                schema.set("required", required);
            }
            known.path("properties").fields().forEachRemaining(e -> {
                if (props.get(e.getKey()) instanceof ObjectNode property) {
                    property.put("description", e.getValue().asText());
                }
            });
        }

        private static void gvkList(ObjectNode schema, String group, String version, String kind) {
            ObjectNode gvk = schema.putArray("x-kubernetes-group-version-kind").addObject();
            gvk.put("group", group);
            gvk.put("kind", kind);
            gvk.put("version", version);
        }

        /** The $ref of a model class's schema, adding the schema (and those it references) when first seen. */
        String ref(Class<?> type) {
            String name = name(type);
            if (!all.has(name)) {
                ObjectNode schema = all.putObject(name);
                special(type, schema);
                if (schema.isEmpty()) {
                    properties(type, schema);
                }
                describe(name, schema);
            }
            return PREFIX + name;
        }

        private void properties(Class<?> type, ObjectNode schema) {
            schema.put("type", "object");
            ObjectNode props = schema.putObject("properties");
            ModelProperties.of(type).forEach((field, javaType) -> {
                ObjectNode property = property(field, javaType, true);
                if ("array".equals(property.path("type").asText())) {
                    listExtensions(type, field, property);
                } else if (ListSemantics.atomicMap(type, field)) {
                    property.put("x-kubernetes-map-type", "atomic");
                }
                props.set(field, property);
            });
            if (ListSemantics.atomicStruct(type)) {
                schema.put("x-kubernetes-map-type", "atomic");
            }
        }

        /**
         * How a list merges, as Kubernetes publishes it: {@code x-kubernetes-list-type} (and map keys) for server-side
         * apply, {@code x-kubernetes-patch-merge-key} and {@code -strategy} for strategic merge patch.
         */
        private static void listExtensions(Class<?> owner, String field, ObjectNode property) {
            ListSemantics.ListInfo info = ListSemantics.of(owner, field);
            property.put("x-kubernetes-list-type", info.listType().name().toLowerCase(java.util.Locale.ROOT));
            if (info.listType() == ListSemantics.ListType.MAP) {
                ArrayNode keys = property.putArray("x-kubernetes-list-map-keys");
                info.mapKeys().forEach(keys::add);
            }
            if (info.patchMergeKey() != null) {
                property.put("x-kubernetes-patch-merge-key", info.patchMergeKey());
            }
            if (info.patchStrategy() != null) {
                property.put("x-kubernetes-patch-strategy", info.patchStrategy());
            }
        }

        /** A property's schema; {@code wrap} puts a $ref in allOf, as Kubernetes' v3 documents do for fields. */
        private ObjectNode property(String field, Type type, boolean wrap) {
            ObjectNode schema = mapper.createObjectNode();
            if (type instanceof ParameterizedType pt) {
                Class<?> raw = (Class<?>) pt.getRawType();
                Type[] args = pt.getActualTypeArguments();
                if (List.class.isAssignableFrom(raw)) {
                    schema.put("type", "array");
                    schema.set("items", property(field, args[0], false));
                    return schema;
                }
                if (Map.class.isAssignableFrom(raw)) {
                    schema.put("type", "object");
                    schema.set("additionalProperties", property(field, args[1], false));
                    return schema;
                }
                schema.put("type", "object");
                return schema;
            }
            Class<?> c = (Class<?>) type;
            if (c == String.class) {
                if (MICRO_TIMES.contains(field) || TIMES.contains(field)) {
                    return refOrAllOf(PREFIX + META + (MICRO_TIMES.contains(field) ? "MicroTime" : "Time"), wrap);
                }
                schema.put("type", "string");
            } else if (c == Integer.class || c == int.class) {
                schema.put("type", "integer").put("format", "int32");
            } else if (c == Long.class || c == long.class) {
                schema.put("type", "integer").put("format", "int64");
            } else if (c == Boolean.class || c == boolean.class) {
                schema.put("type", "boolean");
            } else if (c == Double.class || c == double.class || c == Float.class || c == float.class) {
                schema.put("type", "number").put("format", "double");
            } else if (c.getName().startsWith("io.fabric8.kubernetes.api.model.") && !c.isInterface()
                    && !c.isEnum()) {
                String ref = ref(c);
                if (wrap) {
                    schema.putArray("allOf").addObject().put("$ref", ref);
                } else {
                    schema.put("$ref", ref);
                }
            } else {
                // Object, JsonNode, KubernetesResource (RawExtension-like): any JSON object
                schema.put("type", "object");
                schema.put("x-kubernetes-preserve-unknown-fields", true);
            }
            return schema;
        }

        /** Time and MicroTime: RFC 3339 strings, as Kubernetes declares them. */
        private ObjectNode refOrAllOf(String ref, boolean wrap) {
            String name = ref.substring(PREFIX.length());
            if (!all.has(name)) {
                describe(name, all.putObject(name).put("type", "string").put("format", "date-time"));
            }
            ObjectNode schema = mapper.createObjectNode();
            if (wrap) {
                schema.putArray("allOf").addObject().put("$ref", ref);
            } else {
                schema.put("$ref", ref);
            }
            return schema;
        }

        /** Kubernetes' own schemas for the types whose JSON is not their Java structure. */
        private static void special(Class<?> type, ObjectNode schema) {
            // As in Kubernetes' own v3 documents: no single "type", so kubectl explain names them by their schema name
            if (type == Quantity.class) {
                ArrayNode oneOf = schema.putArray("oneOf");
                oneOf.addObject().put("type", "string");
                oneOf.addObject().put("type", "number");
            } else if (type == IntOrString.class) {
                schema.put("format", "int-or-string");
                ArrayNode oneOf = schema.putArray("oneOf");
                oneOf.addObject().put("type", "integer");
                oneOf.addObject().put("type", "string");
            } else if (type == FieldsV1.class) {
                schema.put("type", "object");
            }
        }

        static String name(Class<?> type) {
            String simple = type.getSimpleName();
            String pkg = type.getPackageName();
            if (type == Quantity.class) {
                return "io.k8s.apimachinery.pkg.api.resource.Quantity";
            }
            if (type == IntOrString.class) {
                return "io.k8s.apimachinery.pkg.util.intstr.IntOrString";
            }
            if (pkg.equals("io.fabric8.kubernetes.api.model")) {
                return (META_TYPES.contains(simple) ? META : "io.k8s.api.core.v1.") + simple;
            }
            // io.fabric8.kubernetes.api.model.apps -> io.k8s.api.apps.v1; ...coordination.v1 -> io.k8s.api.coordination.v1
            String rest = pkg.substring("io.fabric8.kubernetes.api.model.".length());
            return "io.k8s.api." + (rest.contains(".") ? rest : rest + ".v1") + "." + simple;
        }
    }

    private static String sha512(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(bytes)).toUpperCase()
                    .substring(0, 128);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
