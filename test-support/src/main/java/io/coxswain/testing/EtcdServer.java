package io.coxswain.testing;

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
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A real single-member etcd, run as a child process on two free loopback ports, for integration tests.
 *
 * <p>Lifecycle: the constructor only picks ports and the data directory; {@link #start()} launches etcd and returns once it
 * answers {@code /health} (or throws after 10 s); {@link #stop()} sends SIGTERM and waits, keeping the data; a later
 * {@link #start()} reuses the same ports and data dir, so a client configured with {@link #endpoint()} reconnects and
 * finds everything it wrote. {@link #close()} kills the process and deletes the data dir when this object created it.
 *
 * <p>etcd's own output goes to {@code target/etcd/<name>.log} (relative to the working directory, which is the module's
 * directory under Surefire and Failsafe) so that a failing test can be diagnosed. Not thread-safe: drive it from the test
 * thread.
 */
public final class EtcdServer implements AutoCloseable {

    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final String name;
    private final Path dataDir;
    private final boolean ownsDataDir;
    private final Path logFile;
    private final int clientPort;
    private final int peerPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private volatile Process process;
    /** Kills etcd if the JVM exits without {@link #close()} (a crashed or interrupted test run), so no etcd outlives it. */
    private final Thread shutdownHook;

    /** An etcd with a fresh temporary data dir, deleted by {@link #close()}. */
    public EtcdServer() {
        this(null);
    }

    /**
     * @param dataDir where etcd keeps its data (kept by {@link #close()}), or {@code null} for a temporary one
     */
    public EtcdServer(Path dataDir) {
        this.clientPort = freeLoopbackPort();
        this.peerPort = freeLoopbackPort();
        this.name = "etcd-" + clientPort;
        try {
            this.ownsDataDir = dataDir == null;
            this.dataDir = dataDir == null ? Files.createTempDirectory("coxswain-etcd-") : dataDir;
            Path logDir = Path.of("target", "etcd");
            Files.createDirectories(logDir);
            this.logFile = logDir.resolve(name + ".log");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare etcd directories", e);
        }
        this.shutdownHook = new Thread(() -> {
            Process running = process;
            if (running != null) {
                running.destroyForcibly();
            }
        }, name + "-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Creates and starts an etcd with a temporary data dir. */
    public static EtcdServer started() {
        EtcdServer server = new EtcdServer();
        try {
            server.start();
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** Launches etcd (again) on this server's ports and data dir and waits until it reports healthy. */
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        String client = "http://127.0.0.1:" + clientPort;
        String peer = "http://127.0.0.1:" + peerPort;
        List<String> command = new ArrayList<>(List.of(etcdBinary().toString(),
                "--name", name,
                "--data-dir", dataDir.toString(),
                "--listen-client-urls", client,
                "--advertise-client-urls", client,
                "--listen-peer-urls", peer,
                "--initial-advertise-peer-urls", peer,
                "--initial-cluster", name + "=" + peer,
                "--initial-cluster-state", "new",
                "--logger", "zap",
                "--log-outputs", "stderr"));
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0), e);
        }
        awaitHealthy();
    }

    /** Stops etcd gracefully (SIGTERM), keeping its data; {@link #start()} brings it back on the same endpoint. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        process = null;
    }

    /** Kills etcd and deletes the data dir if this object created it. Idempotent. */
    @Override
    public synchronized void close() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
        if (ownsDataDir) {
            deleteRecursively(dataDir);
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException jvmShuttingDown) {
            // the hook is running or about to: nothing left to remove
        }
    }

    /** The client URL, {@code http://127.0.0.1:<port>}; stable across {@link #stop()} and {@link #start()}. */
    public String endpoint() {
        return "http://127.0.0.1:" + clientPort;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path logFile() {
        return logFile;
    }

    private void awaitHealthy() {
        HttpRequest health = HttpRequest.newBuilder(URI.create(endpoint() + "/health"))
                .timeout(Duration.ofSeconds(1)).GET().build();
        try {
            Awaitility.await("etcd on " + endpoint() + " healthy")
                    .atMost(HEALTH_TIMEOUT)
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("etcd exited with code " + process.exitValue()
                                    + " during start-up; see " + logFile.toAbsolutePath());
                        }
                        return isHealthy(health);
                    });
        } catch (ConditionTimeoutException e) {
            close();
            throw new IllegalStateException("etcd did not become healthy within " + HEALTH_TIMEOUT.toSeconds()
                    + " s; see " + logFile.toAbsolutePath(), e);
        }
    }

    private boolean isHealthy(HttpRequest health) throws InterruptedException {
        try {
            HttpResponse<String> response = http.send(health, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"health\":\"true\"");
        } catch (IOException notYetListening) {
            // etcd binds its client port only after loading its data
            return false;
        }
    }

    /** /usr/bin/etcd (Debian's etcd-server package), else the first {@code etcd} on PATH. */
    static Path etcdBinary() {
        Path debian = Path.of("/usr/bin/etcd");
        if (Files.isExecutable(debian)) {
            return debian;
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "etcd"))) {
                return Path.of(dir, "etcd");
            }
        }
        throw new IllegalStateException("etcd is not installed: no /usr/bin/etcd and no etcd on PATH. "
                + "Install it with 'apt-get install -y etcd-server' (Debian/Ubuntu) or put an etcd 3.4+ binary on PATH.");
    }

    private static int freeLoopbackPort() {
        // Another process may take the port between this close and etcd's bind; the ephemeral range makes that rare.
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
