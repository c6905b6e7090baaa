package io.coxswain.apiserver.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import io.coxswain.testing.EtcdServer;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.GetOption;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The storage beans as the api-server gets them, against a real etcd. */
class StorageWiringIT {

    private static EtcdServer etcd;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(StorageConfiguration.class)
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new);

    @BeforeAll
    static void startEtcd() {
        etcd = EtcdServer.started();
    }

    @AfterAll
    static void stopEtcd() {
        etcd.close();
    }

    @Test
    void watchCachesFromTheFactorySeeStoreWritesAndCloseWithTheContext() {
        Watcher<String>[] watcher = new Watcher[1];
        runner.withPropertyValues("coxswain.etcd.endpoints=" + etcd.endpoint()).run(context -> {
            EtcdStore store = context.getBean(EtcdStore.class);
            WatchCacheFactory factory = context.getBean(WatchCacheFactory.class);
            WatchCache<String> cache = factory.create("/registry/configmaps/", kv -> new String(kv.value(), UTF_8));
            watcher[0] = cache.watch(0, null, 10);

            long revision = store.create("/registry/configmaps/default/settings", "{\"a\":1}".getBytes(UTF_8), 0);

            WatchEvent<String> event = watcher[0].poll(Duration.ofSeconds(10));
            assertThat(event).isEqualTo(new WatchEvent<>(EventType.ADDED, "{\"a\":1}", revision));
            assertThatThrownBy(() -> factory.create("/registry/configmaps/", kv -> "again"))
                    .isInstanceOf(IllegalStateException.class);
        });
        assertThat(watcher[0].terminationReason()).isEqualTo(Watcher.REASON_CACHE_CLOSED);
    }

    @Test
    void theCompactorCompactsToTheRevisionOfItsPreviousTick() {
        runner.withPropertyValues("coxswain.etcd.endpoints=" + etcd.endpoint(),
                "coxswain.etcd.compaction-interval=200ms").run(context -> {
            EtcdStore store = context.getBean(EtcdStore.class);
            Client client = context.getBean(Client.class);
            long first = store.create("/registry/secrets/default/s", "1".getBytes(UTF_8), 0);
            store.update("/registry/secrets/default/s", "2".getBytes(UTF_8), first, 0);

            // once two ticks have passed, the history before the second write is gone
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThatThrownBy(() -> client.getKVClient().get(
                            ByteSequence.from("/registry/secrets/default/s", UTF_8),
                            GetOption.builder().withRevision(first).build()).get())
                            .hasMessageContaining("compacted"));
            assertThat(new String(store.get("/registry/secrets/default/s").orElseThrow().value(), UTF_8)).isEqualTo("2");
        });
    }

    @Test
    void etcdHealthIsUpWithTheRevisionAndDownWithoutEtcd() throws Exception {
        runner.withPropertyValues("coxswain.etcd.endpoints=" + etcd.endpoint()).run(context -> {
            Health health = context.getBean(EtcdHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsKey("revision");
        });
        runner.withPropertyValues("coxswain.etcd.endpoints=http://127.0.0.1:" + freePort(),
                "coxswain.etcd.request-timeout=500ms").run(context -> {
            Health health = context.getBean(EtcdHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        });
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void aTickCompactsNothingFirstThenTheRevisionSeenBefore() {
        runner.withPropertyValues("coxswain.etcd.endpoints=" + etcd.endpoint(),
                "coxswain.etcd.compaction-interval=0").run(context -> {
            EtcdStore store = context.getBean(EtcdStore.class);
            Compactor compactor = context.getBean(Compactor.class);

            assertThat(compactor.tick()).isZero();
            long seen = store.currentRevision();
            store.create("/registry/secrets/default/t", "1".getBytes(UTF_8), 0);

            assertThat(compactor.tick()).isEqualTo(seen);
        });
    }
}
