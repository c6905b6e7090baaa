package io.coxswain.runtime.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.coxswain.messages.ClusterEvent;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** The shared recorder names the involved object as the scheduler's and node agent's copies did. */
class BrokerEventRecorderTest {

    private final List<ClusterEvent> sent = new ArrayList<>();
    private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    @Test
    void podsBuiltOrDecodedWithoutKindAreStillNamedPodV1() {
        BrokerEventRecorder recorder = new BrokerEventRecorder((d, p) -> sent.add((ClusterEvent) p),
                "default-scheduler", null, clock);
        Pod built = new PodBuilder().withNewMetadata().withName("a").withNamespace("ns").withUid("u").endMetadata().build();
        Pod decoded = Serialization.unmarshal("{\"metadata\":{\"name\":\"b\",\"namespace\":\"ns\"}}", Pod.class);

        recorder.record(built, EventRecorder.NORMAL, "Scheduled", "m");
        recorder.record(decoded, EventRecorder.NORMAL, "Scheduled", "m");

        assertThat(sent).hasSize(2).allSatisfy(e -> {
            assertThat(e.involvedKind()).isEqualTo("Pod");
            assertThat(e.involvedApiVersion()).isEqualTo("v1");
        });
    }

    @Test
    void aFailingSenderNeverThrows() {
        BrokerEventRecorder recorder = new BrokerEventRecorder((d, p) -> { throw new IllegalStateException("down"); },
                "kubelet", "node-1", clock);
        recorder.record(new PodBuilder().withNewMetadata().withName("a").endMetadata().build(), null,
                EventRecorder.WARNING, "BackOff", "m");
    }
}
