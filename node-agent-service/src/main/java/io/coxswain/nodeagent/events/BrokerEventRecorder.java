package io.coxswain.nodeagent.events;

import io.coxswain.messages.ClusterEvent;
import io.fabric8.kubernetes.api.model.HasMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.stream.function.StreamBridge;

import java.time.Clock;

/** Sends Events as {@link ClusterEvent} messages over the broker; the api-server stores them. */
public class BrokerEventRecorder implements EventRecorder {

    private static final Logger log = LoggerFactory.getLogger(BrokerEventRecorder.class);

    private final StreamBridge bridge;
    private final String nodeName;
    private final Clock clock;

    public BrokerEventRecorder(StreamBridge bridge, String nodeName, Clock clock) {
        this.bridge = bridge;
        this.nodeName = nodeName;
        this.clock = clock;
    }

    @Override
    public void record(HasMetadata object, String fieldPath, String type, String reason, String message) {
        String namespace = object.getMetadata().getNamespace() == null ? "default" : object.getMetadata().getNamespace();
        ClusterEvent event = new ClusterEvent(namespace, object.getKind(), object.getApiVersion(),
                object.getMetadata().getName(), object.getMetadata().getUid(), fieldPath, type, reason, message,
                "kubelet", nodeName, clock.instant());
        log.debug("event object={}/{} reason={} message={}", namespace, object.getMetadata().getName(), reason, message);
        try {
            if (!bridge.send(ClusterEvent.DESTINATION, event)) {
                log.debug("event not sent reason={}", reason);
            }
        } catch (RuntimeException e) {
            log.debug("event not sent reason={}: {}", reason, e.toString());
        }
    }
}
