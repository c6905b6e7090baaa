package io.coxswain.nodeagent.node;

import io.coxswain.messages.NodeHeartbeat;
import io.coxswain.nodeagent.runtime.ContainerRuntime;
import io.coxswain.nodeagent.runtime.RuntimeInfo;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.stream.function.StreamBridge;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Registers this node with the api-server, then, every heartbeat interval, checks the container runtime,
 * sends a {@link NodeHeartbeat} over the broker, and writes the Node's status only when it changed
 * (Ready flipping, capacity changing). Liveness travels over the broker, so a healthy node costs etcd nothing.
 */
public class NodeReporter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NodeReporter.class);

    private final KubernetesClient client;
    private final ContainerRuntime runtime;
    private final StreamBridge bridge;
    private final NodeObjects.Identity identity;
    private final Duration interval;
    private final Clock clock;
    private final KubernetesSerialization json = new KubernetesSerialization();
    private final AtomicLong sequence = new AtomicLong();
    private final ScheduledExecutorService scheduler;
    private volatile RuntimeInfo lastInfo;
    private volatile NodeStatus lastWritten;
    private volatile boolean registered;

    public NodeReporter(KubernetesClient client, ContainerRuntime runtime, StreamBridge bridge, String name, String address,
                        int agentPort, String cpu, String memory, int maxPods, Map<String, String> labels, Duration interval, Clock clock) {
        this.client = client;
        this.runtime = runtime;
        this.bridge = bridge;
        this.identity = new NodeObjects.Identity(name, address, agentPort, cpu, memory, maxPods, labels);
        this.interval = interval;
        this.clock = clock;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "node-reporter");
            t.setDaemon(true);
            return t;
        });
    }

    public String nodeName() {
        return identity.name();
    }

    /** Registers now (failures are retried on each tick) and starts the periodic reporting. */
    public void start() {
        tick();
        scheduler.scheduleWithFixedDelay(this::tick, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void tick() {
        boolean ready;
        String message;
        try {
            lastInfo = runtime.info();
            ready = true;
            message = "container runtime is ready";
        } catch (RuntimeException e) {
            ready = false;
            message = "container runtime is down: " + e.getMessage();
        }
        heartbeat(ready);
        if (lastInfo == null) {
            return; // nothing to register with before the runtime has answered once
        }
        try {
            if (!registered) {
                register();
            }
            writeStatusIfChanged(ready, message);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                registered = false; // the Node was deleted: register again next tick
            }
            log.warn("node status not written node={}: {}", identity.name(), e.getMessage());
        } catch (RuntimeException e) {
            log.warn("node status not written node={}: {}", identity.name(), e.toString());
        }
    }

    private void heartbeat(boolean ready) {
        try {
            bridge.send(NodeHeartbeat.DESTINATION, new NodeHeartbeat(identity.name(), clock.instant(), ready, sequence.incrementAndGet()));
        } catch (RuntimeException e) {
            log.debug("heartbeat not sent node={}: {}", identity.name(), e.toString());
        }
    }

    private void register() {
        Node desired = NodeObjects.node(identity, lastInfo);
        Node existing = client.nodes().withName(identity.name()).get();
        if (existing == null) {
            try {
                client.nodes().resource(desired).create();
                log.info("registered node={}", identity.name());
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
            }
        } else {
            Map<String, Object> patch = Map.of("metadata", Map.of("labels", desired.getMetadata().getLabels()));
            client.nodes().withName(identity.name()).patch(PatchContext.of(PatchType.JSON_MERGE), json.asJson(patch));
            log.info("node already registered, labels updated node={}", identity.name());
        }
        lastWritten = null;
        registered = true;
    }

    private void writeStatusIfChanged(boolean ready, String message) {
        NodeStatus previous = lastWritten;
        NodeStatus desired = NodeObjects.status(identity, lastInfo, ready, message, previous, clock.instant());
        if (Objects.equals(previous, desired)) {
            return;
        }
        Node current = client.nodes().withName(identity.name()).get();
        if (current == null) {
            registered = false;
            return;
        }
        desired = NodeObjects.status(identity, lastInfo, ready, message, current.getStatus(), clock.instant());
        client.nodes().resource(new NodeBuilder(current).withStatus(desired).build()).updateStatus();
        lastWritten = desired;
        log.info("node status written node={} ready={}", identity.name(), ready);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
