package io.coxswain.nodeagent.pod;

import io.coxswain.runtime.events.EventRecorder;
import io.coxswain.nodeagent.probe.ProbeManager;
import io.coxswain.nodeagent.probe.ProbeResult;
import io.coxswain.nodeagent.probe.ProbeType;
import io.coxswain.nodeagent.runtime.ContainerInfo;
import io.coxswain.nodeagent.runtime.ContainerNotFoundException;
import io.coxswain.nodeagent.runtime.ContainerRuntime;
import io.coxswain.nodeagent.runtime.ContainerRuntimeException;
import io.coxswain.nodeagent.runtime.ImagePullException;
import io.coxswain.nodeagent.runtime.PublishedPort;
import io.coxswain.nodeagent.runtime.SandboxSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;

/**
 * One level-triggered sync of one pod: look at the pod in the cache and at its containers in the runtime,
 * and take the steps that bring the containers towards the spec, then write the status if it changed.
 * Never trusts the event that caused it. Called for one key at a time (the work queue guarantees it).
 */
final class PodSyncer {

    private static final Logger log = LoggerFactory.getLogger(PodSyncer.class);
    private static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);

    /** What a sync asks for: nothing, or to be called again after a delay. */
    record Result(Duration requeueAfter) {
        static Result done() {
            return new Result(null);
        }

        static Result after(Duration d) {
            return new Result(d);
        }

        Result min(Duration d) {
            if (d == null) {
                return this;
            }
            return requeueAfter == null || d.compareTo(requeueAfter) < 0 ? new Result(d) : this;
        }
    }

    /** What the agent remembers about a pod between syncs (nothing it cannot rebuild after a restart). */
    private static final class PodMemory {
        volatile Pod lastSeen;
        final Instant firstSeen;
        /** image pull failures by container name: when and why */
        final Map<String, PullFailure> pullFailures = new ConcurrentHashMap<>();
        /** events already reported, so that a level-triggered sync does not repeat them */
        final Set<String> reported = ConcurrentHashMap.newKeySet();
        volatile String hostPortsWritten;

        PodMemory(Instant firstSeen) {
            this.firstSeen = firstSeen;
        }
    }

    private record PullFailure(Instant at, String message) {
    }

    private final ContainerRuntime runtime;
    private final PodApi api;
    private final EventRecorder events;
    private final ProbeManager probes;
    private final Clock clock;
    private final PodWorkerSettings settings;
    private final RestartBackOff restartBackOff;
    private final RestartBackOff pullBackOff;
    private final ExecutorService stopper;
    private final Map<String, PodMemory> memory = new ConcurrentHashMap<>();

    PodSyncer(ContainerRuntime runtime, PodApi api, EventRecorder events, ProbeManager probes, Clock clock,
              PodWorkerSettings settings, ExecutorService stopper) {
        this.runtime = runtime;
        this.api = api;
        this.events = events;
        this.probes = probes;
        this.clock = clock;
        this.settings = settings;
        this.restartBackOff = new RestartBackOff(settings.backOffInitial(), settings.backOffMax(), clock);
        this.pullBackOff = new RestartBackOff(settings.backOffInitial(), settings.backOffMax(), clock);
        this.stopper = stopper;
    }

    Result sync(String key) {
        String[] nsName = key.split("/", 2);
        Pod pod = api.cached(key).orElse(null);
        List<ContainerInfo> observed = runtime.listPod(nsName[0], nsName[1]);
        if (pod == null) {
            return cleanUpGone(key, observed);
        }
        PodMemory mem = memory.computeIfAbsent(key, k -> new PodMemory(clock.instant()));
        if (mem.lastSeen != null && !mem.lastSeen.getMetadata().getUid().equals(pod.getMetadata().getUid())) {
            restartBackOff.resetPrefix(mem.lastSeen.getMetadata().getUid() + "/");
            memory.put(key, mem = new PodMemory(clock.instant()));
        }
        mem.lastSeen = pod;
        String uid = pod.getMetadata().getUid();
        List<ContainerInfo> stale = observed.stream().filter(c -> !c.pod().uid().equals(uid)).toList();
        if (!stale.isEmpty()) {
            log.info("removing containers of an earlier pod with the same name pod={} count={}", key, stale.size());
            killAll(stale, settings.orphanGracePeriod());
            stale.forEach(c -> runtime.remove(c.id()));
        }
        List<ContainerInfo> current = observed.stream().filter(c -> c.pod().uid().equals(uid)).toList();
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            return terminate(key, pod, mem, current);
        }
        if (isTerminal(pod)) {
            // a finished pod keeps its containers (for logs) but needs no sandbox any more
            current.stream().filter(c -> c.sandbox() && c.running()).forEach(c -> runtime.stop(c.id(), Duration.ZERO));
            probes.removePod(key);
            return Result.done();
        }
        return run(key, pod, mem, current);
    }

    private Result run(String key, Pod pod, PodMemory mem, List<ContainerInfo> current) {
        Result result = Result.after(settings.resyncPeriod());
        // 1. the sandbox
        List<ContainerInfo> sandboxes = current.stream().filter(ContainerInfo::sandbox)
                .sorted(Comparator.comparingInt(ContainerInfo::attempt).reversed()).toList();
        ContainerInfo sandbox = sandboxes.stream().filter(ContainerInfo::running).findFirst().orElse(null);
        List<ContainerInfo> containers = current.stream().filter(c -> !c.sandbox()).toList();
        if (sandbox == null) {
            if (!sandboxes.isEmpty()) {
                // the pod's network namespace is gone: its containers must start over in a new one
                log.info("sandbox changed, restarting containers pod={}", key);
                killAll(containers.stream().filter(ContainerInfo::running).toList(), grace(pod));
                containers = refresh(containers);
            }
            int attempt = sandboxes.isEmpty() ? 0 : sandboxes.get(0).attempt() + 1;
            try {
                sandbox = runtime.runSandbox(new SandboxSpec(ContainerConfigs.podRef(pod), attempt, pod.getMetadata().getName(),
                        ContainerConfigs.ports(pod), settings.nodeAddress()));
            } catch (ContainerRuntimeException e) {
                events.record(pod, null, EventRecorder.WARNING, "FailedCreatePodSandBox", "Failed to create pod sandbox: " + e.getMessage());
                throw e;
            }
            for (ContainerInfo old : sandboxes) {
                runtime.remove(old.id());
            }
        }
        recordHostPorts(pod, mem, sandbox);

        // 2. the containers, in spec order
        List<ContainerObservation> observations = new ArrayList<>();
        Set<String> running = new HashSet<>();
        for (Container spec : pod.getSpec().getContainers()) {
            List<ContainerInfo> instances = containers.stream().filter(c -> spec.getName().equals(c.name()))
                    .sorted(Comparator.comparingInt(ContainerInfo::attempt).reversed()).toList();
            ContainerStep step = syncContainer(key, pod, mem, spec, sandbox, instances);
            observations.add(step.observation());
            result = result.min(step.requeueAfter());
            if (step.observation().current() != null && step.observation().current().running()) {
                running.add(step.observation().current().id());
            }
        }
        probes.retain(key, running);

        // 3. the status
        PodStatus status = PodStatusCalculator.compute(pod, settings.nodeAddress(), sandbox.ip(), observations, mem.firstSeen, clock.instant());
        writeStatusIfChanged(key, pod, status);
        return result;
    }

    private record ContainerStep(ContainerObservation observation, Duration requeueAfter) {
    }

    private ContainerStep syncContainer(String key, Pod pod, PodMemory mem, Container spec, ContainerInfo sandbox,
                                        List<ContainerInfo> instances) {
        String fieldPath = "spec.containers{" + spec.getName() + "}";
        String backOffKey = pod.getMetadata().getUid() + "/" + spec.getName();
        ContainerInfo latest = instances.isEmpty() ? null : instances.get(0);
        ContainerInfo previous = instances.size() > 1 ? instances.get(1) : null;
        for (int i = 2; i < instances.size(); i++) {
            runtime.remove(instances.get(i).id()); // only the last terminated instance is kept, for --previous logs
        }
        if (latest != null && latest.state() == ContainerInfo.State.CREATED) {
            // created but never started (the agent stopped in between): start over with a fresh attempt number
            runtime.remove(latest.id());
            latest = null;
            previous = instances.size() > 1 ? instances.get(1) : null;
        }

        if (latest != null && latest.running()) {
            ProbeType failed = probes.result(latest.id(), ProbeType.STARTUP) == ProbeResult.FAILURE ? ProbeType.STARTUP
                    : probes.result(latest.id(), ProbeType.LIVENESS) == ProbeResult.FAILURE ? ProbeType.LIVENESS : null;
            if (failed == null) {
                probes.ensure(key, spec, latest.id(), sandbox.ip(), latest.startedAt());
                boolean started = spec.getStartupProbe() == null || probes.result(latest.id(), ProbeType.STARTUP) == ProbeResult.SUCCESS;
                boolean ready = started && (spec.getReadinessProbe() == null
                        || probes.result(latest.id(), ProbeType.READINESS) == ProbeResult.SUCCESS);
                return new ContainerStep(new ContainerObservation(spec.getName(), spec.getImage(), latest, previous, null, ready, started), null);
            }
            log.info("killing container that failed its {} probe pod={} container={}", failed, key, spec.getName());
            events.record(pod, fieldPath, EventRecorder.NORMAL, "Killing",
                    "Container " + spec.getName() + " failed " + failed.display().toLowerCase() + " probe, will be restarted");
            stopQuietly(latest.id(), grace(pod));
            probes.removeContainer(latest.id()); // its results belong to the killed instance
            latest = runtime.inspect(latest.id()).orElse(null);
            if (latest == null) {
                return new ContainerStep(new ContainerObservation(spec.getName(), spec.getImage(), null, previous, null, false, false), Duration.ZERO);
            }
        }

        if (latest != null && latest.state() == ContainerInfo.State.EXITED) {
            if (!shouldRestart(pod.getSpec().getRestartPolicy(), latest.exitCode())) {
                return new ContainerStep(new ContainerObservation(spec.getName(), spec.getImage(), latest, previous, null, false, false), null);
            }
            Duration left = restartBackOff.remaining(backOffKey, latest.finishedAt());
            if (!left.isZero()) {
                Duration backOff = restartBackOff.current(backOffKey);
                String message = "back-off " + human(backOff) + " restarting failed container=" + spec.getName()
                        + " pod=" + pod.getMetadata().getName() + "_" + pod.getMetadata().getNamespace() + "(" + pod.getMetadata().getUid() + ")";
                if (mem.reported.add("BackOff/" + spec.getName() + "/" + latest.attempt())) {
                    events.record(pod, fieldPath, EventRecorder.WARNING, "BackOff", "Back-off restarting failed container " + spec.getName()
                            + " in pod " + pod.getMetadata().getName() + "_" + pod.getMetadata().getNamespace() + "(" + pod.getMetadata().getUid() + ")");
                }
                return new ContainerStep(new ContainerObservation(spec.getName(), spec.getImage(), latest, previous,
                        new ContainerObservation.Waiting("CrashLoopBackOff", message), false, false), left);
            }
        }

        // start a new instance: the first one, or a restart whose back-off is over
        int attempt = latest == null ? (previous == null ? 0 : previous.attempt() + 1) : latest.attempt() + 1;
        ContainerInfo lastEnded = latest != null ? latest : previous;
        ContainerObservation.Waiting waiting = ensureImage(pod, mem, spec, fieldPath);
        if (waiting != null) {
            Duration left = pullBackOff.remaining(pullKey(pod, spec), mem.pullFailures.get(spec.getName()).at());
            // look again soon, so that ErrImagePull turns into ImagePullBackOff while we wait
            Duration requeue = switch (waiting.reason()) {
                case "ErrImagePull" -> min(left, Duration.ofSeconds(1));
                case "ImagePullBackOff" -> left;
                default -> settings.backOffInitial();
            };
            return new ContainerStep(new ContainerObservation(spec.getName(), spec.getImage(), lastEnded, null, waiting, false, false),
                    requeue.isZero() ? Duration.ofMillis(100) : requeue);
        }
        Map<String, String> env;
        try {
            env = ContainerConfigs.environment(pod, spec, sandbox.ip(), settings.nodeAddress(), api);
        } catch (ContainerConfigs.ConfigException e) {
            events.record(pod, fieldPath, EventRecorder.WARNING, "Failed", "Error: " + e.getMessage());
            return new ContainerStep(new ContainerObservation(spec.getName(), spec.getImage(), lastEnded, null,
                    new ContainerObservation.Waiting("CreateContainerConfigError", e.getMessage()), false, false), settings.backOffInitial());
        }
        if (latest != null) {
            restartBackOff.next(backOffKey);
        }
        ContainerInfo started;
        try {
            started = runtime.runContainer(ContainerConfigs.containerSpec(pod, spec, attempt, sandbox.id(), env));
        } catch (ContainerRuntimeException e) {
            events.record(pod, fieldPath, EventRecorder.WARNING, "Failed", "Error: " + e.getMessage());
            return new ContainerStep(new ContainerObservation(spec.getName(), spec.getImage(), lastEnded, null,
                    new ContainerObservation.Waiting("CreateContainerError", e.getMessage()), false, false), settings.backOffInitial());
        }
        log.info("started container pod={} container={} attempt={} id={}", key, spec.getName(), attempt, started.id().substring(0, 12));
        events.record(pod, fieldPath, EventRecorder.NORMAL, "Created", "Created container " + spec.getName());
        events.record(pod, fieldPath, EventRecorder.NORMAL, "Started", "Started container " + spec.getName());
        if (lastEnded != null && previous != null && lastEnded != previous) {
            runtime.remove(previous.id()); // keep one terminated instance: the one that just ended
        }
        boolean running = started.running();
        if (running) {
            probes.ensure(key, spec, started.id(), sandbox.ip(), started.startedAt());
        }
        boolean startedOk = running && spec.getStartupProbe() == null;
        boolean ready = startedOk && spec.getReadinessProbe() == null;
        // a container that exits at once is noticed by the relist; nothing to wait for here
        return new ContainerStep(new ContainerObservation(spec.getName(), spec.getImage(), started, lastEnded, null, ready, startedOk), null);
    }

    /** Null when the image is there; otherwise why the container waits (ErrImagePull, ImagePullBackOff, ErrImageNeverPull). */
    private ContainerObservation.Waiting ensureImage(Pod pod, PodMemory mem, Container spec, String fieldPath) {
        String image = spec.getImage();
        String pullKey = pullKey(pod, spec);
        if (runtime.imagePresent(image)) {
            mem.pullFailures.remove(spec.getName());
            pullBackOff.reset(pullKey);
            if (mem.reported.add("Present/" + spec.getName())) {
                events.record(pod, fieldPath, EventRecorder.NORMAL, "Pulled", "Container image \"" + image + "\" already present on machine");
            }
            return null;
        }
        if ("Never".equals(spec.getImagePullPolicy())) {
            String message = "Container image \"" + image + "\" is not present with pull policy of Never";
            if (mem.reported.add("NeverPull/" + spec.getName())) {
                events.record(pod, fieldPath, EventRecorder.WARNING, "ErrImageNeverPull", message);
            }
            mem.pullFailures.put(spec.getName(), new PullFailure(clock.instant(), message));
            return new ContainerObservation.Waiting("ErrImageNeverPull", message);
        }
        PullFailure failure = mem.pullFailures.get(spec.getName());
        if (failure != null && !pullBackOff.remaining(pullKey, failure.at()).isZero()) {
            if (mem.reported.add("PullBackOff/" + spec.getName() + "/" + failure.at())) {
                events.record(pod, fieldPath, EventRecorder.NORMAL, "BackOff", "Back-off pulling image \"" + image + "\"");
            }
            return new ContainerObservation.Waiting("ImagePullBackOff", "Back-off pulling image \"" + image + "\": " + failure.message());
        }
        events.record(pod, fieldPath, EventRecorder.NORMAL, "Pulling", "Pulling image \"" + image + "\"");
        long t0 = System.nanoTime();
        try {
            runtime.ensureImage(image);
        } catch (ImagePullException e) {
            pullBackOff.next(pullKey);
            String message = "Failed to pull image \"" + image + "\": " + e.getMessage();
            mem.pullFailures.put(spec.getName(), new PullFailure(clock.instant(), message));
            events.record(pod, fieldPath, EventRecorder.WARNING, "Failed", message);
            return new ContainerObservation.Waiting("ErrImagePull", message);
        }
        mem.pullFailures.remove(spec.getName());
        pullBackOff.reset(pullKey);
        events.record(pod, fieldPath, EventRecorder.NORMAL, "Pulled", "Successfully pulled image \"" + image + "\" in "
                + Duration.ofNanos(System.nanoTime() - t0).toMillis() + "ms");
        return null;
    }

    private Result terminate(String key, Pod pod, PodMemory mem, List<ContainerInfo> current) {
        Instant deadline = Instant.parse(pod.getMetadata().getDeletionTimestamp());
        Duration grace = Duration.between(clock.instant(), deadline);
        if (pod.getMetadata().getDeletionGracePeriodSeconds() != null && pod.getMetadata().getDeletionGracePeriodSeconds() == 0) {
            grace = Duration.ZERO;
        }
        if (grace.isNegative()) {
            grace = Duration.ZERO;
        }
        List<ContainerInfo> running = current.stream().filter(c -> !c.sandbox() && c.running()).toList();
        for (ContainerInfo c : running) {
            if (mem.reported.add("Killing/" + c.id())) {
                events.record(pod, "spec.containers{" + c.name() + "}", EventRecorder.NORMAL, "Killing", "Stopping container " + c.name());
            }
        }
        log.info("terminating pod={} containers={} grace={}s", key, running.size(), grace.toSeconds());
        killAll(running, grace);
        probes.removePod(key);
        killAll(current.stream().filter(c -> c.sandbox() && c.running()).toList(), Duration.ZERO);
        for (ContainerInfo c : current) {
            runtime.remove(c.id());
        }
        api.confirmDeletion(pod);
        memory.remove(key);
        restartBackOff.resetPrefix(pod.getMetadata().getUid() + "/");
        pullBackOff.resetPrefix(pod.getMetadata().getUid() + "/");
        return Result.done();
    }

    private Result cleanUpGone(String key, List<ContainerInfo> observed) {
        PodMemory mem = memory.remove(key);
        probes.removePod(key);
        if (observed.isEmpty()) {
            return Result.done();
        }
        Duration grace = mem != null && mem.lastSeen != null ? grace(mem.lastSeen) : settings.orphanGracePeriod();
        log.info("removing containers of a pod no longer bound here pod={} count={}", key, observed.size());
        killAll(observed.stream().filter(c -> !c.sandbox() && c.running()).toList(), grace);
        observed.forEach(c -> runtime.remove(c.id()));
        if (mem != null && mem.lastSeen != null) {
            restartBackOff.resetPrefix(mem.lastSeen.getMetadata().getUid() + "/");
            pullBackOff.resetPrefix(mem.lastSeen.getMetadata().getUid() + "/");
        }
        return Result.done();
    }

    /** Stops containers in parallel (each gets the full grace period), waiting for all. */
    private void killAll(List<ContainerInfo> containers, Duration grace) {
        CompletableFuture.allOf(containers.stream()
                .map(c -> CompletableFuture.runAsync(() -> stopQuietly(c.id(), grace), stopper))
                .toArray(CompletableFuture[]::new)).join();
    }

    private void stopQuietly(String id, Duration grace) {
        try {
            runtime.stop(id, grace);
        } catch (ContainerNotFoundException e) {
            // gone already
        }
    }

    private List<ContainerInfo> refresh(List<ContainerInfo> containers) {
        List<ContainerInfo> result = new ArrayList<>();
        containers.forEach(c -> runtime.inspect(c.id()).ifPresent(result::add));
        return result;
    }

    private void recordHostPorts(Pod pod, PodMemory mem, ContainerInfo sandbox) {
        Map<String, Integer> byKey = new TreeMap<>();
        for (Container c : pod.getSpec().getContainers()) {
            if (c.getPorts() == null) {
                continue;
            }
            for (var p : c.getPorts()) {
                String protocol = p.getProtocol() == null ? "TCP" : p.getProtocol();
                for (PublishedPort pub : sandbox.ports()) {
                    if (pub.containerPort() == p.getContainerPort() && pub.protocol().equalsIgnoreCase(protocol)) {
                        byKey.put(c.getName() + "/" + p.getContainerPort() + "/" + protocol, pub.hostPort());
                    }
                }
            }
        }
        if (byKey.isEmpty()) {
            return;
        }
        StringBuilder json = new StringBuilder("{");
        byKey.forEach((k, v) -> json.append(json.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));
        String value = json.append('}').toString();
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        if (value.equals(mem.hostPortsWritten) || annotations != null && value.equals(annotations.get(PodApi.HOST_PORTS_ANNOTATION))) {
            return;
        }
        api.writeHostPorts(pod, value);
        mem.hostPortsWritten = value;
    }

    private void writeStatusIfChanged(String key, Pod pod, PodStatus status) {
        PodStatus old = pod.getStatus();
        if (old != null && comparable(old).equals(status)) {
            return;
        }
        log.debug("writing status pod={} phase={}", key, status.getPhase());
        api.writeStatus(pod, status);
    }

    /** The old status restricted to the fields the calculator produces, so that extra fields do not force a write. */
    private static PodStatus comparable(PodStatus old) {
        return new PodStatusBuilder()
                .withPhase(old.getPhase())
                .withConditions(old.getConditions())
                .withHostIP(old.getHostIP())
                .withHostIPs(old.getHostIPs())
                .withStartTime(old.getStartTime())
                .withContainerStatuses(old.getContainerStatuses())
                .withQosClass(old.getQosClass())
                .withPodIP(old.getPodIP())
                .withPodIPs(old.getPodIPs())
                .build();
    }

    static boolean shouldRestart(String restartPolicy, Integer exitCode) {
        return switch (restartPolicy == null ? "Always" : restartPolicy) {
            case "Never" -> false;
            case "OnFailure" -> exitCode == null || exitCode != 0;
            default -> true;
        };
    }

    private static boolean isTerminal(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return PodStatusCalculator.PHASE_SUCCEEDED.equals(phase) || PodStatusCalculator.PHASE_FAILED.equals(phase);
    }

    static Duration grace(Pod pod) {
        Long seconds = pod.getSpec().getTerminationGracePeriodSeconds();
        return seconds == null ? DEFAULT_GRACE : Duration.ofSeconds(Math.max(0, seconds));
    }

    private static String pullKey(Pod pod, Container spec) {
        return pod.getMetadata().getUid() + "/" + spec.getName() + "/pull";
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Go-style durations as the kubelet prints them: 10s, 2m40s, 5m0s. */
    static String human(Duration d) {
        long s = d.toSeconds();
        return s < 60 ? s + "s" : (s / 60) + "m" + (s % 60) + "s";
    }
}
