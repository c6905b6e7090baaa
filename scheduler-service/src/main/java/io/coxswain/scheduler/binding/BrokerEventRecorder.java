package io.coxswain.scheduler.binding;

import io.coxswain.messages.ClusterEvent;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.stream.function.StreamBridge;

/**
 * Sends events as {@link ClusterEvent}s over RabbitMQ (Spring Cloud Stream); the api-server stores them as core/v1
 * Events. A broker outage loses events, never scheduling decisions.
 */
public final class BrokerEventRecorder implements EventRecorder {

    private static final Logger log = LoggerFactory.getLogger(BrokerEventRecorder.class);

    private final StreamBridge bridge;
    private final String component;
    private final Clock clock;

    public BrokerEventRecorder(StreamBridge bridge, String component, Clock clock) {
        this.bridge = bridge;
        this.component = component;
        this.clock = clock;
    }

    @Override
    public void record(Pod pod, String type, String reason, String message) {
        ClusterEvent event = new ClusterEvent(pod.getMetadata().getNamespace(), "Pod", "v1",
                pod.getMetadata().getName(), pod.getMetadata().getUid(), null, type, reason, message, component,
                null, clock.instant());
        try {
            if (!bridge.send(ClusterEvent.DESTINATION, event)) {
                log.warn("event not sent pod={}/{} reason={}", event.namespace(), event.involvedName(), reason);
            }
        } catch (RuntimeException e) {
            log.warn("event not sent pod={}/{} reason={}: {}", event.namespace(), event.involvedName(), reason,
                    e.toString());
        }
    }
}
