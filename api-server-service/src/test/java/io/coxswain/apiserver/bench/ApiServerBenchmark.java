package io.coxswain.apiserver.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.coxswain.testing.EtcdServer;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongFunction;

/**
 * The api-server benchmark (a command, not a test): starts a real etcd ({@link EtcdServer}) and the api-server's
 * runnable jar in its own JVM, warms both up, and measures with plain HTTP (java.net.http, HTTP/1.1, JSON bodies):
 * <ol>
 *   <li>pod creates at a fixed offered rate (open loop: latency from each request's due time) and at max throughput
 *       (closed loop, N clients);</li>
 *   <li>GETs of single pods, the same two ways;</li>
 *   <li>W watch streams on one namespace's pods while pods are created there at a steady rate: delivery latency of each
 *       ADDED event to each watcher, and whether every watcher got every event;</li>
 *   <li>the api-server's memory after the run, and the CPU each process used per phase.</li>
 * </ol>
 * For each phase it also prints the server-side view from {@code /actuator/prometheus}
 * ({@code apiserver_request_duration_seconds}, {@code etcd_request_duration_seconds}), so a missed target can be
 * attributed to the HTTP layer, the registry or etcd. Only loopback traffic. Run by {@code scripts/bench-apiserver.sh}.
 */
public final class ApiServerBenchmark {

    private static final String NAMESPACE = "default";
    private static final String WATCH_NAMESPACE = "bench-watch";
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final BenchOptions options;
    private final ApiServerProcess server;
    private final String etcdEndpoint;
    private final HttpClient http;
    private final LoadGenerator load;
    private final ObjectMapper json = new ObjectMapper();
    private final List<PhaseResult> phases = new ArrayList<>();
    private final List<String[]> breakdown = new ArrayList<>();
    private final List<String[]> cpu = new ArrayList<>();

    private ApiServerBenchmark(BenchOptions options, ApiServerProcess server, String etcdEndpoint) {
        this.options = options;
        this.server = server;
        this.etcdEndpoint = etcdEndpoint;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        this.load = new LoadGenerator(http);
    }

    public static void main(String[] args) throws Exception {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Instant started = Instant.now();
        String loadBefore = loadAverage();
        System.out.printf("api-server benchmark, %s, %d cores, load average %s%n", started.truncatedTo(ChronoUnit.SECONDS),
                Runtime.getRuntime().availableProcessors(), loadBefore);
        try (EtcdServer etcd = EtcdServer.started()) {
            System.out.printf("etcd %s (data %s)%n", etcd.endpoint(), etcd.dataDir());
            try (ApiServerProcess server = ApiServerProcess.start(options.jar(), etcd.endpoint(), options.serverJvmOpts(),
                    options.jfr())) {
                System.out.printf("api-server %s pid %d, log %s%n", server.url(), server.pid(), server.log().toAbsolutePath());
                new ApiServerBenchmark(options, server, etcd.endpoint()).run(started, loadBefore);
            }
        }
        if (options.jfr() != null) {
            System.out.printf("JFR recording: %s (e.g. 'jfr print --events jdk.ExecutionSample %s')%n", options.jfr(),
                    options.jfr());
        }
    }

    private void run(Instant started, String loadBefore) throws Exception {
        if (options.warmupSeconds() > 0) {
            int half = Math.max(1, options.warmupSeconds() / 2);
            System.out.printf("warming up %d s...%n", 2 * half);
            PhaseResult warm = load.maxThroughput("warm-up create", 4, half, 201, i -> createPod(NAMESPACE, "bench-warm-" + i));
            long warmed = Math.max(1, warm.ok());
            load.maxThroughput("warm-up get", 4, half, 200, i -> getPod(NAMESPACE, "bench-warm-" + (i % warmed)));
        }
        int rate = options.rate();
        Queue<String> created = new ConcurrentLinkedQueue<>();
        measure("create pod at " + rate + "/s for " + options.durationSeconds() + " s",
                Map.of("verb", "POST", "resource", "pods"), "pods", "create",
                () -> load.fixedRate("create pod", rate, options.durationSeconds(), 201,
                        i -> createPod(NAMESPACE, "bench-c-" + i), (index, sent, done, status) -> {
                            if (status == 201) {
                                created.add("bench-c-" + index);
                            }
                        }));
        measure("create pod, " + options.concurrency() + " clients for " + options.maxSeconds() + " s",
                Map.of("verb", "POST", "resource", "pods"), "pods", "create",
                () -> load.maxThroughput("create pod", options.concurrency(), options.maxSeconds(), 201,
                        i -> createPod(NAMESPACE, "bench-m-" + i)));
        // GETs of pods that exist: the ones the fixed-rate phase created (it may have had failures).
        String[] names = created.toArray(String[]::new);
        if (names.length == 0) {
            throw new IllegalStateException("no pod was created at " + rate + "/s; nothing to GET");
        }
        LongFunction<HttpRequest> randomGet = i -> getPod(NAMESPACE,
                names[ThreadLocalRandom.current().nextInt(names.length)]);
        measure("get pod at " + rate + "/s for " + options.durationSeconds() + " s",
                Map.of("verb", "GET", "resource", "pods"), "pods", "get",
                () -> load.fixedRate("get pod", rate, options.durationSeconds(), 200, randomGet,
                        LoadGenerator.Completion.NONE));
        measure("get pod, " + options.concurrency() + " clients for " + options.maxSeconds() + " s",
                Map.of("verb", "GET", "resource", "pods"), "pods", "get",
                () -> load.maxThroughput("get pod", options.concurrency(), options.maxSeconds(), 200, randomGet));

        WatchFanout.Result fanout = watchFanout();
        Memory memory = memory();
        print(started, loadBefore, fanout, memory);
    }

    private interface Phase {
        PhaseResult run() throws Exception;
    }

    /** Runs a phase and records, from scrapes before and after, the server's and etcd's share and each process's CPU. */
    private void measure(String label, Map<String, String> requestSelector, String etcdType, String etcdOperation,
                         Phase phase) throws Exception {
        System.out.printf("%s...%n", label);
        CpuTimes cpuBefore = CpuTimes.now(server.pid());
        PrometheusSnapshot before = PrometheusSnapshot.parse(server.prometheus());
        PrometheusSnapshot etcdBefore = PrometheusSnapshot.parse(etcdMetrics());
        PhaseResult result = phase.run();
        PrometheusSnapshot after = PrometheusSnapshot.parse(server.prometheus());
        PrometheusSnapshot etcdAfter = PrometheusSnapshot.parse(etcdMetrics());
        CpuTimes cpuAfter = CpuTimes.now(server.pid());
        phases.add(result);
        var request = after.histogramSince(before, "apiserver_request_duration_seconds", requestSelector);
        var etcdCall = after.histogramSince(before, "etcd_request_duration_seconds",
                Map.of("operation", etcdOperation, "type", etcdType));
        var namespaceGet = after.histogramSince(before, "etcd_request_duration_seconds",
                Map.of("operation", "get", "type", "namespaces"));
        // etcd's own view: every write waits for one WAL fsync (and linearizable reads wait for pending writes).
        var fsync = etcdAfter.histogramSince(etcdBefore, "etcd_disk_wal_fsync_duration_seconds", Map.of());
        breakdown.add(new String[]{result.name(), result.mode(),
                ms(request.meanMillis()), ms(request.quantileMillis(0.5)), ms(request.quantileMillis(0.99)),
                etcdOperation + " " + etcdType + ": " + ms(etcdCall.meanMillis()) + " / " + ms(etcdCall.quantileMillis(0.99))
                        + " (n=" + etcdCall.count() + ")",
                namespaceGet.count() == 0 ? "-" : ms(namespaceGet.meanMillis()) + " / "
                        + ms(namespaceGet.quantileMillis(0.99)) + " (n=" + namespaceGet.count() + ")",
                ms(fsync.meanMillis()) + " / " + ms(fsync.quantileMillis(0.99)) + " (n=" + fsync.count() + ")"});
        cpu.add(cpuAfter.since(cpuBefore, result.name() + ", " + result.mode(), result.ok()));
    }

    private WatchFanout.Result watchFanout() throws Exception {
        System.out.printf("watch fan-out: %d watchers, %d creates/s for %d s...%n", options.watchers(),
                options.watchRate(), options.watchSeconds());
        send(HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/namespaces"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\","
                        + "\"metadata\":{\"name\":\"" + WATCH_NAMESPACE + "\"}}")).build(), 201);
        String list = send(HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/namespaces/" + WATCH_NAMESPACE
                + "/pods")).GET().build(), 200);
        String resourceVersion = json.readTree(list).path("metadata").path("resourceVersion").asText();
        HttpClient watchClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        CpuTimes cpuBefore = CpuTimes.now(server.pid());
        WatchFanout.Result result = new WatchFanout(http, watchClient, server.url()).run(WATCH_NAMESPACE, resourceVersion,
                options.watchers(), options.watchRate(), options.watchSeconds(),
                i -> createPod(WATCH_NAMESPACE, WatchFanout.NAME_PREFIX + i));
        cpu.add(CpuTimes.now(server.pid()).since(cpuBefore, "watch fan-out (" + options.watchers() + " watchers, "
                + options.watchRate() + " creates/s)", result.creates().ok()));
        phases.add(result.creates());
        return result;
    }

    private record Memory(OptionalLong rssKib, OptionalLong peakRssKib, OptionalLong heapUsed, OptionalLong heapCommitted,
                          OptionalLong nonHeapUsed, OptionalLong threads) {
    }

    private Memory memory() {
        return new Memory(server.rssKib("VmRSS"), server.rssKib("VmHWM"),
                server.metric("jvm.memory.used", "area:heap"), server.metric("jvm.memory.committed", "area:heap"),
                server.metric("jvm.memory.used", "area:nonheap"), server.metric("jvm.threads.live", null));
    }

    private void print(Instant started, String loadBefore, WatchFanout.Result fanout, Memory memory) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%n## Results (%s, %d cores, load average before %s, after %s)%n%n",
                started.truncatedTo(ChronoUnit.SECONDS), Runtime.getRuntime().availableProcessors(), loadBefore,
                loadAverage()));
        out.append("Client-side latency (java.net.http, HTTP/1.1). Open loop: counted from each request's due time.\n\n");
        table(out, new String[]{"phase", "mode", "sent", "ok", "failed", "req/s", "p50 ms", "p90 ms", "p99 ms", "max ms"},
                phases.stream().map(p -> new String[]{p.name(), p.mode(), Long.toString(p.sent()), Long.toString(p.ok()),
                        Long.toString(p.failed()), String.format(Locale.ROOT, "%.1f", p.throughput()), ms(p.millis(50)),
                        ms(p.millis(90)), ms(p.millis(99)), ms(p.maxMillis())}).toList());
        phases.stream().filter(p -> p.firstError() != null)
                .forEach(p -> out.append(String.format("first failure in %s (%s): %s%n", p.name(), p.mode(), p.firstError())));

        out.append(String.format("%nWatch fan-out: %d watchers, %d acknowledged creates (%d/s offered); delivered %d of %d (watcher, event) pairs,"
                        + " %d duplicates, %d watch errors; %d deliveries arrived before the create's response; %d deliveries"
                + " of pods whose create failed on the client side%n%n",
                fanout.watchers(), fanout.events(), options.watchRate(), fanout.delivered(), fanout.expected(),
                fanout.duplicates(), fanout.watchErrors(), fanout.beforeAck(), fanout.unacknowledged()));
        if (fanout.firstWatchError() != null) {
            out.append("first watch error: ").append(fanout.firstWatchError()).append('\n');
        }
        table(out, new String[]{"delivery latency", "n", "p50 ms", "p90 ms", "p99 ms", "max ms"}, List.of(
                histogramRow("from create sent", fanout.fromSend()),
                histogramRow("after create acknowledged", fanout.afterAck())));

        out.append("\nServer side, from /actuator/prometheus over the same phase (histogram estimates; "
                + "etcd columns: mean / p99 ms):\n\n");
        table(out, new String[]{"phase", "mode", "server mean ms", "server p50 ms", "server p99 ms", "etcd call",
                "etcd get namespaces", "etcd WAL fsync"}, breakdown);

        out.append("\nCPU used per phase (seconds of CPU; ms per successful request; CPU pressure: share of the phase during"
                + " which some runnable task on the machine waited for a core, from /proc/pressure/cpu):\n\n");
        table(out, new String[]{"phase", "api-server s", "etcd s", "load generator s", "api-server ms/req",
                "etcd ms/req", "CPU pressure"}, cpu);

        out.append(String.format("%napi-server memory after the run: RSS %s MiB (peak %s MiB), heap used %s MiB of %s MiB "
                        + "committed, non-heap %s MiB, %s threads%n", kib(memory.rssKib()), kib(memory.peakRssKib()),
                bytes(memory.heapUsed()), bytes(memory.heapCommitted()), bytes(memory.nonHeapUsed()),
                memory.threads().isPresent() ? Long.toString(memory.threads().getAsLong()) : "?"));
        System.out.print(out);
    }

    private static String[] histogramRow(String name, Histogram h) {
        boolean empty = h.getTotalCount() == 0;
        return new String[]{name, Long.toString(h.getTotalCount()),
                empty ? "-" : ms(h.getValueAtPercentile(50) / 1000.0), empty ? "-" : ms(h.getValueAtPercentile(90) / 1000.0),
                empty ? "-" : ms(h.getValueAtPercentile(99) / 1000.0), empty ? "-" : ms(h.getMaxValue() / 1000.0)};
    }

    /** A Markdown table (readable as is on a terminal, pasteable into docs/PERFORMANCE.md). */
    private static void table(StringBuilder out, String[] header, List<String[]> rows) {
        int[] widths = new int[header.length];
        for (int i = 0; i < header.length; i++) {
            widths[i] = header[i].length();
            for (String[] row : rows) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        line(out, header, widths);
        String[] rule = new String[header.length];
        for (int i = 0; i < header.length; i++) {
            rule[i] = "-".repeat(widths[i]);
        }
        line(out, rule, widths);
        rows.forEach(row -> line(out, row, widths));
    }

    private static void line(StringBuilder out, String[] cells, int[] widths) {
        out.append('|');
        for (int i = 0; i < cells.length; i++) {
            out.append(' ').append(String.format("%-" + widths[i] + "s", cells[i])).append(" |");
        }
        out.append('\n');
    }

    private HttpRequest createPod(String namespace, String name) {
        // A small pod, as a user would post it; the server adds defaults (about 1 KB stored).
        String body = "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"" + name
                + "\",\"labels\":{\"app\":\"bench\"}},\"spec\":{\"containers\":[{\"name\":\"web\","
                + "\"image\":\"coxswain/testbox:latest\",\"ports\":[{\"containerPort\":8080}]}]}}";
        return HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/namespaces/" + namespace + "/pods"))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private HttpRequest getPod(String namespace, String name) {
        return HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/namespaces/" + namespace + "/pods/" + name))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json")
                .GET().build();
    }

    /** etcd's own Prometheus metrics ({@code /metrics} on its client URL). */
    private String etcdMetrics() throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(etcdEndpoint + "/metrics")).timeout(REQUEST_TIMEOUT).GET().build(),
                200);
    }

    private String send(HttpRequest request, int expectedStatus) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expectedStatus) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " answered "
                    + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static String ms(double millis) {
        return Double.isNaN(millis) ? "-" : String.format(Locale.ROOT, millis < 10 ? "%.2f" : "%.1f", millis);
    }

    private static String kib(OptionalLong kib) {
        return kib.isPresent() ? Long.toString(kib.getAsLong() / 1024) : "?";
    }

    private static String bytes(OptionalLong bytes) {
        return bytes.isPresent() ? Long.toString(bytes.getAsLong() / (1024 * 1024)) : "?";
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "?";
        }
    }

    /**
     * CPU time so far of the api-server, of etcd (this JVM's child process) and of this JVM (the load generator), and the
     * machine's CPU pressure stall total ({@code /proc/pressure/cpu}, "some": time during which at least one runnable task
     * waited for a CPU), which tells how much of a latency is waiting for a core on a shared machine.
     */
    private record CpuTimes(Duration server, Duration etcd, Duration self, long pressureMicros, long wallNanos) {

        static CpuTimes now(long serverPid) {
            Duration server = ProcessHandle.of(serverPid).flatMap(p -> p.info().totalCpuDuration()).orElse(Duration.ZERO);
            Duration etcd = ProcessHandle.current().children()
                    .filter(p -> p.info().command().map(c -> c.endsWith("/etcd")).orElse(false))
                    .findFirst().flatMap(p -> p.info().totalCpuDuration()).orElse(Duration.ZERO);
            Duration self = ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO);
            return new CpuTimes(server, etcd, self, cpuPressureMicros(), System.nanoTime());
        }

        /** The "some total" of /proc/pressure/cpu in microseconds, or -1 where the kernel has no PSI. */
        private static long cpuPressureMicros() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/pressure/cpu"))) {
                    if (line.startsWith("some ")) {
                        return Long.parseLong(line.substring(line.indexOf("total=") + "total=".length()).trim());
                    }
                }
            } catch (IOException | RuntimeException e) {
                // no PSI on this kernel
            }
            return -1;
        }

        String[] since(CpuTimes before, String phase, long requests) {
            double s = seconds(server.minus(before.server));
            double e = seconds(etcd.minus(before.etcd));
            double c = seconds(self.minus(before.self));
            long n = Math.max(1, requests);
            String pressure = pressureMicros < 0 || before.pressureMicros < 0 ? "?" : String.format(Locale.ROOT, "%.0f%%",
                    100.0 * (pressureMicros - before.pressureMicros) * 1000 / (wallNanos - before.wallNanos));
            return new String[]{phase, fmt(s), fmt(e), fmt(c), fmt(s * 1000 / n), fmt(e * 1000 / n), pressure};
        }

        private static double seconds(Duration d) {
            return d.toNanos() / 1e9;
        }

        private static String fmt(double v) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
    }

}
