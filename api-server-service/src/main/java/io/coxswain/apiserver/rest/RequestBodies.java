package io.coxswain.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.apiserver.api.ApiException;
import io.coxswain.apiserver.registry.ObjectCodec;
import io.coxswain.apiserver.resource.ResourceType;
import io.fabric8.kubernetes.api.model.HasMetadata;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
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

    /** Parses a body to a JSON tree according to its content type. */
    JsonNode parseTree(byte[] body, String contentType) {
        String media = mediaType(contentType);
        if (body == null || body.length == 0) {
            throw ApiException.badRequest("the request body is empty");
        }
        try {
            if (media.equals("application/yaml") || media.equals("application/x-yaml") || media.equals("text/yaml")
                    || media.equals("application/apply-patch+yaml")) {
                return codec.serialization().unmarshal(new String(body, StandardCharsets.UTF_8), JsonNode.class);
            }
            if (media.equals("application/vnd.kubernetes.protobuf")) {
                throw ApiException.unsupportedMediaType(contentType);
            }
            if (!media.isEmpty() && !media.equals("application/json") && !media.equals("*/*")
                    && !media.endsWith("+json")) {
                throw ApiException.unsupportedMediaType(contentType);
            }
            JsonNode tree = codec.mapper().readTree(body);
            if (tree == null || tree.isMissingNode()) {
                throw ApiException.badRequest("the request body is empty");
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
        object.put("kind", type.kind());
        object.put("apiVersion", type.apiVersion());
        @SuppressWarnings("unchecked")
        T decoded = (T) codec.fromTree(object, type.type());
        List<String> unknown = UnknownFields.findAndDrop(decoded);
        if (validation == FieldValidation.IGNORE) {
            unknown = List.of();
        }
        if (!unknown.isEmpty() && validation == FieldValidation.STRICT) {
            String fields = String.join(", ", unknown.stream().map(f -> "unknown field \"" + f + "\"").toList());
            throw ApiException.badRequest("%s in version \"%s\" cannot be handled as a %s: strict decoding error: %s"
                    .formatted(type.kind(), type.apiVersion(), type.kind(), fields));
        }
        List<String> warnings = unknown.stream().map(f -> "unknown field \"" + f + "\"").toList();
        return new Decoded<>(decoded, warnings);
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
