package io.coxswain.apiserver.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.apiserver.registry.ObjectCodec;
import io.coxswain.apiserver.resource.ResourceType;
import io.fabric8.kubernetes.api.model.HasMetadata;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.List;

/** Writes API responses: objects, lists and discovery documents, as JSON or as server-side Tables when asked. */
final class Responses {

    static final String JSON = "application/json";
    static final String AGGREGATED_DISCOVERY = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

    private final ObjectCodec codec;
    private final Tables tables;

    Responses(ObjectCodec codec, Tables tables) {
        this.codec = codec;
        this.tables = tables;
    }

    void object(HttpServletRequest request, HttpServletResponse response, int code, ResourceType type, HasMetadata object)
            throws IOException {
        if (Tables.wantsTable(request.getHeader("Accept"))) {
            json(response, code, tables.table(type, List.of(object), object.getMetadata().getResourceVersion(),
                    Tables.includeObject(request.getParameter("includeObject")), true));
            return;
        }
        json(response, code, object);
    }

    void list(HttpServletRequest request, HttpServletResponse response, ResourceType type, List<HasMetadata> items,
              long revision) throws IOException {
        if (Tables.wantsTable(request.getHeader("Accept"))) {
            json(response, 200, tables.table(type, items, Long.toString(revision),
                    Tables.includeObject(request.getParameter("includeObject")), true));
            return;
        }
        ObjectNode list = codec.mapper().createObjectNode();
        list.put("kind", type.kind() + "List");
        list.put("apiVersion", type.apiVersion());
        list.putObject("metadata").put("resourceVersion", Long.toString(revision));
        ArrayNode array = list.putArray("items");
        for (HasMetadata item : items) {
            array.add(codec.toTree(item));
        }
        json(response, 200, list);
    }

    /** Aggregated discovery when the client asks for it (by the Accept header), legacy otherwise. */
    void discovery(HttpServletRequest request, HttpServletResponse response, Object legacy, Object aggregated)
            throws IOException {
        String accept = request.getHeader("Accept");
        if (accept != null) {
            for (String range : accept.split(",")) {
                java.util.Map<String, String> params = MediaRanges.parameters(range);
                if ("APIGroupDiscoveryList".equals(params.get("as")) && "apidiscovery.k8s.io".equals(params.get("g"))
                        && "v2".equals(params.get("v"))) {
                    write(response, 200, AGGREGATED_DISCOVERY, codec.toJson(aggregated));
                    return;
                }
                if (!params.containsKey("as")) {
                    break;
                }
            }
        }
        json(response, 200, legacy);
    }

    void json(HttpServletResponse response, int code, Object body) throws IOException {
        write(response, code, JSON, codec.toJson(body));
    }

    void warnings(HttpServletResponse response, List<String> warnings) {
        for (String warning : warnings) {
            response.addHeader("Warning", "299 - \"" + warning.replace("\"", "\\\"") + "\"");
        }
    }

    static void write(HttpServletResponse response, int code, String contentType, byte[] bytes) throws IOException {
        response.setStatus(code);
        response.setContentType(contentType);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
