package io.coxswain.apiserver.rest;

import io.coxswain.apiserver.api.ApiException;
import io.coxswain.apiserver.registry.ObjectCodec;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import java.io.IOException;

/** Every error leaves as a Kubernetes {@code Status} with the same HTTP code: mapped here, once. */
@RestControllerAdvice
class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    private final ObjectCodec codec;

    ApiExceptionHandler(ObjectCodec codec) {
        this.codec = codec;
    }

    @ExceptionHandler(ApiException.class)
    void api(ApiException e, HttpServletResponse response) throws IOException {
        write(response, e);
    }

    @ExceptionHandler(NoResourceFoundException.class)
    void notFound(HttpServletResponse response) throws IOException {
        write(response, ApiException.pathNotFound());
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    void method(HttpServletResponse response) throws IOException {
        write(response, ApiException.methodNotAllowed("the server does not allow this method on the requested resource"));
    }

    @ExceptionHandler(Exception.class)
    void unexpected(Exception e, HttpServletResponse response) throws IOException {
        log.error("unexpected error serving a request", e);
        write(response, ApiException.internal(e.getClass().getSimpleName() + ": " + e.getMessage()));
    }

    private void write(HttpServletResponse response, ApiException e) throws IOException {
        if (response.isCommitted()) {
            return; // a streaming response already started; nothing more can be said
        }
        response.reset();
        Responses.write(response, e.code(), Responses.JSON, codec.toJson(e.status()));
    }
}
