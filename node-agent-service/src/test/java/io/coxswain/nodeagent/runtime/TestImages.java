package io.coxswain.nodeagent.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Builds the local test images (idempotent, about 0.1 s when they are up to date) so that ITs need no registry. */
public final class TestImages {

    public static final String TESTBOX = "coxswain/testbox:latest";
    public static final String PAUSE = "coxswain/pause:latest";

    private TestImages() {
    }

    public static synchronized void ensureBuilt() {
        Path root = projectRoot();
        Path script = root.resolve("scripts/build-test-images.sh");
        try {
            Process p = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("build-test-images.sh did not finish within 120 s");
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException("build-test-images.sh failed: " + out);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Failsafe passes the reactor root as coxswain.root; from an IDE, walk up from the working directory. */
    static Path projectRoot() {
        String configured = System.getProperty("coxswain.root");
        if (configured != null && Files.isDirectory(Path.of(configured, "scripts"))) {
            return Path.of(configured);
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("scripts/build-test-images.sh"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find scripts/build-test-images.sh above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
