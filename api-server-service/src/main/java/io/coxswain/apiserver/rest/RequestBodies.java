package io.coxswain.apiserver.rest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.apiserver.api.ApiException;
import io.coxswain.apiserver.fieldmanager.TypeRef;
import io.coxswain.apiserver.fieldmanager.UnknownFields;
import io.coxswain.apiserver.registry.ObjectCodec;
import io.coxswain.apiserver.resource.ResourceType;
import io.fabric8.kubernetes.api.model.HasMetadata;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.Locale;

/** Decodes request bodies (JSON or YAML) into the kind's model class, checking kind and apiVersion and unknown fields. */
final class RequestBodies {

    /** What {@code fieldValidation} asks for; Kubernetes' default is Warn. */
    enum FieldValidation {
        IGNORE, WARN, STRICT;

        static FieldValidation parse(String value) {
            if (value == null || value.isEmpty()) {
                return WARN;
            }
            return switch (value) {
                case "Ignore" -> IGNORE;
                case "Warn" -> WARN;
                case "Strict" -> STRICT;
                default -> throw ApiException.badRequest("fieldValidation: unsupported value \"" + value
                        + "\": supported values: \"Ignore\", \"Warn\", \"Strict\"");
            };
        }
    }

    /** The decoded object and the warnings to send in {@code Warning} headers. */
    record Decoded<T>(T object, List<String> warnings) {
    }

    private final ObjectCodec codec;

    RequestBodies(ObjectCodec codec) {
        this.codec = codec;
    }

    /** Parses a body to a JSON tree according to its content type (JSON or YAML). */
    JsonNode parseTree(byte[] body, String contentType) {
        return parseTree(body, contentType, null);
    }

    /**
     * Parses the body of an object of {@code type} to a JSON tree: JSON, YAML, or Kubernetes protobuf (which kubectl
     * 1.32 and later send for {@code kubectl create namespace|deployment|configmap|secret|service}).
     */
    JsonNode parseTree(byte[] body, String contentType, io.coxswain.apiserver.resource.ResourceType type) {
        String media = mediaType(contentType);
        if (body == null || body.length == 0) {
            throw ApiException.badRequest("the request body is empty");
        }
        try {
            if (media.equals("application/yaml") || media.equals("application/x-yaml") || media.equals("text/yaml")
                    || media.equals("application/apply-patch+yaml")) {
                return codec.serialization().unmarshal(new String(body, StandardCharsets.UTF_8), JsonNode.class);
            }
            if (media.equals(ProtobufBodies.MEDIA_TYPE)) {
                if (type == null) {
                    throw ApiException.unsupportedMediaType(contentType);
                }
                return ProtobufBodies.toJson(body, type);
            }
            if (!media.isEmpty() && !media.equals("application/json") && !media.equals("*/*")
                    && !media.endsWith("+json")) {
                throw ApiException.unsupportedMediaType(contentType);
            }
            JsonNode tree = codec.mapper().readTree(body);
            if (tree == null || tree.isMissingNode()) {
                throw ApiException.badRequest("the request body is empty");
            }
            if (tree instanceof ObjectNode object) {
                List<String> duplicates = duplicateFields(body);
                if (!duplicates.isEmpty()) {
                    return new ParsedObject(codec.mapper().getNodeFactory(), object, duplicates);
                }
            }
            return tree;
        } catch (IOException | RuntimeException e) {
            if (e instanceof ApiException api) {
                throw api;
            }
            throw ApiException.badRequest("the body of the request could not be decoded: " + firstLine(e.getMessage()));
        }
    }

    /** Decodes a tree into the kind's class; kind and apiVersion, when present, must be the kind's. */
    <T extends HasMetadata> Decoded<T> decode(ResourceType type, JsonNode tree, FieldValidation validation) {
        if (!(tree instanceof ObjectNode object)) {
            throw ApiException.badRequest("the body of the request is not a JSON object");
        }
        checkKind(type, object);
        List<String> duplicates = object instanceof ParsedObject parsed ? parsed.duplicates() : List.of();
        object.put("kind", type.kind());
        object.put("apiVersion", type.apiVersion());
        List<String> unknown = UnknownFields.findAndRemove(object, TypeRef.of(type.type()));
        @SuppressWarnings("unchecked")
        T decoded = (T) codec.fromTree(object, type.type());
        if (validation == FieldValidation.IGNORE) {
            return new Decoded<>(decoded, List.of());
        }
        List<String> problems = new ArrayList<>();
        unknown.forEach(f -> problems.add("unknown field \"" + f + "\""));
        duplicates.forEach(f -> problems.add("duplicate field \"" + f + "\""));
        if (!problems.isEmpty() && validation == FieldValidation.STRICT) {
            // Kubernetes names the version alone: Deployment in version "v1", not "apps/v1"
            String apiVersion = type.apiVersion();
            String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
            throw ApiException.badRequest("%s in version \"%s\" cannot be handled as a %s: strict decoding error: %s"
                    .formatted(type.kind(), version, type.kind(), String.join(", ", problems)));
        }
        return new Decoded<>(decoded, List.copyOf(problems));
    }

    /**
     * A JSON object body whose text repeats a field. Parsing keeps the last value (as Kubernetes does outside Strict);
     * the repeated fields' paths travel with the tree to {@link #decode}, which reports them under Strict and Warn.
     */
    static final class ParsedObject extends ObjectNode {

        private final List<String> duplicates;

        ParsedObject(JsonNodeFactory factory, ObjectNode parsed, List<String> duplicates) {
            super(factory);
            setAll(parsed);
            this.duplicates = List.copyOf(duplicates);
        }

        List<String> duplicates() {
            return duplicates;
        }
    }

    /**
     * The paths of repeated fields in a JSON text, in the form of unknown-field paths ({@code spec.containers[0].name}),
     * each once, in the order met.
     */
    private List<String> duplicateFields(byte[] body) throws IOException {
        Set<String> duplicates = new LinkedHashSet<>();
        Deque<Set<String>> seenFields = new ArrayDeque<>();
        Deque<String> paths = new ArrayDeque<>();
        Deque<int[]> arrayIndexes = new ArrayDeque<>();
        String fieldName = null;
        try (JsonParser parser = codec.mapper().getFactory().createParser(body)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                switch (token) {
                    case FIELD_NAME -> {
                        fieldName = parser.currentName();
                        if (!seenFields.peek().add(fieldName)) {
                            duplicates.add(child(paths.peek(), fieldName));
                        }
                    }
                    case START_OBJECT, START_ARRAY -> {
                        String path = paths.isEmpty() ? "" : valuePath(paths.peek(), fieldName, arrayIndexes.peek());
                        paths.push(path);
                        seenFields.push(token == JsonToken.START_OBJECT ? new HashSet<>() : Set.of());
                        arrayIndexes.push(new int[] {token == JsonToken.START_ARRAY ? 0 : -1});
                        fieldName = null;
                    }
                    case END_OBJECT, END_ARRAY -> {
                        paths.pop();
                        seenFields.pop();
                        arrayIndexes.pop();
                        advance(arrayIndexes.peek());
                    }
                    default -> advance(arrayIndexes.peek());
                }
            }
        }
        return List.copyOf(duplicates);
    }

    /** The path of the value that starts now: the current field of an object, or the next element of an array. */
    private static String valuePath(String parent, String fieldName, int[] arrayIndex) {
        if (arrayIndex != null && arrayIndex[0] >= 0) {
            return parent + "[" + arrayIndex[0] + "]";
        }
        return child(parent, fieldName);
    }

    private static void advance(int[] arrayIndex) {
        if (arrayIndex != null && arrayIndex[0] >= 0) {
            arrayIndex[0]++;
        }
    }

    private static String child(String parent, String field) {
        return parent.isEmpty() ? field : parent + "." + field;
    }

    private static void checkKind(ResourceType type, ObjectNode object) {
        JsonNode kind = object.get("kind");
        JsonNode apiVersion = object.get("apiVersion");
        if (kind != null && !kind.isNull() && !kind.asText().isEmpty() && !kind.asText().equals(type.kind())) {
            throw ApiException.badRequest("the kind in the data (%s) does not match the expected kind (%s)"
                    .formatted(kind.asText(), type.kind()));
        }
        if (apiVersion != null && !apiVersion.isNull() && !apiVersion.asText().isEmpty()
                && !apiVersion.asText().equals(type.apiVersion())) {
            throw ApiException.badRequest("the API version in the data (%s) does not match the expected API version (%s)"
                    .formatted(apiVersion.asText(), type.apiVersion()));
        }
    }

    static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semi = contentType.indexOf(';');
        return (semi >= 0 ? contentType.substring(0, semi) : contentType).trim().toLowerCase(Locale.ROOT);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "malformed body";
        }
        int nl = message.indexOf('\n');
        return nl > 0 ? message.substring(0, nl) : message;
    }
}
