package io.coxswain.apiserver.rest;

import io.coxswain.apiserver.api.ApiException;
import io.coxswain.apiserver.registry.ObjectCodec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.concurrent.Semaphore;

/**
 * Kubernetes' max-in-flight limit: at most N read and M mutating requests are served at once; the rest get a 429
 * with {@code Retry-After: 1} at once, instead of queueing on the web server's threads until they time out. Watches
 * and log streams are long-running and not counted (each holds a thread of its own).
 */
final class MaxInFlightFilter extends OncePerRequestFilter {

    private final Semaphore reads;
    private final Semaphore writes;
    private final ObjectCodec codec;
    private final Counter rejected;

    MaxInFlightFilter(int maxReads, int maxWrites, ObjectCodec codec, MeterRegistry registry) {
        this.reads = new Semaphore(maxReads);
        this.writes = new Semaphore(maxWrites);
        this.codec = codec;
        this.rejected = Counter.builder("apiserver_dropped_requests_total")
                .description("Requests refused with 429 because too many were in flight.").register(registry);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (isLongRunning(request)) {
            chain.doFilter(request, response);
            return;
        }
        Semaphore limit = request.getMethod().equals("GET") || request.getMethod().equals("HEAD") ? reads : writes;
        if (!limit.tryAcquire()) {
            rejected.increment();
            response.setHeader("Retry-After", "1");
            Responses.write(response, 429, Responses.JSON, codec.toJson(ApiException.tooManyRequests().status()));
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            limit.release();
        }
    }

    private static boolean isLongRunning(HttpServletRequest request) {
        String watch = request.getParameter("watch");
        return (watch != null && (watch.isEmpty() || watch.equals("true") || watch.equals("1")))
                || request.getRequestURI().endsWith("/log");
    }
}
