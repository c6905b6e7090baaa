package io.coxswain.apiserver.rest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.time.Duration;

/**
 * {@code apiserver_request_total{verb,resource,code}} and {@code apiserver_request_duration_seconds{verb,resource}},
 * named and labelled as Kubernetes' own. Long-running requests (WATCH) are counted but kept out of the latency
 * histogram, as in Kubernetes' SLO.
 */
final class RequestMetricsFilter extends OncePerRequestFilter {

    private final MeterRegistry registry;
    // Meters by their tags: registering looks the meter up anyway, but building its id on every request costs more.
    private final java.util.concurrent.ConcurrentMap<String, Counter> counters = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.ConcurrentMap<String, Timer> timers = new java.util.concurrent.ConcurrentHashMap<>();

    RequestMetricsFilter(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return true;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long start = System.nanoTime();
        try {
            chain.doFilter(request, response);
        } finally {
            Object verb = request.getAttribute(ApiRequest.VERB);
            if (verb != null) {
                String resource = String.valueOf(request.getAttribute(ApiRequest.RESOURCE));
                int code = response.getStatus();
                counters.computeIfAbsent(verb + "|" + resource + "|" + code, k -> Counter.builder("apiserver_request_total")
                        .description("Counter of apiserver requests broken out for each verb, resource and HTTP response code.")
                        .tags("verb", verb.toString(), "resource", resource, "code", Integer.toString(code))
                        .register(registry)).increment();
                if (!"WATCH".equals(verb)) {
                    timers.computeIfAbsent(verb + "|" + resource, k -> Timer.builder("apiserver_request_duration_seconds")
                            .description("Response latency distribution in seconds for each verb and resource.")
                            .tags("verb", verb.toString(), "resource", resource)
                            .publishPercentileHistogram()
                            .minimumExpectedValue(Duration.ofMillis(1))
                            .maximumExpectedValue(Duration.ofSeconds(60))
                            .register(registry)).record(Duration.ofNanos(System.nanoTime() - start));
                }
            }
        }
    }
}
