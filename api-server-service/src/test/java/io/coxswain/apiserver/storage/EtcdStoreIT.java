package io.coxswain.apiserver.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.coxswain.testing.EtcdServer;
import io.etcd.jetcd.Client;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.BeforeEach;

class EtcdStoreIT {

    private static EtcdServer etcd;
    private static Client client;
    private static PrometheusMeterRegistry registry;
    private static EtcdStore store;

    /** Each test writes under its own resource so that tests do not see each other's keys. */
    private String resource;

    @BeforeAll
    static void startEtcd() {
        etcd = EtcdServer.started();
        client = Client.builder().endpoints(etcd.endpoint()).build();
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        store = new EtcdStore(client, registry);
    }

    @AfterAll
    static void stopEtcd() {
        store.close();
        client.close();
        etcd.close();
    }

    @BeforeEach
    void pickResource(TestInfo test) {
        resource = test.getTestMethod().orElseThrow().getName().toLowerCase();
    }

    private String key(String name) {
        return "/registry/" + resource + "/default/" + name;
    }

    @Test
    void createStoresTheValueAtTheReturnedRevision() {
        long revision = store.create(key("web"), json("v1"), 0);

        KeyValue stored = store.get(key("web")).orElseThrow();
        assertThat(new String(stored.value(), UTF_8)).isEqualTo("{\"v\":\"v1\"}");
        assertThat(stored.modRevision()).isEqualTo(revision);
        assertThat(stored.createRevision()).isEqualTo(revision);
        assertThat(stored.leaseId()).isZero();
        assertThat(store.currentRevision()).isGreaterThanOrEqualTo(revision);
    }

    @Test
    void createOfAnExistingKeyFailsAndKeepsTheValue() {
        long revision = store.create(key("web"), json("v1"), 0);

        assertThatThrownBy(() -> store.create(key("web"), json("v2"), 0))
                .isInstanceOf(KeyExistsException.class)
                .extracting(e -> ((KeyExistsException) e).key()).isEqualTo(key("web"));
        KeyValue stored = store.get(key("web")).orElseThrow();
        assertThat(stored.modRevision()).isEqualTo(revision);
        assertThat(new String(stored.value(), UTF_8)).contains("v1");
    }

    @Test
    void getOfAMissingKeyIsEmpty() {
        assertThat(store.get(key("absent"))).isEmpty();
    }

    @Test
    void updateWithTheCurrentRevisionReplacesTheValue() {
        long created = store.create(key("web"), json("v1"), 0);

        long updated = store.update(key("web"), json("v2"), created, 0);

        KeyValue stored = store.get(key("web")).orElseThrow();
        assertThat(updated).isGreaterThan(created);
        assertThat(stored.modRevision()).isEqualTo(updated);
        assertThat(stored.createRevision()).isEqualTo(created);
        assertThat(new String(stored.value(), UTF_8)).contains("v2");
    }

    @Test
    void updateWithAStaleRevisionIsAConflictNamingTheCurrentRevision() {
        long created = store.create(key("web"), json("v1"), 0);
        long updated = store.update(key("web"), json("v2"), created, 0);

        assertThatThrownBy(() -> store.update(key("web"), json("v3"), created, 0))
                .isInstanceOfSatisfying(ConflictException.class, e -> {
                    assertThat(e.key()).isEqualTo(key("web"));
                    assertThat(e.expectedModRevision()).isEqualTo(created);
                    assertThat(e.actualModRevision()).isEqualTo(updated);
                });
        assertThat(new String(store.get(key("web")).orElseThrow().value(), UTF_8)).contains("v2");
    }

    @Test
    void updateOfAMissingKeyIsNotFoundAndCreatesNothing() {
        assertThatThrownBy(() -> store.update(key("absent"), json("v1"), 5, 0)).isInstanceOf(KeyNotFoundException.class);
        assertThatThrownBy(() -> store.update(key("absent"), json("v1"), 0, 0)).isInstanceOf(KeyNotFoundException.class);
        assertThat(store.get(key("absent"))).isEmpty();
    }

    @Test
    void unconditionalUpdateReplacesWhateverRevisionIsStored() {
        store.create(key("web"), json("v1"), 0);

        long updated = store.update(key("web"), json("v2"), 0, 0);

        assertThat(store.get(key("web")).orElseThrow().modRevision()).isEqualTo(updated);
    }

    @Test
    void concurrentUpdatesWithTheSameRevisionGiveExactlyOneSuccess() throws Exception {
        long created = store.create(key("web"), json("v0"), 0);
        int writers = 8;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<Long>> results = new ArrayList<>();
            for (int i = 1; i <= writers; i++) {
                String value = "v" + i;
                Callable<Long> update = () -> {
                    go.await();
                    return store.update(key("web"), json(value), created, 0);
                };
                results.add(pool.submit(update));
            }
            go.countDown();

            List<Long> successes = new ArrayList<>();
            int conflicts = 0;
            for (Future<Long> result : results) {
                try {
                    successes.add(result.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(ConflictException.class);
                    conflicts++;
                }
            }
            assertThat(successes).hasSize(1);
            assertThat(conflicts).isEqualTo(writers - 1);
            assertThat(store.get(key("web")).orElseThrow().modRevision()).isEqualTo(successes.get(0));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void deleteReturnsTheLastStateAtTheDeletionRevision() {
        long created = store.create(key("web"), json("v1"), 0);

        KeyValue deleted = store.delete(key("web"), created);

        assertThat(deleted.key()).isEqualTo(key("web"));
        assertThat(new String(deleted.value(), UTF_8)).contains("v1");
        assertThat(deleted.createRevision()).isEqualTo(created);
        assertThat(deleted.modRevision()).isGreaterThan(created).isEqualTo(store.currentRevision());
        assertThat(store.get(key("web"))).isEmpty();
    }

    @Test
    void deleteWithAStaleRevisionIsAConflictAndKeepsTheKey() {
        long created = store.create(key("web"), json("v1"), 0);
        long updated = store.update(key("web"), json("v2"), created, 0);

        assertThatThrownBy(() -> store.delete(key("web"), created))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.actualModRevision()).isEqualTo(updated));
        assertThat(store.get(key("web"))).isPresent();
    }

    @Test
    void deleteOfAMissingKeyIsNotFound() {
        assertThatThrownBy(() -> store.delete(key("absent"), 0)).isInstanceOf(KeyNotFoundException.class);
        assertThatThrownBy(() -> store.delete(key("absent"), 7)).isInstanceOf(KeyNotFoundException.class);
    }

    @Test
    void unconditionalDeleteRemovesTheKey() {
        store.create(key("web"), json("v1"), 0);

        KeyValue deleted = store.delete(key("web"), 0);

        assertThat(new String(deleted.value(), UTF_8)).contains("v1");
        assertThat(store.get(key("web"))).isEmpty();
    }

    @Test
    void listReturnsOnlyKeysUnderThePrefixSortedByKeyAtTheHeaderRevision() {
        store.create(key("c"), json("c"), 0);
        store.create(key("a"), json("a"), 0);
        store.create(key("b"), json("b"), 0);
        store.create("/registry/" + resource + "x/default/z", json("other resource"), 0);

        ListResult list = store.list("/registry/" + resource + "/");

        assertThat(list.items()).extracting(KeyValue::key).containsExactly(key("a"), key("b"), key("c"));
        assertThat(list.revision()).isGreaterThanOrEqualTo(list.items().stream().mapToLong(KeyValue::modRevision).max().orElseThrow());
        assertThat(list.revision()).isLessThanOrEqualTo(store.currentRevision());
    }

    @Test
    void keyWithATtlDisappearsWhenItsLeaseRunsOut() {
        store.create(key("event"), json("e"), 1);
        assertThat(store.get(key("event")).orElseThrow().leaseId()).isNotZero();

        await().atMost(Duration.ofSeconds(6)).until(() -> store.get(key("event")).isEmpty());
    }

    @Test
    void compactionDiscardsOlderRevisions() throws Exception {
        long first = store.create(key("web"), json("v1"), 0);
        long second = store.update(key("web"), json("v2"), first, 0);

        store.compact(second);
        store.compact(first); // already compacted past it: a no-op, not an error

        assertThatThrownBy(() -> client.getKVClient().get(io.etcd.jetcd.ByteSequence.from(key("web"), UTF_8),
                io.etcd.jetcd.options.GetOption.builder().withRevision(first).build()).get())
                .hasMessageContaining("compacted");
        assertThat(store.get(key("web")).orElseThrow().modRevision()).isEqualTo(second);
    }

    @Test
    void requestLatencyIsExportedPerOperationAndResource() {
        store.create(key("web"), json("v1"), 0);
        store.get(key("web"));

        String scrape = registry.scrape();

        assertThat(scrape).contains("etcd_request_duration_seconds_count{operation=\"create\",type=\"" + resource + "\"} 1");
        assertThat(scrape).contains("etcd_request_duration_seconds_count{operation=\"get\",type=\"" + resource + "\"} 1");
        assertThat(scrape).contains("etcd_request_duration_seconds_bucket{operation=\"create\",type=\"" + resource + "\",le=\"0.005\"}");
    }

    private static byte[] json(String value) {
        return ("{\"v\":\"" + value + "\"}").getBytes(UTF_8);
    }
}
