package io.coxswain.apiserver.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coxswain.apiserver.api.ApiException;
import io.coxswain.apiserver.api.FieldError;
import io.coxswain.apiserver.registry.ObjectCodec;
import io.coxswain.apiserver.resource.ResourceTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;

/**
 * The {@code Status} bodies errors leave as ({@link ApiExceptionHandler} writes {@code codec.toJson(e.status())} with
 * {@code e.code()}); kubectl prints their message and acts on the code. Expected JSON follows the Kubernetes
 * api-server (see docs/kubectl-wire-protocol.md section 2.7).
 */
class ApiExceptionStatusTest {

    private final ObjectCodec codec = new ObjectCodec();
    private final ObjectMapper json = new ObjectMapper();

    private JsonNode wire(ApiException e) throws IOException {
        return json.readTree(codec.toJson(e.status()));
    }

    private JsonNode json(String text) throws IOException {
        return json.readTree(text);
    }

    static Stream<Arguments> errorsAndTheirWireForm() {
        return Stream.of(
                Arguments.of(ApiException.notFound(ResourceTypes.DEPLOYMENTS, "x"), 404, """
                        {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",
                         "message":"deployments.apps \\"x\\" not found","reason":"NotFound",
                         "details":{"name":"x","group":"apps","kind":"deployments"},"code":404}"""),
                Arguments.of(ApiException.notFound(ResourceTypes.PODS, "web-1"), 404, """
                        {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",
                         "message":"pods \\"web-1\\" not found","reason":"NotFound",
                         "details":{"name":"web-1","kind":"pods"},"code":404}"""),
                Arguments.of(ApiException.namespaceNotFound("nope"), 404, """
                        {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",
                         "message":"namespaces \\"nope\\" not found","reason":"NotFound",
                         "details":{"name":"nope","kind":"namespaces"},"code":404}"""),
                Arguments.of(ApiException.alreadyExists(ResourceTypes.DEPLOYMENTS, "web"), 409, """
                        {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",
                         "message":"deployments.apps \\"web\\" already exists","reason":"AlreadyExists",
                         "details":{"name":"web","group":"apps","kind":"deployments"},"code":409}"""),
                Arguments.of(ApiException.conflict(ResourceTypes.DEPLOYMENTS, "web"), 409, """
                        {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",
                         "message":"Operation cannot be fulfilled on deployments.apps \\"web\\": the object has been modified; please apply your changes to the latest version and try again",
                         "reason":"Conflict","details":{"name":"web","group":"apps","kind":"deployments"},"code":409}"""),
                Arguments.of(ApiException.invalid(ResourceTypes.DEPLOYMENTS, "web",
                        List.of(FieldError.invalid("spec.replicas", -1, "must be greater than or equal to 0"))), 422, """
                        {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",
                         "message":"Deployment.apps \\"web\\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0",
                         "reason":"Invalid",
                         "details":{"name":"web","group":"apps","kind":"Deployment",
                          "causes":[{"reason":"FieldValueInvalid","message":"Invalid value: -1: must be greater than or equal to 0","field":"spec.replicas"}]},
                         "code":422}"""),
                Arguments.of(ApiException.pathNotFound(), 404, """
                        {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",
                         "message":"the server could not find the requested resource","reason":"NotFound","code":404}"""),
                Arguments.of(ApiException.badRequest("bad"), 400, """
                        {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",
                         "message":"bad","reason":"BadRequest","code":400}"""),
                Arguments.of(ApiException.expired("too old resource version: 5 (10)"), 410, """
                        {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",
                         "message":"too old resource version: 5 (10)","reason":"Expired","code":410}"""),
                Arguments.of(ApiException.forbidden(ResourceTypes.NAMESPACES, "default", "this namespace may not be deleted"),
                        403, """
                        {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",
                         "message":"namespaces \\"default\\" is forbidden: this namespace may not be deleted","reason":"Forbidden",
                         "details":{"name":"default","kind":"namespaces"},"code":403}"""),
                Arguments.of(ApiException.unprocessablePatch("test failed"), 422, """
                        {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",
                         "message":"the server rejected our request due to an error in our request: test failed",
                         "reason":"Invalid","code":422}"""),
                Arguments.of(ApiException.internal("boom"), 500, """
                        {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",
                         "message":"Internal error occurred: boom","reason":"InternalError","code":500}"""),
                Arguments.of(ApiException.unavailable("storage is unavailable"), 503, """
                        {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",
                         "message":"storage is unavailable","reason":"ServiceUnavailable","code":503}"""),
                Arguments.of(ApiException.timeout("took too long"), 504, """
                        {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",
                         "message":"took too long","reason":"Timeout","code":504}"""),
                Arguments.of(ApiException.conflict(ResourceTypes.PODS, "web-1", "the pod is already bound"), 409, """
                        {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",
                         "message":"Operation cannot be fulfilled on pods \\"web-1\\": the pod is already bound",
                         "reason":"Conflict","details":{"name":"web-1","kind":"pods"},"code":409}"""),
                Arguments.of(ApiException.methodNotAllowed("no"), 405, """
                        {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",
                         "message":"no","reason":"MethodNotAllowed","code":405}"""));
    }

    @ParameterizedTest(name = "{1} {0}")
    @MethodSource("errorsAndTheirWireForm")
    void errorIsAKubernetesStatusWithTheSameCode(ApiException e, int code, String expected) throws IOException {
        assertThat(e.code()).isEqualTo(code);
        assertThat(wire(e)).isEqualTo(json(expected));
    }

    @Test
    void invalidWithSeveralErrorsListsThemInBracketsAndAsCauses() throws IOException {
        ApiException e = ApiException.invalid(ResourceTypes.PODS, "p", List.of(
                FieldError.required("spec.containers[0].image"),
                FieldError.notSupported("spec.restartPolicy", "Sometimes", List.of("Always", "OnFailure", "Never"))));

        JsonNode status = wire(e);

        assertThat(e.code()).isEqualTo(422);
        assertThat(status.get("message").asText()).isEqualTo("Pod \"p\" is invalid: [spec.containers[0].image: Required value, "
                + "spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\"]");
        assertThat(status.at("/details/kind").asText()).isEqualTo("Pod");
        assertThat(status.at("/details/group").isMissingNode()).as("core group is omitted").isTrue();
        assertThat(status.at("/details/causes")).isEqualTo(json("""
                [{"reason":"FieldValueRequired","message":"Required value","field":"spec.containers[0].image"},
                 {"reason":"FieldValueNotSupported","message":"Unsupported value: \\"Sometimes\\": supported values: \\"Always\\", \\"OnFailure\\", \\"Never\\"","field":"spec.restartPolicy"}]
                """));
    }

    @Test
    void unsupportedPatchTypeIs415NamingThePatchTypes() {
        ApiException e = ApiException.unsupportedPatchType("application/xml");

        assertThat(e.code()).isEqualTo(415);
        assertThat(e.reason()).isEqualTo("UnsupportedMediaType");
        assertThat(e.getMessage()).contains("application/merge-patch+json").endsWith("(got application/xml)");
    }

    @Test
    void fieldErrorsRenderAsKubernetesFieldErrors() {
        assertThat(FieldError.invalid("metadata.name", "Web", "bad").toString())
                .isEqualTo("metadata.name: Invalid value: \"Web\": bad");
        assertThat(FieldError.invalid("spec.replicas", -1, "bad").toString()).isEqualTo("spec.replicas: Invalid value: -1: bad");
        assertThat(FieldError.required("metadata.name", "name or generateName is required").toString())
                .isEqualTo("metadata.name: Required value: name or generateName is required");
        assertThat(FieldError.duplicate("spec.containers[1].name", "web").toString())
                .isEqualTo("spec.containers[1].name: Duplicate value: \"web\"");
        assertThat(FieldError.forbidden("spec", "no").toString()).isEqualTo("spec: Forbidden: no");
    }
}
