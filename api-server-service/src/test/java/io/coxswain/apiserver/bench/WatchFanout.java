package io.coxswain.apiserver.bench;

import org.HdrHistogram.Histogram;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * The watch fan-out phase: W HTTP watch streams on pods of one namespace, all opened from the same resourceVersion, then
 * pods created there at a steady rate. For every (watcher, pod) pair it records when the ADDED event arrived, and from
 * that the delivery latency counted from when the create was sent and from when it was acknowledged (an event can
 * arrive before the client reads the create's response: those count as 0 after the acknowledgement).
 */
final class WatchFanout {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);
    private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(5);

    /**
     * @param events            creates made (and events each watcher should get)
     * @param delivered         (watcher, event) pairs that arrived
     * @param duplicates        ADDED events a watcher got more than once
     * @param watchErrors       ERROR events or broken streams (a watcher cut off as too slow, for instance)
     * @param fromSend          delivery latency from the create being sent, microseconds
     * @param afterAck          delivery latency after the create was acknowledged (0 when it came first), microseconds
     * @param beforeAck         deliveries that arrived before the create's response
     * @param unacknowledged    deliveries of pods whose create failed on the client's side (e.g. a 503 after the
     *                          server's etcd deadline) but was applied all the same; not counted in {@code delivered}
     */
    record Result(int watchers, PhaseResult creates, long events, long delivered, long duplicates, long watchErrors,
                  Histogram fromSend, Histogram afterAck, long beforeAck, long unacknowledged,
                  String firstWatchError) {

        long expected() {
            return events * watchers;
        }
    }

    private final HttpClient creates;
    private final HttpClient watches;
    private final String baseUrl;

    WatchFanout(HttpClient creates, HttpClient watches, String baseUrl) {
        this.creates = creates;
        this.watches = watches;
        this.baseUrl = baseUrl;
    }

    Result run(String namespace, String resourceVersion, int watcherCount, int rate, int seconds,
               LongFunction<HttpRequest> createRequest) throws InterruptedException {
        int total = rate * seconds;
        long[] sent = new long[total];
        long[] acked = new long[total];
        List<StreamWatcher> watchers = new ArrayList<>();
        CountDownLatch connected = new CountDownLatch(watcherCount);
        List<CompletableFuture<HttpResponse<Void>>> streams = new ArrayList<>();
        URI uri = URI.create(baseUrl + "/api/v1/namespaces/" + namespace + "/pods?watch=true&resourceVersion="
                + resourceVersion + "&timeoutSeconds=" + (seconds + DRAIN_TIMEOUT.toSeconds() + 60));
        try {
            for (int w = 0; w < watcherCount; w++) {
                StreamWatcher watcher = new StreamWatcher(total);
                watchers.add(watcher);
                HttpRequest request = HttpRequest.newBuilder(uri).header("Accept", "application/json").GET().build();
                streams.add(watches.sendAsync(request, info -> {
                    // Called when the headers arrive: the api-server flushes them once the watcher is registered.
                    if (info.statusCode() == 200) {
                        connected.countDown();
                    } else {
                        watcher.fail("watch answered " + info.statusCode());
                    }
                    return HttpResponse.BodySubscribers.fromLineSubscriber(watcher);
                }));
            }
            if (!connected.await(CONNECT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException((watcherCount - connected.getCount()) + " of " + watcherCount
                        + " watches connected within " + CONNECT_TIMEOUT.toSeconds() + " s");
            }
            LoadGenerator load = new LoadGenerator(creates);
            PhaseResult createResult = load.fixedRate("create pod (while watched)", rate, seconds, 201, createRequest,
                    (index, sentNanos, doneNanos, status) -> {
                        // Only acknowledged creates count: a create that timed out (503) may still have been applied,
                        // and its event is then reported apart.
                        if (status == 201) {
                            sent[(int) index] = sentNanos;
                            acked[(int) index] = doneNanos;
                        }
                    });
            long drainDeadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
            while (System.nanoTime() < drainDeadline
                    && watchers.stream().anyMatch(w -> w.received.get() < createResult.ok() && !w.broken)) {
                TimeUnit.MILLISECONDS.sleep(50);
            }
            return summarize(watchers, createResult, sent, acked);
        } finally {
            watchers.forEach(StreamWatcher::cancel);
            streams.forEach(s -> s.cancel(true));
        }
    }

    private static Result summarize(List<StreamWatcher> watchers, PhaseResult createResult, long[] sent, long[] acked) {
        Histogram fromSend = new Histogram(HIGHEST_MICROS, 3);
        Histogram afterAck = new Histogram(HIGHEST_MICROS, 3);
        long delivered = 0;
        long duplicates = 0;
        long errors = 0;
        long beforeAck = 0;
        long unacknowledged = 0;
        String firstError = null;
        for (StreamWatcher w : watchers) {
            duplicates += w.duplicates.get();
            errors += w.errors.get();
            if (firstError == null) {
                firstError = w.firstError;
            }
            for (int i = 0; i < w.receivedAt.length; i++) {
                long at = w.receivedAt[i];
                if (at == 0) {
                    continue;
                }
                if (sent[i] == 0) {
                    unacknowledged++;
                    continue;
                }
                delivered++;
                fromSend.recordValue(clamp(at - sent[i]));
                long afterAckNanos = at - acked[i];
                if (afterAckNanos < 0) {
                    beforeAck++;
                }
                afterAck.recordValue(clamp(Math.max(0, afterAckNanos)));
            }
        }
        return new Result(watchers.size(), createResult, createResult.ok(), delivered, duplicates, errors, fromSend,
                afterAck, beforeAck, unacknowledged, firstError);
    }

    private static long clamp(long nanos) {
        return Math.min(HIGHEST_MICROS, TimeUnit.NANOSECONDS.toMicros(nanos));
    }

    /** Index of a benchmark pod from its name ({@code <prefix><index>}), or -1. */
    static int indexOf(String line, String namePrefix) {
        int metadata = line.indexOf("\"metadata\":{");
        if (metadata < 0) {
            return -1;
        }
        String marker = "\"name\":\"" + namePrefix;
        int name = line.indexOf(marker, metadata);
        if (name < 0) {
            return -1;
        }
        int from = name + marker.length();
        int to = line.indexOf('"', from);
        try {
            return Integer.parseInt(line, from, to, 10);
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            return -1;
        }
    }

    static final String NAME_PREFIX = "bench-w-";

    /** One watch stream's consumer; called by the HTTP client one line at a time (never concurrently). */
    private static final class StreamWatcher implements Flow.Subscriber<String> {

        final long[] receivedAt;
        final AtomicLong received = new AtomicLong();
        final AtomicLong duplicates = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        volatile boolean broken;
        volatile String firstError;
        private volatile Flow.Subscription subscription;

        StreamWatcher(int events) {
            this.receivedAt = new long[events];
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            long now = System.nanoTime();
            if (line.startsWith("{\"type\":\"ADDED\"")) {
                int index = indexOf(line, NAME_PREFIX);
                if (index >= 0 && index < receivedAt.length) {
                    if (receivedAt[index] != 0) {
                        duplicates.incrementAndGet();
                    } else {
                        receivedAt[index] = now;
                        received.incrementAndGet();
                    }
                }
            } else if (line.startsWith("{\"type\":\"ERROR\"")) {
                fail(line.length() > 300 ? line.substring(0, 300) : line);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            if (subscription != null) {
                fail(throwable.toString());
            }
        }

        @Override
        public void onComplete() {
            broken = true;
        }

        void fail(String error) {
            errors.incrementAndGet();
            broken = true;
            if (firstError == null) {
                firstError = error;
            }
        }

        void cancel() {
            Flow.Subscription s = subscription;
            subscription = null;
            if (s != null) {
                s.cancel();
            }
        }
    }
}
