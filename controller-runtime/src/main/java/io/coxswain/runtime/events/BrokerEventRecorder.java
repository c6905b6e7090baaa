package io.coxswain.runtime.events;

import io.coxswain.messages.ClusterEvent;
import io.fabric8.kubernetes.api.model.HasMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends Events as {@link ClusterEvent} messages over the broker (RabbitMQ, through Spring Cloud Stream's
 * {@code StreamBridge::send}); the api-server stores them as core/v1 Events. A broker outage loses events, never the
 * work they describe.
 */
public final class BrokerEventRecorder implements EventRecorder {

    /** Sends a payload to a destination; {@code StreamBridge::send} is one. Returns whether it was sent. */
    @FunctionalInterface
    public interface Sender {
        boolean send(String destination, Object payload);
    }

    private static final Logger log = LoggerFactory.getLogger(BrokerEventRecorder.class);

    private final Sender sender;
    private final String component;
    private final String host;
    private final Clock clock;
    private final AtomicBoolean failing = new AtomicBoolean();

    /**
     * @param component the event's source component, as Kubernetes names them ({@code kubelet},
     *                  {@code default-scheduler})
     * @param host      the source host (a node agent's node), or null
     */
    public BrokerEventRecorder(Sender sender, String component, String host, Clock clock) {
        this.sender = sender;
        this.component = component;
        this.host = host;
        this.clock = clock;
    }

    @Override
    public void record(HasMetadata object, String fieldPath, String type, String reason, String message) {
        String namespace = object.getMetadata().getNamespace() == null ? "default" : object.getMetadata().getNamespace();
        ClusterEvent event = new ClusterEvent(namespace, object.getKind(), object.getApiVersion(),
                object.getMetadata().getName(), object.getMetadata().getUid(), fieldPath, type, reason, message,
                component, host, clock.instant());
        log.debug("event object={}/{} reason={} message={}", namespace, event.involvedName(), reason, message);
        try {
            if (sender.send(ClusterEvent.DESTINATION, event)) {
                if (failing.getAndSet(false)) {
                    log.info("events reach the broker again");
                }
                return;
            }
            failed(namespace, event, reason, "not accepted");
        } catch (RuntimeException e) {
            failed(namespace, event, reason, e.toString());
        }
    }

    /** One warning when events stop reaching the broker (an outage would otherwise log one per event), then debug. */
    private void failed(String namespace, ClusterEvent event, String reason, String why) {
        if (!failing.getAndSet(true)) {
            log.warn("events are not reaching the broker, they are dropped until it is back (first: object={}/{} "
                    + "reason={}: {})", namespace, event.involvedName(), reason, why);
        } else {
            log.debug("event not sent object={}/{} reason={}: {}", namespace, event.involvedName(), reason, why);
        }
    }
}
