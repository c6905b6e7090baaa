package io.coxswain.apiserver.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a pinned kubectl (1.32 by default) against a kubeconfig, as a user would. */
public final class Kubectl {

    /** The outcome of one command. */
    public record Result(int exitCode, String stdout, String stderr) {
        public Result assertOk() {
            if (exitCode != 0) {
                throw new AssertionError("kubectl failed (" + exitCode + "): " + stderr + stdout);
            }
            return this;
        }
    }

    private final Path binary;
    private final Path kubeconfig;
    private final Path cacheDir;

    public Kubectl(Path kubeconfig, Path cacheDir) {
        this(find("1.32"), kubeconfig, cacheDir);
    }

    public Kubectl(Path binary, Path kubeconfig, Path cacheDir) {
        this.binary = asKubectl(binary, cacheDir);
        this.kubeconfig = kubeconfig;
        this.cacheDir = cacheDir;
    }

    /**
     * A link named {@code kubectl} to the binary: kubectl's User-Agent (and so the field manager the API server
     * records for requests without one) is named after the program, and users run it as {@code kubectl}.
     */
    private static Path asKubectl(Path binary, Path dir) {
        try {
            Path bin = Files.createDirectories(dir.resolve("bin"));
            Path link = bin.resolve("kubectl");
            if (!Files.isSymbolicLink(link)) {
                Files.createSymbolicLink(link, binary.toAbsolutePath());
            }
            return link;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Finds {@code kubectl.<version>} on the PATH or in the Google Cloud SDK's bin folder. */
    public static Path find(String version) {
        String name = "kubectl." + version;
        List<Path> candidates = new ArrayList<>();
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            candidates.add(Path.of(dir, name));
        }
        candidates.add(Path.of("/usr/lib/google-cloud-sdk/bin", name));
        candidates.add(Path.of("/usr/local/bin", name));
        return candidates.stream().filter(Files::isExecutable).findFirst().orElseThrow(() -> new IllegalStateException(
                name + " is not installed: the kubectl acceptance tests need it (the Google Cloud SDK's kubectl "
                        + "packages install kubectl.1.27 ... kubectl.1.33)"));
    }

    public Result run(String... args) {
        return runWithInput(null, args);
    }

    /** Runs kubectl with the given standard input (may be null). */
    public Result runWithInput(String stdin, String... args) {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.add("--kubeconfig=" + kubeconfig);
        command.add("--cache-dir=" + cacheDir);
        command.add("--request-timeout=30s");
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
            if (stdin != null) {
                process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            process.getOutputStream().close();
            var out = process.getInputStream().readAllBytes();
            var err = process.getErrorStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("kubectl " + String.join(" ", args) + " did not finish in 60 s");
            }
            return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8),
                    new String(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts a long-running kubectl (e.g. {@code get -w}) whose output goes to a file. */
    public Process start(Path output, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.add("--kubeconfig=" + kubeconfig);
        command.add("--cache-dir=" + cacheDir);
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    }
}
