package io.coxswain.apiserver.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * The api-server as a user runs it: {@code java -jar <exec jar>} in its own JVM (so that the load generator does not share
 * its heap or its GC), on a free loopback port, against the given etcd. Its output goes to {@code target/bench/}.
 *
 * <p>RabbitMQ: the api-server binds its cluster-event consumer at start-up. The benchmark gives it a group of its own
 * ({@code api-server-bench-<port>}) instead of the shared durable group, so it does not steal events from another
 * api-server on the same broker, and an {@code x-expires} of one minute, so the broker deletes that queue a minute after
 * the run. (An anonymous queue would be simpler, but Spring AMQP declares it with {@code x-queue-leader-locator}, which
 * RabbitMQ 3.10 refuses for classic queues.) Where no broker runs, the api-server still serves the API and keeps
 * retrying.
 */
final class ApiServerProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    private final Process process;
    private final int port;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();

    private ApiServerProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts the api-server, trying up to three times: on a machine this busy its first etcd list can miss the 5 s etcd
     * deadline, and the api-server then exits during start-up (see the report in docs/PERFORMANCE.md).
     */
    static ApiServerProcess start(Path jar, String etcdEndpoint, List<String> jvmOpts, Path jfr) {
        for (int attempt = 1; ; attempt++) {
            try {
                return startOnce(jar, etcdEndpoint, jvmOpts, jfr);
            } catch (StartFailedException e) {
                if (attempt == 3) {
                    throw e;
                }
                System.out.printf("%s; starting it again%n", e.getMessage());
            }
        }
    }

    /** The api-server process exited during start-up. */
    static final class StartFailedException extends IllegalStateException {
        StartFailedException(String message) {
            super(message);
        }
    }

    private static ApiServerProcess startOnce(Path jar, String etcdEndpoint, List<String> jvmOpts, Path jfr) {
        int port = freeLoopbackPort();
        Path logDir = Path.of("target", "bench");
        Path log = logDir.resolve("api-server-" + port + ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOpts);
        if (jfr != null) {
            command.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=" + jfr);
        }
        command.addAll(List.of("-jar", jar.toString(),
                "--server.port=" + port,
                "--server.address=127.0.0.1",
                "--coxswain.etcd.endpoints=" + etcdEndpoint,
                // a queue of its own that the broker removes after the run (see the class comment)
                "--spring.cloud.stream.bindings.clusterEvents-in-0.group=api-server-bench-" + port,
                "--spring.cloud.stream.rabbit.bindings.clusterEvents-in-0.consumer.expires=60000",
                "--spring.main.banner-mode=off"));
        try {
            Files.createDirectories(logDir);
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
            ApiServerProcess server = new ApiServerProcess(process, port, log);
            server.awaitReady();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    /** Resident and peak resident set size of the api-server process in KiB, from /proc (Linux). */
    OptionalLong rssKib(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith(field + ":")) {
                    return OptionalLong.of(Long.parseLong(line.replaceAll("[^0-9]", "")));
                }
            }
        } catch (IOException e) {
            // not Linux, or the process is gone: nothing to report
        }
        return OptionalLong.empty();
    }

    /** One value of an Actuator metric ({@code /actuator/metrics/<name>?tag=...}), e.g. jvm.memory.used, area:heap. */
    OptionalLong metric(String name, String tag) {
        String query = tag == null ? "" : "?tag=" + tag;
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url() + "/actuator/metrics/"
                    + name + query)).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return OptionalLong.empty();
            }
            JsonNode value = json.readTree(response.body()).path("measurements").path(0).path("value");
            return value.isNumber() ? OptionalLong.of(value.asLong()) : OptionalLong.empty();
        } catch (IOException e) {
            return OptionalLong.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalLong.empty();
        }
    }

    /** The Prometheus exposition text of {@code /actuator/prometheus}. */
    String prometheus() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url() + "/actuator/prometheus"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("/actuator/prometheus answered " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void awaitReady() {
        HttpRequest ready = HttpRequest.newBuilder(URI.create(url() + "/readyz")).timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new StartFailedException("the api-server exited with code " + process.exitValue()
                        + " during start-up; see " + log.toAbsolutePath());
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYetListening) {
                // still starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException("interrupted while waiting for the api-server", e);
            }
            pause(Duration.ofMillis(200));
        }
        close();
        throw new IllegalStateException("the api-server was not ready within " + START_TIMEOUT.toSeconds() + " s; see "
                + log.toAbsolutePath());
    }

    /** SIGTERM (graceful shutdown; JFR writes its recording), then SIGKILL if it does not exit in time. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }
}
