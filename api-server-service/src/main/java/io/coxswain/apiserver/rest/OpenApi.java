package io.coxswain.apiserver.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.apiserver.api.ApiException;
import io.coxswain.apiserver.resource.ResourceType;
import io.coxswain.apiserver.resource.ResourceTypes;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OpenAPI v3 discovery ({@code /openapi/v3}) and one document per group-version. Each document declares, per kind,
 * the operations with {@code x-kubernetes-group-version-kind} and the {@code fieldValidation} parameter, which is what
 * tells kubectl that the server validates fields itself (so {@code kubectl create -f} and {@code apply} work under
 * their default {@code --validate=strict}). Documents are content-addressed: ETag, 304 and immutable caching.
 * {@code /openapi/v2} is 404: kubectl asks for it only as protobuf and falls back to v3.
 */
@RestController
class OpenApi {

    private final Map<String, byte[]> documents = new LinkedHashMap<>();
    private final Map<String, String> hashes = new LinkedHashMap<>();
    private final byte[] root;

    OpenApi(io.coxswain.apiserver.registry.ObjectCodec codec) throws IOException {
        ObjectMapper mapper = codec.mapper();
        ObjectNode rootDoc = mapper.createObjectNode();
        ObjectNode paths = rootDoc.putObject("paths");
        for (Map.Entry<String, List<String>> gv : ResourceTypes.groupVersions().entrySet()) {
            for (String version : gv.getValue()) {
                String key = gv.getKey().isEmpty() ? "api/" + version : "apis/" + gv.getKey() + "/" + version;
                byte[] doc = mapper.writeValueAsBytes(document(mapper, gv.getKey(), version));
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

    private static ObjectNode document(ObjectMapper mapper, String group, String version) {
        ObjectNode doc = mapper.createObjectNode();
        doc.put("openapi", "3.0.0");
        ObjectNode info = doc.putObject("info");
        info.put("title", "Coxswain");
        info.put("version", group.isEmpty() ? version : group + "/" + version);
        ObjectNode paths = doc.putObject("paths");
        for (ResourceType t : ResourceTypes.inGroupVersion(group, version)) {
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
                    ObjectNode p = params.addObject();
                    p.put("name", "fieldValidation");
                    p.put("in", "query");
                    p.put("description", "How the server treats unknown or duplicate fields: Ignore, Warn or Strict.");
                    p.putObject("schema").put("type", "string");
                }
            }
            ObjectNode collection = paths.putObject(base);
            ObjectNode post = collection.putObject("post");
            post.put("operationId", "create" + t.kind());
            ObjectNode gvk = post.putObject("x-kubernetes-group-version-kind");
            gvk.put("group", t.group());
            gvk.put("version", t.version());
            gvk.put("kind", t.kind());
            ObjectNode p = post.putArray("parameters").addObject();
            p.put("name", "fieldValidation");
            p.put("in", "query");
            p.putObject("schema").put("type", "string");
        }
        return doc;
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
