package io.coxswain.apiserver.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import io.coxswain.testing.EtcdServer;
import io.etcd.jetcd.Client;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What callers see while etcd is down, and that the same store works again once it is back. */
class EtcdStoreUnavailableIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    private EtcdServer etcd;
    private Client client;
    private EtcdStore store;

    @BeforeEach
    void startEtcd() {
        etcd = EtcdServer.started();
        client = Client.builder().endpoints(etcd.endpoint()).build();
        // The first call of a JVM sets up Vert.x, gRPC and the connection, which can exceed the short timeout under
        // load: connect with the default timeout before measuring anything.
        new EtcdStore(client, new SimpleMeterRegistry()).currentRevision();
        store = new EtcdStore(client, new SimpleMeterRegistry(), "/registry", TIMEOUT);
    }

    @AfterEach
    void stopEtcd() {
        store.close();
        client.close();
        etcd.close();
    }

    @Test
    void callsFailWithStorageUnavailableWithinTheTimeoutWhileEtcdIsDown() {
        long created = store.create("/registry/pods/default/web", "{}".getBytes(UTF_8), 0);
        etcd.stop();

        assertUnavailableWithinTimeout(() -> store.get("/registry/pods/default/web"));
        assertUnavailableWithinTimeout(() -> store.list("/registry/pods/"));
        assertUnavailableWithinTimeout(() -> store.create("/registry/pods/default/other", "{}".getBytes(UTF_8), 0));
        assertUnavailableWithinTimeout(() -> store.update("/registry/pods/default/web", "{}".getBytes(UTF_8), created, 0));
        assertUnavailableWithinTimeout(() -> store.delete("/registry/pods/default/web", created));
        assertUnavailableWithinTimeout(store::currentRevision);
    }

    @Test
    void theSameStoreWorksAgainAfterEtcdRestarts() {
        long created = store.create("/registry/pods/default/web", "{\"v\":1}".getBytes(UTF_8), 0);
        etcd.stop();
        assertUnavailableWithinTimeout(() -> store.get("/registry/pods/default/web"));

        etcd.start();

        await().atMost(Duration.ofSeconds(15)).ignoreException(StorageUnavailableException.class)
                .until(() -> store.get("/registry/pods/default/web").isPresent());
        assertThat(store.get("/registry/pods/default/web").orElseThrow().modRevision()).isEqualTo(created);
        long updated = store.update("/registry/pods/default/web", "{\"v\":2}".getBytes(UTF_8), created, 0);
        assertThat(updated).isGreaterThan(created);
    }

    @Test
    void aStoreWhoseEtcdNeverAnsweredFailsWithinTheTimeout() {
        etcd.stop();
        try (Client neverConnected = Client.builder().endpoints(etcd.endpoint()).build();
             EtcdStore unconnected = new EtcdStore(neverConnected, new SimpleMeterRegistry(), "/registry", TIMEOUT)) {
            assertUnavailableWithinTimeout(() -> unconnected.get("/registry/pods/default/web"));
        }
    }

    private static void assertUnavailableWithinTimeout(Runnable call) {
        long start = System.nanoTime();
        assertThatThrownBy(call::run).isInstanceOf(StorageUnavailableException.class);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        // The timeout plus scheduling slack on a loaded 2-core machine; without the timeout jetcd retries for much longer.
        assertThat(took).isLessThan(TIMEOUT.plusSeconds(2));
    }
}
