package io.coxswain.apiserver.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;

import io.coxswain.testing.EtcdServer;
import io.etcd.jetcd.Client;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The watch cache across an etcd restart and across a partition during which etcd compacted what the cache missed. */
class WatchCacheRecoveryIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PREFIX = "/registry/pods/";

    private EtcdServer etcd;
    private Client client;
    private EtcdStore store;

    record Item(String key, String value, long resourceVersion) {
    }

    @BeforeEach
    void startEtcd() {
        etcd = EtcdServer.started();
        client = Client.builder().endpoints(etcd.endpoint()).build();
        store = new EtcdStore(client, new SimpleMeterRegistry(), "/registry", EtcdStore.DEFAULT_REQUEST_TIMEOUT);
    }

    @AfterEach
    void stopEtcd() {
        store.close();
        client.close();
        etcd.close();
    }

    private static WatchCache<Item> cache(EtcdStore store, Client client) {
        return new WatchCache<>(store, client, PREFIX,
                kv -> new Item(kv.key(), new String(kv.value(), UTF_8), kv.modRevision()), 1_000, new SimpleMeterRegistry());
    }

    @Test
    void watchersKeepReceivingEventsAcrossAnEtcdRestart() throws Exception {
        try (WatchCache<Item> cache = cache(store, client)) {
            cache.start();
            Watcher<Item> watcher = cache.watch(0, null, 100);
            long before = store.create(PREFIX + "default/before", "1".getBytes(UTF_8), 0);
            assertThat(next(watcher).revision()).isEqualTo(before);

            etcd.stop();
            etcd.start();
            long after = await().atMost(WAIT).ignoreException(StorageUnavailableException.class)
                    .until(() -> store.create(PREFIX + "default/after", "2".getBytes(UTF_8), 0), revision -> revision > 0);

            WatchEvent<Item> event = next(watcher);
            assertThat(event.type()).isEqualTo(EventType.ADDED);
            assertThat(event.revision()).isEqualTo(after);
            assertThat(event.object().key()).isEqualTo(PREFIX + "default/after");
            assertThat(watcher.isTerminated()).isFalse();
            await().atMost(WAIT).until(() -> cache.lastRevision() == after);
            assertThat(cache.snapshot().items()).extracting(Item::key)
                    .containsExactly(PREFIX + "default/after", PREFIX + "default/before");
        }
    }

    @Test
    void compactionDuringAPartitionExpiresWatchersAndTheCacheReListsAndGoesOn() throws Exception {
        int etcdPort = URI.create(etcd.endpoint()).getPort();
        try (TcpProxy proxy = new TcpProxy(etcdPort);
             Client partitioned = Client.builder().endpoints(proxy.endpoint()).build();
             EtcdStore partitionedStore = new EtcdStore(partitioned, new SimpleMeterRegistry(), "/registry",
                     EtcdStore.DEFAULT_REQUEST_TIMEOUT);
             WatchCache<Item> cache = cache(partitionedStore, partitioned)) {
            long first = store.create(PREFIX + "default/first", "1".getBytes(UTF_8), 0);
            cache.start();
            Watcher<Item> watcher = cache.watch(0, null, 100);
            assertThat(next(watcher).revision()).isEqualTo(first);

            proxy.cut();
            long missedCreate = store.create(PREFIX + "default/missed", "2".getBytes(UTF_8), 0);
            store.delete(PREFIX + "default/first", first);
            store.compact(store.currentRevision());
            proxy.restore();

            await().atMost(WAIT).until(watcher::isTerminated);
            assertThat(watcher.terminationReason()).isEqualTo(Watcher.REASON_EXPIRED);
            await().atMost(WAIT).until(() -> cache.lastRevision() >= missedCreate + 1);
            assertThat(cache.snapshot().items()).extracting(Item::key).containsExactly(PREFIX + "default/missed");

            // and it keeps serving: a new watch sees the state and then live events
            Watcher<Item> again = cache.watch(0, null, 100);
            assertThat(next(again).object().key()).isEqualTo(PREFIX + "default/missed");
            long live = store.create(PREFIX + "default/live", "3".getBytes(UTF_8), 0);
            assertThat(next(again).revision()).isEqualTo(live);
        }
    }

    @Test
    void aShortPartitionWithoutCompactionLosesNothing() throws Exception {
        int etcdPort = URI.create(etcd.endpoint()).getPort();
        try (TcpProxy proxy = new TcpProxy(etcdPort);
             Client partitioned = Client.builder().endpoints(proxy.endpoint()).build();
             EtcdStore partitionedStore = new EtcdStore(partitioned, new SimpleMeterRegistry(), "/registry",
                     EtcdStore.DEFAULT_REQUEST_TIMEOUT);
             WatchCache<Item> cache = cache(partitionedStore, partitioned)) {
            cache.start();
            Watcher<Item> watcher = cache.watch(0, null, 100);

            proxy.cut();
            long a = store.create(PREFIX + "default/a", "1".getBytes(UTF_8), 0);
            long b = store.create(PREFIX + "default/b", "1".getBytes(UTF_8), 0);
            proxy.restore();

            assertThat(next(watcher).revision()).isEqualTo(a);
            assertThat(next(watcher).revision()).isEqualTo(b);
            assertThat(watcher.isTerminated()).isFalse();
        }
    }

    private static WatchEvent<Item> next(Watcher<Item> watcher) throws InterruptedException {
        WatchEvent<Item> event = watcher.poll(WAIT);
        assertThat(event).as("an event within %s (terminated: %s)", WAIT, watcher.terminationReason()).isNotNull();
        return event;
    }
}
