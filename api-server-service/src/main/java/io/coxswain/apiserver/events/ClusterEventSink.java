package io.coxswain.apiserver.events;

import io.coxswain.apiserver.api.ApiException;
import io.coxswain.apiserver.registry.ObjectRegistry;
import io.coxswain.apiserver.resource.ResourceTypes;
import io.coxswain.messages.ClusterEvent;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Stores the events components send over the broker as core/v1 Events, aggregated as Kubernetes' event recorder
 * does: the same (object, reason, message, source) within the TTL is one Event whose count and lastTimestamp grow.
 * The Event's name is derived from those fields, so concurrent deliveries of the same event meet in one key.
 */
public final class ClusterEventSink {

    private static final Logger log = LoggerFactory.getLogger(ClusterEventSink.class);

    private final ObjectRegistry registry;

    public ClusterEventSink(ObjectRegistry registry) {
        this.registry = registry;
    }

    public void record(ClusterEvent event) {
        String namespace = event.namespace() == null || event.namespace().isEmpty() ? "default" : event.namespace();
        String name = event.involvedName() + "." + digest(event);
        String when = format(event.timestamp() == null ? Instant.now() : event.timestamp());
        try {
            Optional<HasMetadata> existing = registry.find(ResourceTypes.EVENTS, namespace, name);
            if (existing.isPresent()) {
                registry.guaranteedUpdate(ResourceTypes.EVENTS, namespace, name, null, current -> {
                    Event e = (Event) current;
                    e.setCount((e.getCount() == null ? 1 : e.getCount()) + 1);
                    e.setLastTimestamp(when);
                    return e;
                }, ObjectRegistry.Target.MAIN, false);
                return;
            }
            Event created = new EventBuilder()
                    .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                    .withNewInvolvedObject()
                    .withKind(event.involvedKind()).withApiVersion(event.involvedApiVersion())
                    .withName(event.involvedName()).withNamespace(event.namespace()).withUid(event.involvedUid())
                    .withFieldPath(event.involvedFieldPath())
                    .endInvolvedObject()
                    .withType(event.type() == null ? "Normal" : event.type())
                    .withReason(event.reason()).withMessage(event.message())
                    .withNewSource().withComponent(event.sourceComponent()).withHost(event.sourceHost()).endSource()
                    .withReportingComponent(event.sourceComponent())
                    .withReportingInstance(event.sourceHost())
                    .withFirstTimestamp(when).withLastTimestamp(when).withCount(1)
                    .build();
            registry.create(ResourceTypes.EVENTS, namespace, created, false);
        } catch (ApiException e) {
            if (e.code() == 409) {
                record(event); // created concurrently by another delivery: count it on the existing one
                return;
            }
            // An event about an object in a namespace that is gone, or an invalid event: drop it, loudly.
            log.warn("dropping event reason={} object={}/{}: {}", event.reason(), namespace, event.involvedName(),
                    e.getMessage());
        }
    }

    private static String digest(ClusterEvent e) {
        String identity = String.join("\u0000", String.valueOf(e.involvedKind()), String.valueOf(e.involvedName()),
                String.valueOf(e.involvedUid()), String.valueOf(e.involvedFieldPath()), String.valueOf(e.reason()),
                String.valueOf(e.message()), String.valueOf(e.sourceComponent()), String.valueOf(e.sourceHost()),
                String.valueOf(e.type()));
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static String format(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }
}
