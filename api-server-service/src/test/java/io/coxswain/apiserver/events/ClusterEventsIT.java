package io.coxswain.apiserver.events;

import io.coxswain.apiserver.storage.EtcdStore;
import io.coxswain.apiserver.testing.ApiServerFixture;
import io.coxswain.apiserver.testing.SharedApiServer;
import io.coxswain.messages.ClusterEvent;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.stream.function.StreamBridge;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Events sent over RabbitMQ end up as core/v1 Events, aggregated, expiring through an etcd lease. */
class ClusterEventsIT {

    @Test
    void anEventSentOverTheBrokerIsStoredWithATtlAndRepeatsAreCounted() {
        ApiServerFixture server = SharedApiServer.get();
        KubernetesClient client = server.client();
        String ns = SharedApiServer.freshNamespace(client, "events");
        ClusterEvent event = new ClusterEvent(ns, "Pod", "v1", "web-1", "uid-1", "spec.containers{web}", "Normal",
                "Pulled", "Successfully pulled image \"coxswain/testbox:latest\"", "kubelet", "node-1", Instant.now());
        StreamBridge broker = server.context().getBean(StreamBridge.class);

        assertThat(broker.send(ClusterEvent.DESTINATION, event)).isTrue();

        await().atMost(Duration.ofSeconds(30)).until(() -> !client.v1().events().inNamespace(ns).list().getItems().isEmpty());
        Event stored = client.v1().events().inNamespace(ns).list().getItems().get(0);
        assertThat(stored.getInvolvedObject().getName()).isEqualTo("web-1");
        assertThat(stored.getInvolvedObject().getFieldPath()).isEqualTo("spec.containers{web}");
        assertThat(stored.getReason()).isEqualTo("Pulled");
        assertThat(stored.getSource().getComponent()).isEqualTo("kubelet");
        assertThat(stored.getCount()).isEqualTo(1);

        String key = "/registry/events/" + ns + "/" + stored.getMetadata().getName();
        EtcdStore store = server.context().getBean(EtcdStore.class);
        assertThat(store.get(key).orElseThrow().leaseId()).as("the Event expires through an etcd lease").isNotZero();

        broker.send(ClusterEvent.DESTINATION, event);
        await().atMost(Duration.ofSeconds(30)).until(() -> client.v1().events().inNamespace(ns)
                .withName(stored.getMetadata().getName()).get().getCount() == 2);

        List<Event> selected = client.v1().events().inNamespace(ns).withField("involvedObject.name", "web-1").list().getItems();
        assertThat(selected).hasSize(1);
        assertThat(client.v1().events().inNamespace(ns).withField("involvedObject.name", "other").list().getItems()).isEmpty();
    }
}
