package io.coxswain.apiserver.api;

import io.coxswain.apiserver.resource.ResourceType;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.StatusCauseBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusDetailsBuilder;

import java.util.List;

/**
 * The typed set of API errors. Each one becomes a Kubernetes {@code Status} body sent with the same HTTP code,
 * in one place ({@link io.coxswain.apiserver.rest.ApiExceptionHandler}). Messages follow the wording of
 * Kubernetes, since users (and some clients) recognise them.
 */
public class ApiException extends RuntimeException {

    private final int code;
    private final String reason;
    private final transient Status status;

    private ApiException(int code, String reason, String message, String name, ResourceType type,
                         List<StatusCause> causes) {
        this(code, reason, message, name, type, type == null ? null : type.plural(), causes);
    }

    /** @param detailsKind the details' kind: the resource name for most errors, the Kind for Invalid (as Kubernetes) */
    private ApiException(int code, String reason, String message, String name, ResourceType type, String detailsKind,
                         List<StatusCause> causes) {
        super(message);
        this.code = code;
        this.reason = reason;
        StatusDetailsBuilder details = new StatusDetailsBuilder();
        boolean hasDetails = false;
        if (name != null) {
            details.withName(name);
            hasDetails = true;
        }
        if (type != null) {
            details.withGroup(type.group().isEmpty() ? null : type.group()).withKind(detailsKind);
            hasDetails = true;
        }
        if (causes != null && !causes.isEmpty()) {
            details.withCauses(causes);
            hasDetails = true;
        }
        this.status = new StatusBuilder()
                .withNewMetadata().endMetadata()
                .withStatus("Failure")
                .withMessage(message)
                .withReason(reason)
                .withDetails(hasDetails ? details.build() : null)
                .withCode(code)
                .build();
    }

    public int code() {
        return code;
    }

    public String reason() {
        return reason;
    }

    public Status status() {
        return status;
    }

    public static ApiException notFound(ResourceType type, String name) {
        return new ApiException(404, "NotFound", "%s \"%s\" not found".formatted(type.qualifiedName(), name),
                name, type, null);
    }

    public static ApiException namespaceNotFound(String namespace) {
        return new ApiException(404, "NotFound", "namespaces \"%s\" not found".formatted(namespace),
                namespace, io.coxswain.apiserver.resource.ResourceTypes.NAMESPACES, null);
    }

    public static ApiException pathNotFound() {
        return new ApiException(404, "NotFound", "the server could not find the requested resource", null, null, null);
    }

    public static ApiException alreadyExists(ResourceType type, String name) {
        return new ApiException(409, "AlreadyExists", "%s \"%s\" already exists".formatted(type.qualifiedName(), name),
                name, type, null);
    }

    public static ApiException conflict(ResourceType type, String name) {
        return new ApiException(409, "Conflict",
                ("Operation cannot be fulfilled on %s \"%s\": the object has been modified; "
                        + "please apply your changes to the latest version and try again").formatted(type.qualifiedName(), name),
                name, type, null);
    }

    public static ApiException conflict(ResourceType type, String name, String why) {
        return new ApiException(409, "Conflict",
                "Operation cannot be fulfilled on %s \"%s\": %s".formatted(type.qualifiedName(), name, why),
                name, type, null);
    }

    /** 422: {@code Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: must be ...}. */
    public static ApiException invalid(ResourceType type, String name, List<FieldError> errors) {
        return new ApiException(422, "Invalid", "%s \"%s\" is invalid: %s".formatted(type.qualifiedKind(),
                name == null ? "" : name, joined(errors)), name, type, type.kind(), causes(errors));
    }

    private static String joined(List<FieldError> errors) {
        return errors.size() == 1 ? errors.get(0).toString()
                : "[" + String.join(", ", errors.stream().map(FieldError::toString).toList()) + "]";
    }

    private static List<StatusCause> causes(List<FieldError> errors) {
        return errors.stream()
                .map(e -> new StatusCauseBuilder().withReason(e.reason()).withMessage(e.detail()).withField(e.field()).build())
                .toList();
    }

    /** 409 for server-side apply: the fields another manager owns, one cause each (type FieldManagerConflict). */
    public static ApiException applyConflict(ResourceType type, String name, String message, List<StatusCause> causes) {
        return new ApiException(409, "Conflict", message, name, type, causes);
    }

    /**
     * 422 for invalid request options, which Kubernetes reports against the options' kind:
     * {@code PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch}.
     */
    public static ApiException invalidOptions(String optionsKind, List<FieldError> errors) {
        return new ApiException(422, "Invalid", "%s.meta.k8s.io \"\" is invalid: %s".formatted(optionsKind,
                joined(errors)), null, null, causes(errors));
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, "BadRequest", message, null, null, null);
    }

    public static ApiException forbidden(ResourceType type, String name, String why) {
        return new ApiException(403, "Forbidden", "%s \"%s\" is forbidden: %s".formatted(type.qualifiedName(), name, why),
                name, type, null);
    }

    public static ApiException methodNotAllowed(String message) {
        return new ApiException(405, "MethodNotAllowed", message, null, null, null);
    }

    public static ApiException expired(String message) {
        return new ApiException(410, "Expired", message, null, null, null);
    }

    public static ApiException unsupportedMediaType(String contentType) {
        return new ApiException(415, "UnsupportedMediaType",
                "the body of the request was in an unknown format - accepted media types include: "
                        + "application/json, application/yaml, application/vnd.kubernetes.protobuf"
                        + (contentType == null ? "" : " (got " + contentType + ")"), null, null, null);
    }

    public static ApiException unsupportedPatchType(String contentType) {
        return new ApiException(415, "UnsupportedMediaType",
                "the body of the request was in an unknown format - accepted media types include: "
                        + "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml"
                        + (contentType == null ? "" : " (got " + contentType + ")"), null, null, null);
    }

    /** A patch that cannot be applied to the object (a JSON patch test that fails, a path that does not exist). */
    public static ApiException unprocessablePatch(String message) {
        return new ApiException(422, "Invalid", "the server rejected our request due to an error in our request: " + message,
                null, null, null);
    }

    /** 429, as Kubernetes' max-in-flight limit answers: the client retries after a second. */
    public static ApiException tooManyRequests() {
        return new ApiException(429, "TooManyRequests", "Too many requests, please try again later.", null, null, null);
    }

    public static ApiException internal(String message) {
        return new ApiException(500, "InternalError", "Internal error occurred: " + message, null, null, null);
    }

    public static ApiException unavailable(String message) {
        return new ApiException(503, "ServiceUnavailable", message, null, null, null);
    }

    public static ApiException timeout(String message) {
        return new ApiException(504, "Timeout", message, null, null, null);
    }
}
