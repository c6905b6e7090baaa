package io.coxswain.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.apiserver.api.ApiException;
import io.coxswain.apiserver.api.FieldError;
import io.coxswain.apiserver.fieldmanager.FieldManager;
import io.coxswain.apiserver.registry.ListOptions;
import io.coxswain.apiserver.registry.ObjectRegistry;
import io.coxswain.apiserver.registry.ObjectRegistry.Target;
import io.coxswain.apiserver.resource.ResourceType;
import io.coxswain.apiserver.resource.ResourceTypes;
import io.coxswain.apiserver.selection.FieldSelector;
import io.coxswain.apiserver.selection.LabelSelector;
import io.coxswain.apiserver.selection.SelectableFields;
import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListMeta;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Kubernetes REST surface: {@code /api}, {@code /apis} and every resource path below them. Paths are parsed
 * here rather than mapped one by one, because Kubernetes' path grammar ({@code namespaces/<ns>/<resource>/<name>/<sub>})
 * is uniform over kinds.
 */
@RestController
class ApiController {

    private final ObjectRegistry registry;
    private final Discovery discovery;
    private final RequestBodies bodies;
    private final Responses responses;
    private final WatchStreamer watches;
    private final Subresources subresources;

    ApiController(ObjectRegistry registry, Discovery discovery, Responses responses, WatchStreamer watches,
                  Subresources subresources) {
        this.registry = registry;
        this.discovery = discovery;
        this.bodies = new RequestBodies(registry.codec());
        this.responses = responses;
        this.watches = watches;
        this.subresources = subresources;
    }

    @RequestMapping({"/api", "/api/**", "/apis", "/apis/**"})
    void handle(HttpServletRequest servlet, HttpServletResponse response) throws IOException {
        ApiRequest request = new ApiRequest(servlet);
        String uri = servlet.getRequestURI();
        List<String> segments = new ArrayList<>(Arrays.stream(uri.split("/")).filter(s -> !s.isEmpty()).toList());
        String method = servlet.getMethod();
        // Discovery documents.
        if (segments.equals(List.of("api"))) {
            discoveryOnly(method);
            responses.discovery(servlet, response, discovery.coreVersions(servlet), discovery.aggregated(true));
            return;
        }
        if (segments.equals(List.of("apis"))) {
            discoveryOnly(method);
            responses.discovery(servlet, response, discovery.groups(), discovery.aggregated(false));
            return;
        }
        String group;
        String version;
        List<String> rest;
        if (segments.get(0).equals("api")) {
            group = "";
            version = segments.get(1);
            rest = segments.subList(2, segments.size());
        } else if (segments.size() == 2) {
            discoveryOnly(method);
            responses.json(response, 200, discovery.group(segments.get(1)));
            return;
        } else {
            group = segments.get(1);
            version = segments.get(2);
            rest = segments.subList(3, segments.size());
        }
        if (rest.isEmpty()) {
            discoveryOnly(method);
            responses.json(response, 200, discovery.resources(group, version));
            return;
        }
        if (group.isEmpty() && rest.size() == 3 && rest.get(0).equals("namespaces") && rest.get(2).equals("bindings")) {
            // POST /api/v1/namespaces/<ns>/bindings: the older form of pods/<name>/binding, which clients still use
            request.record("POST", "bindings");
            if (!method.equals("POST")) {
                throw ApiException.methodNotAllowed("bindings only accept POST");
            }
            subresources.bindCollection(rest.get(1), request, servlet, response);
            return;
        }
        ResourcePath path = ResourcePath.parse(group, version, rest);
        request.record(verbOf(method, path, request), path.subresource() == null ? path.type().plural()
                : path.type().plural() + "/" + path.subresource());
        if (path.subresource() != null && !path.subresource().equals("status")) {
            subresources.handle(path, request, method, servlet, response);
            return;
        }
        switch (method) {
            case "GET" -> get(path, request, servlet, response);
            case "POST" -> create(path, request, servlet, response);
            case "PUT" -> update(path, request, servlet, response);
            case "PATCH" -> patch(path, request, servlet, response);
            case "DELETE" -> delete(path, request, servlet, response);
            default -> throw ApiException.methodNotAllowed("the server does not allow this method on the requested resource");
        }
    }

    private static void discoveryOnly(String method) {
        if (!method.equals("GET") && !method.equals("HEAD")) {
            throw ApiException.methodNotAllowed("the server does not allow this method on the requested resource");
        }
    }

    private static String verbOf(String method, ResourcePath path, ApiRequest request) {
        return switch (method) {
            case "GET" -> path.isCollection() ? (request.flag("watch") ? "WATCH" : "LIST") : "GET";
            case "POST" -> "POST";
            case "PUT" -> "PUT";
            case "PATCH" -> "PATCH";
            case "DELETE" -> path.isCollection() ? "DELETECOLLECTION" : "DELETE";
            default -> method;
        };
    }

    private void get(ResourcePath path, ApiRequest request, HttpServletRequest servlet, HttpServletResponse response)
            throws IOException {
        if (path.isCollection()) {
            ListOptions options = listOptions(path, request);
            if (request.flag("watch")) {
                watches.stream(path.type(), options, request, servlet, response);
                return;
            }
            ObjectRegistry.ListedObjects listed = registry.list(path.type(), options);
            responses.list(servlet, response, path.type(), listed.items(), listed.revision());
            return;
        }
        HasMetadata object = registry.get(path.type(), path.namespace(), path.name());
        responses.object(servlet, response, 200, path.type(), object);
    }

    ListOptions listOptions(ResourcePath path, ApiRequest request) {
        LabelSelector labels = LabelSelector.parse(request.param("labelSelector"));
        FieldSelector fields = FieldSelector.parse(request.param("fieldSelector"),
                SelectableFields.supported(path.type()), path.type().kind());
        String rv = request.param("resourceVersion");
        if (rv != null && !rv.isEmpty()) {
            ObjectRegistry.parseResourceVersion(rv);
        }
        return new ListOptions(path.namespace(), labels, fields, rv);
    }

    private void create(ResourcePath path, ApiRequest request, HttpServletRequest servlet, HttpServletResponse response)
            throws IOException {
        if (!path.isCollection()) {
            throw ApiException.methodNotAllowed("POST is not allowed on a named " + path.type().singular()
                    + "; POST to the collection");
        }
        RequestBodies.Decoded<HasMetadata> decoded = decodeBody(path.type(), request, servlet);
        HasMetadata created = registry.create(path.type(), path.namespace(), decoded.object(), request.dryRun(),
                request.owner(null, "CreateOptions"));
        responses.warnings(response, decoded.warnings());
        responses.object(servlet, response, 201, path.type(), created);
    }

    private void update(ResourcePath path, ApiRequest request, HttpServletRequest servlet, HttpServletResponse response)
            throws IOException {
        requireName(path);
        if (path.type() == ResourceTypes.NAMESPACES && "finalize".equals(path.subresource())) {
            throw ApiException.methodNotAllowed("finalize is served by the namespace controller");
        }
        RequestBodies.Decoded<HasMetadata> decoded = decodeBody(path.type(), request, servlet);
        Target target = "status".equals(path.subresource()) ? Target.STATUS : Target.MAIN;
        HasMetadata updated = registry.update(path.type(), path.namespace(), path.name(), decoded.object(), target,
                request.dryRun(), request.owner(path.subresource(), "UpdateOptions"));
        responses.warnings(response, decoded.warnings());
        responses.object(servlet, response, 200, path.type(), updated);
    }

    private void patch(ResourcePath path, ApiRequest request, HttpServletRequest servlet, HttpServletResponse response)
            throws IOException {
        requireName(path);
        String contentType = RequestBodies.mediaType(servlet.getContentType());
        byte[] body = servlet.getInputStream().readAllBytes();
        RequestBodies.FieldValidation validation = RequestBodies.FieldValidation.parse(request.param("fieldValidation"));
        Target target = "status".equals(path.subresource()) ? Target.STATUS : Target.MAIN;
        if (contentType.equals(Patches.APPLY_PATCH)) {
            apply(path, request, body, validation, target, servlet, response);
            return;
        }
        if (request.param("force") != null) {
            throw ApiException.invalidOptions("PatchOptions", List.of(FieldError.forbidden("force",
                    "may not be specified for non-apply patch")));
        }
        FieldManager.Owner owner = request.owner(path.subresource(), "PatchOptions");
        List<String> warnings = new ArrayList<>();
        JsonNode patch = switch (contentType) {
            case Patches.JSON_PATCH, Patches.MERGE_PATCH, Patches.STRATEGIC_MERGE_PATCH -> bodies.parseTree(body, "application/json");
            default -> throw ApiException.unsupportedPatchType(servlet.getContentType());
        };
        String precondition = patch.isObject() && patch.path("metadata").path("resourceVersion").isTextual()
                ? patch.path("metadata").path("resourceVersion").asText() : null;
        HasMetadata patched = registry.guaranteedUpdate(path.type(), path.namespace(), path.name(), precondition,
                current -> {
                    JsonNode tree = registry.codec().toTree(current);
                    JsonNode result = switch (contentType) {
                        case Patches.JSON_PATCH -> Patches.jsonPatch(tree, patch);
                        case Patches.STRATEGIC_MERGE_PATCH -> StrategicMergePatch.apply(tree, patch);
                        default -> Patches.mergePatch(tree, patch);
                    };
                    RequestBodies.Decoded<HasMetadata> decoded = bodies.decode(path.type(), result, validation);
                    warnings.clear();
                    warnings.addAll(decoded.warnings());
                    return decoded.object();
                }, target, request.dryRun(), owner);
        responses.warnings(response, warnings);
        responses.object(servlet, response, 200, path.type(), patched);
    }

    /**
     * Server-side apply ({@code application/apply-patch+yaml}, a YAML or JSON body): the configuration is merged into
     * the object, which is created when absent (201). Field ownership and conflicts are the {@link FieldManager}'s.
     */
    private void apply(ResourcePath path, ApiRequest request, byte[] body, RequestBodies.FieldValidation validation,
                       Target target, HttpServletRequest servlet, HttpServletResponse response) throws IOException {
        String manager = request.param("fieldManager");
        if (manager == null || manager.isEmpty()) {
            throw ApiException.invalidOptions("PatchOptions", List.of(FieldError.required("fieldManager",
                    "is required for apply patch")));
        }
        ApiRequest.validateManager(manager, "PatchOptions");
        boolean force = request.flag("force");
        ObjectNode config = Applies.configuration(bodies, path, body);
        // The configuration itself is validated as a request body is: unknown and duplicate fields per fieldValidation
        // (Strict: 400; Warn: a warning; Ignore: silently), and unknown fields leave it before it is merged.
        List<String> warnings = bodies.decode(path.type(), config, validation).warnings();
        String precondition = config.path("metadata").path("resourceVersion").asText(null);
        if (precondition != null && !precondition.isEmpty()) {
            ObjectRegistry.parseResourceVersion(precondition); // 400 for a malformed one, as on PUT
        }
        FieldManager.Owner owner = FieldManager.Owner.applied(manager, path.subresource());
        FieldManager fields = registry.fieldManager();
        // Update when the object exists, create when it does not: one read, not a look first. An object created or
        // deleted by someone else in between is looked at again, once.
        for (int attempt = 0; ; attempt++) {
            try {
                HasMetadata applied = registry.guaranteedUpdate(path.type(), path.namespace(), path.name(), precondition,
                        current -> bodies.<HasMetadata>decode(path.type(),
                                fields.apply(path.type(), current, config, owner, force),
                                RequestBodies.FieldValidation.IGNORE).object(),
                        target, request.dryRun(), owner);
                responses.warnings(response, warnings);
                responses.object(servlet, response, 200, path.type(), applied);
                return;
            } catch (ApiException e) {
                if (e.code() != 404 || target == Target.STATUS) {
                    throw e;
                }
            }
            if (precondition != null && !precondition.isEmpty()) {
                throw ApiException.conflict(path.type(), path.name());
            }
            try {
                ObjectNode tree = fields.apply(path.type(), null, config, owner, force);
                HasMetadata object = bodies.<HasMetadata>decode(path.type(), tree,
                        RequestBodies.FieldValidation.IGNORE).object();
                HasMetadata created = registry.create(path.type(), path.namespace(), object, request.dryRun(), owner);
                responses.warnings(response, warnings);
                responses.object(servlet, response, 201, path.type(), created);
                return;
            } catch (ApiException e) {
                if (!"AlreadyExists".equals(e.reason()) || attempt > 0) {
                    throw e;
                }
            }
        }
    }

    private void delete(ResourcePath path, ApiRequest request, HttpServletRequest servlet, HttpServletResponse response)
            throws IOException {
        DeleteOptions options = deleteOptions(request, servlet);
        boolean dryRun = request.dryRun() || (options.getDryRun() != null && options.getDryRun().contains("All"));
        if (path.isCollection()) {
            ListOptions list = listOptions(path, request);
            ObjectRegistry.ListedObjects listed = registry.list(path.type(), list);
            List<HasMetadata> deleted = new ArrayList<>();
            for (HasMetadata o : listed.items()) {
                try {
                    deleted.add(registry.delete(path.type(), o.getMetadata().getNamespace(), o.getMetadata().getName(),
                            options, dryRun));
                } catch (ApiException e) {
                    if (e.code() != 404) {
                        throw e;
                    }
                }
            }
            responses.list(servlet, response, path.type(), deleted, listed.revision());
            return;
        }
        HasMetadata result = registry.delete(path.type(), path.namespace(), path.name(), options, dryRun);
        responses.object(servlet, response, 200, path.type(), result);
    }

    private DeleteOptions deleteOptions(ApiRequest request, HttpServletRequest servlet) throws IOException {
        byte[] body = servlet.getInputStream().readAllBytes();
        DeleteOptions options = new DeleteOptions();
        if (body.length > 0) {
            JsonNode tree = bodies.parseTree(body, servlet.getContentType() == null ? "application/json"
                    : servlet.getContentType());
            options = registry.codec().fromTree(tree, DeleteOptions.class);
        }
        Long grace = request.longParam("gracePeriodSeconds");
        if (grace != null) {
            options.setGracePeriodSeconds(grace);
        }
        String policy = request.param("propagationPolicy");
        if (policy != null && !policy.isEmpty()) {
            options.setPropagationPolicy(policy);
        }
        if (request.param("orphanDependents") != null) {
            options.setOrphanDependents(request.flag("orphanDependents"));
        }
        String p = options.getPropagationPolicy();
        if (p != null && !List.of("Orphan", "Background", "Foreground").contains(p)) {
            throw ApiException.badRequest("propagationPolicy: Unsupported value: \"" + p
                    + "\": supported values: \"Foreground\", \"Background\", \"Orphan\"");
        }
        return options;
    }

    private RequestBodies.Decoded<HasMetadata> decodeBody(ResourceType type, ApiRequest request, HttpServletRequest servlet)
            throws IOException {
        RequestBodies.FieldValidation validation = RequestBodies.FieldValidation.parse(request.param("fieldValidation"));
        byte[] body = servlet.getInputStream().readAllBytes();
        JsonNode tree = bodies.parseTree(body, servlet.getContentType(), type);
        return bodies.decode(type, tree, validation);
    }

    private static void requireName(ResourcePath path) {
        if (path.isCollection()) {
            throw ApiException.methodNotAllowed("the server does not allow this method on a collection");
        }
    }

}
