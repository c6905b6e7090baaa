package io.coxswain.apiserver.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the benchmark does, from its command line ({@code --name value}). Every phase is bounded in time and count.
 *
 * @param jar            the api-server's runnable jar, started in its own JVM
 * @param serverJvmOpts  extra options for that JVM (e.g. {@code -Xmx512m}), split on blanks
 * @param jfr            when set, the api-server runs with a JFR profiling recording written to this file at exit
 * @param warmupSeconds  closed-loop creates and gets before measuring, so both JVMs are compiled
 * @param rate           offered rate of the fixed-rate (open-loop) create and get phases, per second
 * @param durationSeconds how long each fixed-rate phase lasts
 * @param concurrency    clients of the max-throughput (closed-loop) phases
 * @param maxSeconds     how long each max-throughput phase lasts
 * @param watchers       HTTP watch streams open during the fan-out phase
 * @param watchRate      creates per second during the fan-out phase
 * @param watchSeconds   how long the fan-out phase creates
 */
record BenchOptions(Path jar, List<String> serverJvmOpts, Path jfr, int warmupSeconds, int rate, int durationSeconds,
                    int concurrency, int maxSeconds, int watchers, int watchRate, int watchSeconds) {

    static final String USAGE = """
            usage: ApiServerBenchmark [--jar <api-server exec jar>] [--server-jvm-opts "<opts>"] [--jfr <file.jfr>]
                                      [--warmup <s>] [--rate <per s>] [--duration <s>] [--concurrency <n>]
                                      [--max-duration <s>] [--watchers <n>] [--watch-rate <per s>] [--watch-duration <s>]
            defaults: --jar target/api-server-service-0.1.0-SNAPSHOT-exec.jar --warmup 20 --rate 200 --duration 30
                      --concurrency 16 --max-duration 15 --watchers 100 --watch-rate 50 --watch-duration 10""";

    static BenchOptions parse(String[] args) {
        Path jar = Path.of("target", "api-server-service-0.1.0-SNAPSHOT-exec.jar");
        List<String> jvmOpts = new ArrayList<>();
        Path jfr = null;
        int warmup = 20;
        int rate = 200;
        int duration = 30;
        int concurrency = 16;
        int maxDuration = 15;
        int watchers = 100;
        int watchRate = 50;
        int watchDuration = 10;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.equals("--help") || name.equals("-h")) {
                throw new IllegalArgumentException(USAGE);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value for " + name + "\n" + USAGE);
            }
            String value = args[++i];
            switch (name) {
                case "--jar" -> jar = Path.of(value);
                case "--server-jvm-opts" -> jvmOpts = Arrays.stream(value.trim().split("\\s+"))
                        .filter(s -> !s.isEmpty()).toList();
                case "--jfr" -> jfr = Path.of(value).toAbsolutePath();
                case "--warmup" -> warmup = nonNegative(name, value);
                case "--rate" -> rate = positive(name, value);
                case "--duration" -> duration = positive(name, value);
                case "--concurrency" -> concurrency = positive(name, value);
                case "--max-duration" -> maxDuration = positive(name, value);
                case "--watchers" -> watchers = positive(name, value);
                case "--watch-rate" -> watchRate = positive(name, value);
                case "--watch-duration" -> watchDuration = positive(name, value);
                default -> throw new IllegalArgumentException("unknown option " + name + "\n" + USAGE);
            }
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("api-server jar " + jar.toAbsolutePath() + " not found; build it with "
                    + "'./mvnw -pl api-server-service -am package -DskipTests' or pass --jar");
        }
        return new BenchOptions(jar.toAbsolutePath(), List.copyOf(jvmOpts), jfr, warmup, rate, duration, concurrency,
                maxDuration, watchers, watchRate, watchDuration);
    }

    private static int positive(String name, String value) {
        int n = nonNegative(name, value);
        if (n == 0) {
            throw new IllegalArgumentException(name + " must be positive");
        }
        return n;
    }

    private static int nonNegative(String name, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " takes a non-negative integer, got '" + value + "'");
        }
    }
}
