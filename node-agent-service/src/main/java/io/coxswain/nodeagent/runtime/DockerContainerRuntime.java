package io.coxswain.nodeagent.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectExecResponse;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.model.InternetProtocol;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.Version;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@link ContainerRuntime} on a Docker engine through docker-java. A pod is one sandbox container
 * (the pause image, publishing the pod's ports) plus one container per spec container that joins the
 * sandbox's network namespace ({@code NetworkMode=container:<sandbox>}). Every container runs with an
 * init ({@code --init}) so that SIGTERM reaches processes that ignore it as PID 1 (busybox).
 * What a container belongs to is recorded in its labels, which is how {@link #list()} finds it again
 * after an agent restart.
 */
public class DockerContainerRuntime implements ContainerRuntime, Closeable {

    private static final Logger log = LoggerFactory.getLogger(DockerContainerRuntime.class);

    static final String LABEL_NODE = "io.coxswain.node";
    static final String LABEL_KIND = "io.coxswain.kind";
    static final String LABEL_POD_UID = "io.coxswain.pod.uid";
    static final String LABEL_POD_NAMESPACE = "io.coxswain.pod.namespace";
    static final String LABEL_POD_NAME = "io.coxswain.pod.name";
    static final String LABEL_CONTAINER_NAME = "io.coxswain.container.name";
    static final String LABEL_ATTEMPT = "io.coxswain.container.attempt";
    private static final String KIND_SANDBOX = "sandbox";
    private static final String KIND_CONTAINER = "container";
    private static final String DOCKER_ZERO_TIME = "0001-01-01T00:00:00Z";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String nodeName;
    private final String pauseImage;
    private final Duration pullTimeout;
    /** Short calls (create, inspect, list) time out; this keeps a wedged engine from wedging the agent. */
    private final DockerClient docker;
    /** Calls that legitimately last long (stop with grace, followed logs, pulls) have no response timeout. */
    private final DockerClient streaming;

    public DockerContainerRuntime(String dockerHost, String nodeName, String pauseImage, Duration pullTimeout) {
        this.nodeName = nodeName;
        this.pauseImage = pauseImage;
        this.pullTimeout = pullTimeout;
        this.docker = client(dockerHost, Duration.ofSeconds(60));
        this.streaming = client(dockerHost, null);
    }

    private static DockerClient client(String dockerHost, Duration responseTimeout) {
        DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(dockerHost).build();
        ZerodepDockerHttpClient.Builder http = new ZerodepDockerHttpClient.Builder()
                .dockerHost(URI.create(dockerHost))
                .sslConfig(config.getSSLConfig())
                .maxConnections(200)
                .connectionTimeout(Duration.ofSeconds(5));
        if (responseTimeout != null) {
            http.responseTimeout(responseTimeout);
        }
        return DockerClientImpl.getInstance(config, http.build());
    }

    @Override
    public RuntimeInfo info() {
        try {
            Version version = docker.versionCmd().exec();
            Info info = docker.infoCmd().exec();
            return new RuntimeInfo("docker", version.getVersion(),
                    info.getNCPU() == null ? Runtime.getRuntime().availableProcessors() : info.getNCPU(),
                    info.getMemTotal() == null ? 0 : info.getMemTotal(),
                    lower(version.getOperatingSystem(), "linux"), kubernetesArch(version.getArch()),
                    version.getKernelVersion(), info.getOperatingSystem());
        } catch (RuntimeException e) {
            throw wrap("docker info", e);
        }
    }

    @Override
    public boolean imagePresent(String image) {
        try {
            docker.inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        } catch (RuntimeException e) {
            throw wrap("inspect image " + image, e);
        }
    }

    @Override
    public void ensureImage(String image) {
        if (imagePresent(image)) {
            return;
        }
        ImageRef ref = ImageRef.parse(image);
        log.info("pulling image={} node={}", image, nodeName);
        try {
            boolean done = streaming.pullImageCmd(ref.repository()).withTag(ref.tag())
                    .exec(new PullImageResultCallback())
                    .awaitCompletion(pullTimeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                throw new ImagePullException("pulling " + image + " did not finish within " + pullTimeout, null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImagePullException("interrupted while pulling " + image, e);
        } catch (ImagePullException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ImagePullException(engineMessage(e), e);
        }
        if (!imagePresent(image)) {
            throw new ImagePullException("image " + image + " is still absent after its pull finished", null);
        }
    }

    @Override
    public ContainerInfo runSandbox(SandboxSpec spec) {
        ensureImage(pauseImage);
        Map<String, String> labels = labels(spec.pod(), KIND_SANDBOX, null, spec.attempt());
        List<ExposedPort> exposed = new ArrayList<>();
        List<PortBinding> bindings = new ArrayList<>();
        for (PortMapping p : spec.ports()) {
            ExposedPort port = new ExposedPort(p.containerPort(), InternetProtocol.parse(p.protocol().toLowerCase(Locale.ROOT)));
            exposed.add(port);
            bindings.add(new PortBinding(p.hostPort() > 0
                    ? Ports.Binding.bindIpAndPort(spec.bindAddress(), p.hostPort())
                    : Ports.Binding.bindIp(spec.bindAddress()), port));
        }
        CreateContainerCmd create = docker.createContainerCmd(pauseImage)
                .withName(dockerName("POD", spec.pod(), spec.attempt()))
                .withLabels(labels)
                .withHostName(hostname(spec.hostname()))
                .withExposedPorts(exposed)
                .withHostConfig(HostConfig.newHostConfig().withInit(true).withPortBindings(bindings));
        return createAndStart(create, "sandbox of pod " + spec.pod().key());
    }

    @Override
    public ContainerInfo runContainer(ContainerSpec spec) {
        Map<String, String> labels = labels(spec.pod(), KIND_CONTAINER, spec.name(), spec.attempt());
        HostConfig host = HostConfig.newHostConfig()
                .withInit(true)
                .withNetworkMode("container:" + spec.sandboxId());
        Resources r = spec.resources();
        if (r.cpuLimitMillis() != null) {
            host.withNanoCPUs(r.cpuLimitMillis() * 1_000_000L);
        }
        if (r.cpuRequestMillis() != null) {
            host.withCpuShares(cpuShares(r.cpuRequestMillis()));
        }
        if (r.memoryLimitBytes() != null) {
            // no swap beyond the limit, as the kubelet does
            host.withMemory(r.memoryLimitBytes()).withMemorySwap(r.memoryLimitBytes());
        }
        if (r.memoryRequestBytes() != null) {
            host.withMemoryReservation(r.memoryRequestBytes());
        }
        List<String> env = new ArrayList<>();
        spec.env().forEach((k, v) -> env.add(k + "=" + v));
        CreateContainerCmd create = docker.createContainerCmd(spec.image())
                .withName(dockerName(spec.name(), spec.pod(), spec.attempt()))
                .withLabels(labels)
                .withEnv(env)
                .withHostConfig(host);
        // Kubernetes semantics: command replaces the entrypoint (and then the image's cmd is dropped,
        // which the engine does by itself), args replace the cmd.
        if (!spec.command().isEmpty()) {
            create.withEntrypoint(spec.command());
        }
        if (spec.args() != null) {
            create.withCmd(spec.args());
        }
        if (spec.workingDir() != null && !spec.workingDir().isBlank()) {
            create.withWorkingDir(spec.workingDir());
        }
        return createAndStart(create, "container " + spec.name() + " of pod " + spec.pod().key());
    }

    /** CPU request to cgroup shares, with the kubelet's formula (1 CPU = 1024 shares, minimum 2). */
    static int cpuShares(long millis) {
        return (int) Math.max(2, millis * 1024 / 1000);
    }

    private ContainerInfo createAndStart(CreateContainerCmd create, String what) {
        String id;
        try {
            id = create.exec().getId();
        } catch (ConflictException e) {
            // a previous attempt created it and then failed before we learnt its id: remove it, let the caller retry
            removeQuietly(create.getName());
            throw wrap("create " + what, e);
        } catch (RuntimeException e) {
            throw wrap("create " + what, e);
        }
        try {
            docker.startContainerCmd(id).exec();
        } catch (RuntimeException e) {
            removeQuietly(id);
            throw wrap("start " + what, e);
        }
        return inspect(id).orElseThrow(() -> new ContainerNotFoundException(id, null));
    }

    private void removeQuietly(String idOrName) {
        try {
            docker.removeContainerCmd(idOrName).withForce(true).exec();
        } catch (RuntimeException e) {
            log.debug("could not remove {}: {}", idOrName, e.toString());
        }
    }

    @Override
    public List<ContainerSummary> list() {
        List<ContainerSummary> result = new ArrayList<>();
        for (Container c : listByLabels(Map.of(LABEL_NODE, nodeName))) {
            Map<String, String> labels = c.getLabels() == null ? Map.of() : c.getLabels();
            PodRef pod = podRef(labels);
            if (pod != null) {
                result.add(new ContainerSummary(c.getId(), KIND_SANDBOX.equals(labels.get(LABEL_KIND)), pod,
                        labels.get(LABEL_CONTAINER_NAME), parseInt(labels.get(LABEL_ATTEMPT)), state(c.getState())));
            }
        }
        return result;
    }

    @Override
    public List<ContainerInfo> listPod(String namespace, String name) {
        List<ContainerInfo> result = new ArrayList<>();
        for (Container c : listByLabels(Map.of(LABEL_NODE, nodeName, LABEL_POD_NAMESPACE, namespace, LABEL_POD_NAME, name))) {
            inspect(c.getId()).ifPresent(result::add); // removed in between: simply gone
        }
        return result;
    }

    private List<Container> listByLabels(Map<String, String> filter) {
        try {
            return docker.listContainersCmd().withShowAll(true).withLabelFilter(filter).exec();
        } catch (RuntimeException e) {
            throw wrap("list containers", e);
        }
    }

    private static PodRef podRef(Map<String, String> labels) {
        String uid = labels.get(LABEL_POD_UID);
        return uid == null ? null : new PodRef(uid, labels.getOrDefault(LABEL_POD_NAMESPACE, ""), labels.getOrDefault(LABEL_POD_NAME, ""));
    }

    private static ContainerInfo.State state(String dockerState) {
        return switch (dockerState == null ? "" : dockerState) {
            case "created" -> ContainerInfo.State.CREATED;
            case "running", "paused", "restarting" -> ContainerInfo.State.RUNNING;
            case "exited", "dead" -> ContainerInfo.State.EXITED;
            default -> ContainerInfo.State.UNKNOWN;
        };
    }

    @Override
    public Optional<ContainerInfo> inspect(String id) {
        InspectContainerResponse r;
        try {
            r = docker.inspectContainerCmd(id).exec();
        } catch (NotFoundException e) {
            return Optional.empty();
        } catch (RuntimeException e) {
            throw wrap("inspect " + id, e);
        }
        Map<String, String> labels = r.getConfig().getLabels() == null ? Map.of() : r.getConfig().getLabels();
        PodRef pod = podRef(labels);
        if (pod == null) {
            return Optional.empty();
        }
        InspectContainerResponse.ContainerState s = r.getState();
        ContainerInfo.State state = state(s.getStatus());
        Integer exitCode = null;
        String reason = null;
        if (state == ContainerInfo.State.EXITED) {
            exitCode = s.getExitCodeLong() == null ? null : s.getExitCodeLong().intValue();
            if (Boolean.TRUE.equals(s.getOOMKilled())) {
                reason = "OOMKilled";
            } else {
                reason = exitCode != null && exitCode == 0 ? "Completed" : "Error";
            }
        }
        String ip = null;
        List<PublishedPort> ports = new ArrayList<>();
        if (r.getNetworkSettings() != null) {
            Map<String, ContainerNetwork> networks = r.getNetworkSettings().getNetworks();
            if (networks != null) {
                ip = networks.values().stream().map(ContainerNetwork::getIpAddress)
                        .filter(a -> a != null && !a.isEmpty()).findFirst().orElse(null);
            }
            Ports bound = r.getNetworkSettings().getPorts();
            if (bound != null) {
                bound.getBindings().forEach((exposed, bindings) -> {
                    if (bindings != null) {
                        for (Ports.Binding b : bindings) {
                            if (b.getHostPortSpec() != null && !b.getHostPortSpec().isEmpty()) {
                                ports.add(new PublishedPort(exposed.getPort(), exposed.getProtocol().name(),
                                        b.getHostIp(), Integer.parseInt(b.getHostPortSpec())));
                            }
                        }
                    }
                });
            }
        }
        return Optional.of(new ContainerInfo(r.getId(), KIND_SANDBOX.equals(labels.get(LABEL_KIND)), pod,
                labels.get(LABEL_CONTAINER_NAME), parseInt(labels.get(LABEL_ATTEMPT)), r.getConfig().getImage(),
                state, exitCode, reason, emptyToNull(s.getError()), time(r.getCreated()), time(s.getStartedAt()),
                state == ContainerInfo.State.EXITED ? time(s.getFinishedAt()) : null, ip, ports));
    }

    @Override
    public void stop(String id, Duration grace) {
        try {
            // Docker counts whole seconds: round up, never cut a grace period short
            int seconds = (int) Math.max(0, (grace.toMillis() + 999) / 1000);
            streaming.stopContainerCmd(id).withTimeout(seconds).exec();
        } catch (NotModifiedException e) {
            // already stopped
        } catch (NotFoundException e) {
            throw new ContainerNotFoundException(id, e);
        } catch (RuntimeException e) {
            throw wrap("stop " + id, e);
        }
    }

    @Override
    public void remove(String id) {
        try {
            docker.removeContainerCmd(id).withForce(true).exec();
        } catch (NotFoundException e) {
            // already gone
        } catch (ConflictException e) {
            // "removal already in progress"
            log.debug("remove {}: {}", id, e.getMessage());
        } catch (RuntimeException e) {
            throw wrap("remove " + id, e);
        }
    }

    @Override
    public void logs(String id, LogOptions options, OutputStream sink) throws IOException {
        AtomicReference<IOException> sinkFailure = new AtomicReference<>();
        var cmd = streaming.logContainerCmd(id).withStdOut(true).withStdErr(true)
                .withFollowStream(options.follow()).withTimestamps(options.timestamps());
        if (options.tailLines() != null) {
            cmd.withTail(options.tailLines());
        }
        ResultCallback.Adapter<Frame> callback = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame frame) {
                try {
                    sink.write(frame.getPayload());
                    sink.flush();
                } catch (IOException e) {
                    sinkFailure.set(e);
                    try {
                        close();
                    } catch (IOException ignored) {
                        // closing the docker stream; the sink failure is what we report
                    }
                }
            }
        };
        try {
            cmd.exec(callback).awaitCompletion();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            callback.close();
            throw new IOException("interrupted while streaming logs of " + id, e);
        } catch (NotFoundException e) {
            throw new ContainerNotFoundException(id, e);
        } catch (RuntimeException e) {
            if (sinkFailure.get() == null) {
                throw wrap("logs " + id, e);
            }
        }
        if (sinkFailure.get() != null) {
            throw sinkFailure.get();
        }
    }

    @Override
    public ExecResult exec(String id, List<String> command, Duration timeout) {
        String execId;
        try {
            execId = docker.execCreateCmd(id).withCmd(command.toArray(String[]::new))
                    .withAttachStdout(true).withAttachStderr(true).exec().getId();
        } catch (NotFoundException e) {
            throw new ContainerNotFoundException(id, e);
        } catch (RuntimeException e) {
            throw wrap("exec in " + id, e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ResultCallback.Adapter<Frame> callback = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame frame) {
                synchronized (out) {
                    out.writeBytes(frame.getPayload());
                }
            }
        };
        try {
            boolean finished = streaming.execStartCmd(execId).exec(callback)
                    .awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                callback.close();
                return new ExecResult(null, out.toString(StandardCharsets.UTF_8));
            }
            InspectExecResponse inspect = docker.inspectExecCmd(execId).exec();
            Long code = inspect.getExitCodeLong();
            synchronized (out) {
                return new ExecResult(code == null ? null : code.intValue(), out.toString(StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerRuntimeException("interrupted during exec in " + id, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            throw wrap("exec in " + id, e);
        }
    }

    @Override
    public void close() throws IOException {
        docker.close();
        streaming.close();
    }

    private Map<String, String> labels(PodRef pod, String kind, String containerName, int attempt) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(LABEL_NODE, nodeName);
        labels.put(LABEL_KIND, kind);
        labels.put(LABEL_POD_UID, pod.uid());
        labels.put(LABEL_POD_NAMESPACE, pod.namespace());
        labels.put(LABEL_POD_NAME, pod.name());
        if (containerName != null) {
            labels.put(LABEL_CONTAINER_NAME, containerName);
        }
        labels.put(LABEL_ATTEMPT, Integer.toString(attempt));
        return labels;
    }

    /** The kubelet's naming scheme, which keeps names unique per pod uid and attempt and readable in docker ps. */
    private static String dockerName(String container, PodRef pod, int attempt) {
        return "k8s_" + container + "_" + pod.name() + "_" + pod.namespace() + "_" + pod.uid() + "_" + attempt;
    }

    /** Docker accepts RFC 1123 host names of at most 63 characters. */
    private static String hostname(String name) {
        String h = name == null ? "pod" : name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        return h.length() > 63 ? h.substring(0, 63) : h;
    }

    private static Instant time(String s) {
        if (s == null || s.isEmpty() || s.startsWith(DOCKER_ZERO_TIME.substring(0, 10))) {
            return null;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static int parseInt(String s) {
        try {
            return s == null ? 0 : Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static String lower(String s, String fallback) {
        return s == null || s.isEmpty() ? fallback : s.toLowerCase(Locale.ROOT);
    }

    /** Docker reports the kernel's machine name; Kubernetes labels use Go's GOARCH names. */
    static String kubernetesArch(String arch) {
        if (arch == null) {
            return "amd64";
        }
        return switch (arch) {
            case "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> arch;
        };
    }

    /** The engine's own message: docker-java reports it as "Status 500: {"message":"..."}". */
    static String engineMessage(RuntimeException e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        int brace = m.indexOf('{');
        if (e instanceof DockerException && brace >= 0) {
            try {
                JsonNode body = JSON.readTree(m.substring(brace));
                if (body.hasNonNull("message")) {
                    return body.get("message").asText();
                }
            } catch (JsonProcessingException notJson) {
                // keep the raw text
            }
        }
        return m.trim();
    }

    private static ContainerRuntimeException wrap(String action, RuntimeException e) {
        if (e instanceof ContainerRuntimeException cre) {
            return cre;
        }
        return new ContainerRuntimeException(action + ": " + engineMessage(e), e);
    }

    /** repository[:tag] or repository@digest, with Docker's default tag. */
    record ImageRef(String repository, String tag) {
        static ImageRef parse(String image) {
            int at = image.indexOf('@');
            if (at >= 0) {
                return new ImageRef(image.substring(0, at), image.substring(at + 1));
            }
            int slash = image.lastIndexOf('/');
            int colon = image.lastIndexOf(':');
            if (colon > slash) {
                return new ImageRef(image.substring(0, colon), image.substring(colon + 1));
            }
            return new ImageRef(image, "latest");
        }
    }
}
