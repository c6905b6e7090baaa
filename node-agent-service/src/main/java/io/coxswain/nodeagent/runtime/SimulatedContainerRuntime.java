package io.coxswain.nodeagent.runtime;

import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A runtime without containers, for "hollow" nodes: one process can act as hundreds of nodes in scale tests
 * of the api-server, scheduler and controllers. A container is CREATED when run and counts as RUNNING once
 * {@code startDelay} has passed on the clock; it runs until stopped (then it exits with 0, "Completed").
 * It prints nothing, and exec commands succeed (exit 0, no output): a simulated process is always healthy.
 * Sandboxes get the node address as their IP and publish exactly the requested host ports (0 stays 0: nothing
 * is listening). Images are always present. State lives in memory, so it does not survive an agent restart.
 */
public class SimulatedContainerRuntime implements ContainerRuntime {

    private final Clock clock;
    private final Duration startDelay;
    private final String nodeAddress;
    private final RuntimeInfo info;
    private final Map<String, Sim> containers = new ConcurrentHashMap<>();

    public SimulatedContainerRuntime(Clock clock, Duration startDelay, String nodeAddress, int cpus, long memoryBytes) {
        this.clock = clock;
        this.startDelay = startDelay;
        this.nodeAddress = nodeAddress;
        this.info = new RuntimeInfo("simulated", "0.1.0", cpus, memoryBytes, "linux", "amd64", "simulated", "Coxswain hollow node");
    }

    /** One simulated container; immutable, replaced on stop. */
    private record Sim(ContainerInfo created, Instant stoppedAt) {
    }

    @Override
    public RuntimeInfo info() {
        return info;
    }

    @Override
    public void ensureImage(String image) {
        // every image is present on a hollow node
    }

    @Override
    public boolean imagePresent(String image) {
        return true;
    }

    @Override
    public ContainerInfo runSandbox(SandboxSpec spec) {
        List<PublishedPort> ports = spec.ports().stream()
                .map(p -> new PublishedPort(p.containerPort(), p.protocol(), spec.bindAddress(), p.hostPort()))
                .toList();
        return add(new ContainerInfo(newId(), true, spec.pod(), null, spec.attempt(), "simulated/pause",
                ContainerInfo.State.CREATED, null, null, null, clock.instant(), null, null, nodeAddress, ports));
    }

    @Override
    public ContainerInfo runContainer(ContainerSpec spec) {
        if (!containers.containsKey(spec.sandboxId())) {
            throw new ContainerNotFoundException(spec.sandboxId(), null);
        }
        return add(new ContainerInfo(newId(), false, spec.pod(), spec.name(), spec.attempt(), spec.image(),
                ContainerInfo.State.CREATED, null, null, null, clock.instant(), null, null, null, List.of()));
    }

    private ContainerInfo add(ContainerInfo c) {
        containers.put(c.id(), new Sim(c, null));
        return view(containers.get(c.id()));
    }

    @Override
    public List<ContainerSummary> list() {
        List<ContainerSummary> result = new ArrayList<>();
        containers.values().forEach(s -> {
            ContainerInfo c = view(s);
            result.add(new ContainerSummary(c.id(), c.sandbox(), c.pod(), c.name(), c.attempt(), c.state()));
        });
        return result;
    }

    @Override
    public List<ContainerInfo> listPod(String namespace, String name) {
        List<ContainerInfo> result = new ArrayList<>();
        containers.values().forEach(s -> {
            ContainerInfo c = view(s);
            if (c.pod().namespace().equals(namespace) && c.pod().name().equals(name)) {
                result.add(c);
            }
        });
        return result;
    }

    @Override
    public Optional<ContainerInfo> inspect(String id) {
        return Optional.ofNullable(containers.get(id)).map(this::view);
    }

    /** The state as of now on the clock. */
    private ContainerInfo view(Sim s) {
        ContainerInfo c = s.created();
        Instant startedAt = c.createdAt().plus(startDelay);
        Instant now = clock.instant();
        if (s.stoppedAt() != null) {
            boolean everStarted = !startedAt.isAfter(s.stoppedAt());
            return new ContainerInfo(c.id(), c.sandbox(), c.pod(), c.name(), c.attempt(), c.image(),
                    ContainerInfo.State.EXITED, 0, "Completed", null, c.createdAt(),
                    everStarted ? startedAt : null, s.stoppedAt(), c.ip(), c.ports());
        }
        if (now.isBefore(startedAt)) {
            return c;
        }
        return new ContainerInfo(c.id(), c.sandbox(), c.pod(), c.name(), c.attempt(), c.image(),
                ContainerInfo.State.RUNNING, null, null, null, c.createdAt(), startedAt, null, c.ip(), c.ports());
    }

    @Override
    public void stop(String id, Duration grace) {
        Sim s = containers.computeIfPresent(id, (k, v) -> v.stoppedAt() != null ? v : new Sim(v.created(), clock.instant()));
        if (s == null) {
            throw new ContainerNotFoundException(id, null);
        }
    }

    @Override
    public void remove(String id) {
        containers.remove(id);
    }

    @Override
    public void logs(String id, LogOptions options, OutputStream sink) {
        if (!containers.containsKey(id)) {
            throw new ContainerNotFoundException(id, null);
        }
        // simulated processes print nothing; a followed stream ends at once rather than hanging forever
    }

    @Override
    public ExecResult exec(String id, List<String> command, Duration timeout) {
        ContainerInfo c = inspect(id).orElseThrow(() -> new ContainerNotFoundException(id, null));
        if (!c.running()) {
            throw new ContainerRuntimeException("container " + id + " is not running");
        }
        return new ExecResult(0, "");
    }

    private static String newId() {
        byte[] b = new byte[32];
        ThreadLocalRandom.current().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
