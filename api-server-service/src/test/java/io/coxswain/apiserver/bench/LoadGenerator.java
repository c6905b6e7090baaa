package io.coxswain.apiserver.bench;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;

/**
 * Drives plain HTTP requests (java.net.http, HTTP/1.1) at the api-server in two ways:
 * <ul>
 *   <li>open loop ({@link #fixedRate}): request i is due at start + i/rate whatever happened to earlier ones, and its
 *       latency is counted from that due time, so time spent queueing behind slow requests (in the client's or the server's
 *       queues) is part of the figure and a stall cannot hide itself (no coordinated omission);</li>
 *   <li>closed loop ({@link #maxThroughput}): N clients each send the next request when the previous one is answered;
 *       throughput is what the server sustains, and latency is per request.</li>
 * </ul>
 * Both are bounded by a duration; requests still in flight at the end are waited for (at most 30 s) and counted.
 */
final class LoadGenerator {

    /** A cap on requests in flight in the open loop, so a stalled server cannot make the client run out of memory. */
    private static final int MAX_IN_FLIGHT = 5_000;
    private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(5);

    private final HttpClient http;

    LoadGenerator(HttpClient http) {
        this.http = http;
    }

    /** Observes each completed request: its index, when it was sent, when it was answered (System.nanoTime). */
    interface Completion {
        Completion NONE = (index, sentNanos, doneNanos, status) -> { };

        void completed(long index, long sentNanos, long doneNanos, int status);
    }

    PhaseResult fixedRate(String name, int rate, int seconds, int expectedStatus, LongFunction<HttpRequest> requests,
                          Completion completion) {
        long total = (long) rate * seconds;
        long periodNanos = TimeUnit.SECONDS.toNanos(1) / rate;
        Histogram latency = new ConcurrentHistogram(HIGHEST_MICROS, 3);
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong inFlight = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        List<CompletableFuture<?>> pending = new ArrayList<>();
        long start = System.nanoTime();
        long sent = 0;
        for (long i = 0; i < total; i++) {
            long due = start + i * periodNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            if (inFlight.get() >= MAX_IN_FLIGHT) {
                failed.incrementAndGet();
                firstError.compareAndSet(null, "more than " + MAX_IN_FLIGHT + " requests in flight; not sent");
                continue;
            }
            long index = i;
            inFlight.incrementAndGet();
            long sentAt = System.nanoTime();
            sent++;
            pending.add(http.sendAsync(requests.apply(i), HttpResponse.BodyHandlers.ofString())
                    .handle((response, error) -> {
                        long done = System.nanoTime();
                        inFlight.decrementAndGet();
                        record(response, error, expectedStatus, done - due, latency, ok, failed, firstError);
                        completion.completed(index, sentAt, done, response == null ? -1 : response.statusCode());
                        return null;
                    }));
        }
        awaitAll(pending);
        return new PhaseResult(name, "open loop " + rate + "/s", sent, ok.get(), failed.get(),
                System.nanoTime() - start, latency, firstError.get());
    }

    PhaseResult maxThroughput(String name, int clients, int seconds, int expectedStatus,
                              LongFunction<HttpRequest> requests) {
        Histogram latency = new ConcurrentHistogram(HIGHEST_MICROS, 3);
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong counter = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Thread thread = new Thread(() -> {
                while (System.nanoTime() < end) {
                    HttpRequest request = requests.apply(counter.getAndIncrement());
                    long sentAt = System.nanoTime();
                    HttpResponse<String> response = null;
                    Throwable error = null;
                    try {
                        response = http.send(request, HttpResponse.BodyHandlers.ofString());
                    } catch (IOException e) {
                        error = e;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    record(response, error, expectedStatus, System.nanoTime() - sentAt, latency, ok, failed, firstError);
                }
            }, "bench-client-" + c);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        return new PhaseResult(name, "closed loop " + clients + " clients", counter.get(), ok.get(), failed.get(),
                System.nanoTime() - start, latency, firstError.get());
    }

    private static void record(HttpResponse<String> response, Throwable error, int expectedStatus, long latencyNanos,
                               Histogram latency, AtomicLong ok, AtomicLong failed, AtomicReference<String> firstError) {
        if (error == null && response.statusCode() == expectedStatus) {
            ok.incrementAndGet();
            latency.recordValue(Math.min(HIGHEST_MICROS, TimeUnit.NANOSECONDS.toMicros(latencyNanos)));
            return;
        }
        failed.incrementAndGet();
        firstError.compareAndSet(null, error != null ? error.toString()
                : response.statusCode() + " " + abbreviate(response.body()));
    }

    private static String abbreviate(String body) {
        return body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }

    private static void awaitAll(List<CompletableFuture<?>> pending) {
        try {
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("requests still unanswered 30 s after the phase ended", e);
        }
    }
}
