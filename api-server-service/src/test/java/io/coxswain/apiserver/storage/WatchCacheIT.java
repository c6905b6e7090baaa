package io.coxswain.apiserver.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

import io.coxswain.testing.EtcdServer;
import io.etcd.jetcd.Client;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

class WatchCacheIT {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private static EtcdServer etcd;
    private static Client client;
    private static EtcdStore store;

    private PrometheusMeterRegistry registry;
    private String prefix;
    private final List<WatchCache<Item>> caches = new ArrayList<>();

    /** What a decoder produces: the key, the stored text, and resourceVersion = modRevision. */
    record Item(String key, String value, long resourceVersion) {
    }

    @BeforeAll
    static void startEtcd() {
        etcd = EtcdServer.started();
        client = Client.builder().endpoints(etcd.endpoint()).build();
        store = new EtcdStore(client, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    @AfterAll
    static void stopEtcd() {
        store.close();
        client.close();
        etcd.close();
    }

    @BeforeEach
    void setUp(TestInfo test) {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        prefix = "/registry/" + test.getTestMethod().orElseThrow().getName().toLowerCase() + "/";
    }

    @AfterEach
    void closeCaches() {
        caches.forEach(WatchCache::close);
    }

    private WatchCache<Item> startedCache(int window) {
        WatchCache<Item> cache = new WatchCache<>(store, client, prefix, kv ->
                new Item(kv.key(), new String(kv.value(), UTF_8), kv.modRevision()), window, registry);
        caches.add(cache);
        cache.start();
        return cache;
    }

    private String key(String name) {
        return prefix + "default/" + name;
    }

    @Test
    void watchFromZeroGivesAddedForCurrentObjectsThenLiveEvents() throws Exception {
        long a = store.create(key("a"), bytes("a1"), 0);
        long b = store.create(key("b"), bytes("b1"), 0);
        WatchCache<Item> cache = startedCache(100);

        Watcher<Item> watcher = cache.watch(0, null, 100);
        long a2 = store.update(key("a"), bytes("a2"), a, 0);
        KeyValue deleted = store.delete(key("b"), b);

        assertThat(next(watcher)).isEqualTo(new WatchEvent<>(EventType.ADDED, new Item(key("a"), "a1", a), a));
        assertThat(next(watcher)).isEqualTo(new WatchEvent<>(EventType.ADDED, new Item(key("b"), "b1", b), b));
        assertThat(next(watcher)).isEqualTo(new WatchEvent<>(EventType.MODIFIED, new Item(key("a"), "a2", a2), a2));
        // DELETED carries the last state, with the deletion revision as its resourceVersion
        assertThat(next(watcher)).isEqualTo(new WatchEvent<>(EventType.DELETED,
                new Item(key("b"), "b1", deleted.modRevision()), deleted.modRevision()));
        assertThat(watcher.poll(Duration.ofMillis(200))).isNull();
        assertThat(watcher.isTerminated()).isFalse();
    }

    @Test
    void snapshotHoldsTheCurrentStateSortedByKeyAtTheLastAppliedRevision() {
        store.create(key("c"), bytes("c1"), 0);
        store.create(key("a"), bytes("a1"), 0);
        WatchCache<Item> cache = startedCache(100);
        long b = store.create(key("b"), bytes("b1"), 0);

        await().atMost(WAIT).until(() -> cache.lastRevision() >= b);
        Snapshot<Item> snapshot = cache.snapshot();

        assertThat(snapshot.items()).extracting(Item::key).containsExactly(key("a"), key("b"), key("c"));
        assertThat(snapshot.revision()).isEqualTo(b).isEqualTo(cache.lastRevision());
    }

    @Test
    void watchFromAListRevisionLosesAndRepeatsNothingUnderConcurrentWrites() throws Exception {
        WatchCache<Item> cache = startedCache(10_000);
        ExecutorService writers = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < 3; w++) {
                running.add(writers.submit(() -> randomWrites(120)));
            }
            // take the list while writes are in flight, once some are in
            await().atMost(WAIT).until(() -> store.list(prefix).items().size() >= 3);
            ListResult listed = store.list(prefix);
            Watcher<Item> fromList = cache.watch(listed.revision(), null, 10_000);
            Snapshot<Item> snapshot = cache.snapshot();
            Watcher<Item> fromSnapshot = cache.watch(snapshot.revision(), null, 10_000);
            for (Future<?> writer : running) {
                writer.get();
            }
            ListResult finalState = store.list(prefix);

            Map<String, String> expected = new HashMap<>();
            finalState.items().forEach(kv -> expected.put(kv.key(), new String(kv.value(), UTF_8)));
            Map<String, String> fromListState = new HashMap<>();
            listed.items().forEach(kv -> fromListState.put(kv.key(), new String(kv.value(), UTF_8)));
            Map<String, String> fromSnapshotState = new HashMap<>();
            snapshot.items().forEach(item -> fromSnapshotState.put(item.key(), item.value()));

            replayUntil(fromList, fromListState, finalState.revision());
            replayUntil(fromSnapshot, fromSnapshotState, finalState.revision());
            assertThat(fromListState).isEqualTo(expected);
            assertThat(fromSnapshotState).isEqualTo(expected);
        } finally {
            writers.shutdownNow();
        }
    }

    @Test
    void filteredWatcherSeesObjectsEnterAndLeaveTheSelection() throws Exception {
        WatchCache<Item> cache = startedCache(100);
        Predicate<Item> red = item -> item.value().startsWith("red");
        Watcher<Item> selected = cache.watch(0, red, 100);
        Watcher<Item> all = cache.watch(0, null, 100);

        long r1 = store.create(key("x"), bytes("red"), 0);
        long r2 = store.update(key("x"), bytes("blue"), r1, 0);      // leaves the selection
        long r3 = store.update(key("x"), bytes("blue-2"), r2, 0);    // outside before and after: nothing
        long r4 = store.update(key("x"), bytes("red-again"), r3, 0); // enters the selection
        long r5 = store.update(key("x"), bytes("red-3"), r4, 0);     // within: MODIFIED
        KeyValue deleted = store.delete(key("x"), r5);

        assertThat(next(selected)).isEqualTo(new WatchEvent<>(EventType.ADDED, new Item(key("x"), "red", r1), r1));
        assertThat(next(selected)).isEqualTo(new WatchEvent<>(EventType.DELETED, new Item(key("x"), "blue", r2), r2));
        assertThat(next(selected)).isEqualTo(new WatchEvent<>(EventType.ADDED, new Item(key("x"), "red-again", r4), r4));
        assertThat(next(selected)).isEqualTo(new WatchEvent<>(EventType.MODIFIED, new Item(key("x"), "red-3", r5), r5));
        assertThat(next(selected)).isEqualTo(new WatchEvent<>(EventType.DELETED,
                new Item(key("x"), "red-3", deleted.modRevision()), deleted.modRevision()));
        assertThat(selected.poll(Duration.ofMillis(200))).isNull();

        List<EventType> unfiltered = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            unfiltered.add(next(all).type());
        }
        assertThat(unfiltered).containsExactly(EventType.ADDED, EventType.MODIFIED, EventType.MODIFIED,
                EventType.MODIFIED, EventType.MODIFIED, EventType.DELETED);
    }

    @Test
    void filteredWatchFromARevisionAppliesTheSelectorToTheReplayedWindow() throws Exception {
        WatchCache<Item> cache = startedCache(100);
        long r1 = store.create(key("x"), bytes("red"), 0);
        long r2 = store.update(key("x"), bytes("blue"), r1, 0);
        await().atMost(WAIT).until(() -> cache.lastRevision() >= r2);

        Watcher<Item> watcher = cache.watch(r1, item -> item.value().startsWith("red"), 100);

        assertThat(next(watcher)).isEqualTo(new WatchEvent<>(EventType.DELETED, new Item(key("x"), "blue", r2), r2));
    }

    @Test
    void slowConsumerIsTerminatedWhileOthersGoOn() throws Exception {
        WatchCache<Item> cache = startedCache(100);
        Watcher<Item> slow = cache.watch(0, null, 5);
        Watcher<Item> fast = cache.watch(0, null, 1_000);
        assertThat(registry.get("apiserver.registered.watchers").gauge().value()).isEqualTo(2);

        for (int i = 0; i < 20; i++) {
            store.create(key("k" + i), bytes("v" + i), 0);
        }

        for (int i = 0; i < 20; i++) {
            assertThat(next(fast).object().value()).isEqualTo("v" + i);
        }
        assertThat(slow.isTerminated()).isTrue();
        assertThat(slow.terminationReason()).isEqualTo(Watcher.REASON_TOO_SLOW);
        assertThat(slow.poll(Duration.ofSeconds(1))).isNull();
        assertThat(fast.isTerminated()).isFalse();
        assertThat(registry.get("apiserver.registered.watchers").gauge().value()).isEqualTo(1);
    }

    @Test
    void watchFromARevisionReplaysTheEventsAfterItFromTheWindow() throws Exception {
        WatchCache<Item> cache = startedCache(100);
        long r1 = store.create(key("a"), bytes("1"), 0);
        long r2 = store.update(key("a"), bytes("2"), r1, 0);
        long r3 = store.update(key("a"), bytes("3"), r2, 0);
        await().atMost(WAIT).until(() -> cache.lastRevision() >= r3);

        Watcher<Item> watcher = cache.watch(r1, null, 100);
        long r4 = store.update(key("a"), bytes("4"), r3, 0);

        assertThat(next(watcher).revision()).isEqualTo(r2);
        assertThat(next(watcher).revision()).isEqualTo(r3);
        assertThat(next(watcher).revision()).isEqualTo(r4);
    }

    @Test
    void watchFromARevisionAheadOfTheCacheDeliversOnlyLaterEvents() throws Exception {
        WatchCache<Item> cache = startedCache(100);
        long ahead = cache.lastRevision() + 2;

        Watcher<Item> watcher = cache.watch(ahead, null, 100);
        List<Long> written = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            written.add(store.create(key("k" + i), bytes("v"), 0));
        }

        for (long revision : written) {
            if (revision > ahead) {
                assertThat(next(watcher).revision()).isEqualTo(revision);
            }
        }
        assertThat(watcher.poll(Duration.ofMillis(200))).isNull();
    }

    @Test
    void watchFromBeforeTheWindowIsTooOld() throws Exception {
        WatchCache<Item> cache = startedCache(5);
        List<Long> revisions = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            revisions.add(store.create(key("k" + i), bytes("v"), 0));
        }
        await().atMost(WAIT).until(() -> cache.lastRevision() >= revisions.get(9));

        // the window holds the last 5 events (revisions 5..9): a watch must start at revision 4 or later
        assertThatThrownBy(() -> cache.watch(revisions.get(0), null, 100))
                .isInstanceOfSatisfying(TooOldResourceVersionException.class, e -> {
                    assertThat(e.requestedRevision()).isEqualTo(revisions.get(0));
                    assertThat(e.oldestAvailableRevision()).isEqualTo(revisions.get(4));
                });
        Watcher<Item> oldest = cache.watch(revisions.get(4), null, 100);
        for (int i = 5; i < 10; i++) {
            assertThat(next(oldest).revision()).isEqualTo(revisions.get(i));
        }
    }

    @Test
    void watchFromBeforeTheCacheStartedAfterACompactionIsTooOld() {
        long old = store.create(key("a"), bytes("1"), 0);
        long current = store.update(key("a"), bytes("2"), old, 0);
        store.compact(current);

        WatchCache<Item> cache = startedCache(100);

        assertThatThrownBy(() -> cache.watch(old, null, 100))
                .isInstanceOfSatisfying(TooOldResourceVersionException.class,
                        e -> assertThat(e.oldestAvailableRevision()).isEqualTo(cache.lastRevision()));
    }

    @Test
    void closedWatcherIsUnregisteredAndReturnsNothing() throws Exception {
        WatchCache<Item> cache = startedCache(100);
        Watcher<Item> watcher = cache.watch(0, null, 100);
        assertThat(registry.get("apiserver.registered.watchers").gauge().value()).isEqualTo(1);

        watcher.close();
        store.create(key("a"), bytes("1"), 0);

        assertThat(watcher.poll(Duration.ofMillis(300))).isNull();
        assertThat(watcher.terminationReason()).isEqualTo(Watcher.REASON_CLOSED);
        assertThat(registry.get("apiserver.registered.watchers").gauge().value()).isZero();
    }

    @Test
    void closingTheCacheTerminatesItsWatchers() throws Exception {
        WatchCache<Item> cache = startedCache(100);
        Watcher<Item> watcher = cache.watch(0, null, 100);

        cache.close();

        assertThat(watcher.isTerminated()).isTrue();
        assertThat(watcher.terminationReason()).isEqualTo(Watcher.REASON_CACHE_CLOSED);
        assertThatThrownBy(cache::snapshot).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void watchMetricsAreExportedPerResource() throws Exception {
        WatchCache<Item> cache = startedCache(100);
        Watcher<Item> watcher = cache.watch(0, null, 100);
        store.create(key("a"), bytes("1"), 0);
        store.create(key("b"), bytes("1"), 0);
        next(watcher);
        next(watcher);

        String resource = prefix.split("/")[2];
        // the counter is bumped right after the hand-off, so the consumer can be a moment ahead of it
        await().atMost(WAIT).untilAsserted(() -> assertThat(registry.scrape())
                .contains("apiserver_watch_events_total{resource=\"" + resource + "\"} 2.0")
                .contains("apiserver_registered_watchers{resource=\"" + resource + "\"} 1.0"));
    }

    /** Applies events to {@code state} until the watcher has delivered everything up to {@code revision}. */
    private static void replayUntil(Watcher<Item> watcher, Map<String, String> state, long revision) throws Exception {
        long last = 0;
        while (last < revision) {
            WatchEvent<Item> event = watcher.poll(WAIT);
            assertThat(event).as("event after revision %d (want up to %d); terminated: %s", last, revision,
                    watcher.terminationReason()).isNotNull();
            assertThat(event.revision()).as("revisions strictly increase: no duplicate, no reordering").isGreaterThan(last);
            assertThat(event.object().resourceVersion()).isEqualTo(event.revision());
            last = event.revision();
            switch (event.type()) {
                case ADDED -> assertThat(state.put(event.object().key(), event.object().value())).isNull();
                case MODIFIED -> assertThat(state.put(event.object().key(), event.object().value())).isNotNull();
                case DELETED -> assertThat(state.remove(event.object().key())).isNotNull();
            }
        }
        assertThat(last).isEqualTo(revision);
    }

    /** Random creates, updates and deletes over 15 keys; conflicts and races between writers are expected and skipped. */
    private void randomWrites(int count) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < count; i++) {
            String k = key("k" + random.nextInt(15));
            try {
                var current = store.get(k);
                if (current.isEmpty()) {
                    store.create(k, bytes("v" + i), 0);
                } else if (random.nextInt(4) == 0) {
                    store.delete(k, current.get().modRevision());
                } else {
                    store.update(k, bytes("v" + i), current.get().modRevision(), 0);
                }
            } catch (KeyExistsException | KeyNotFoundException | ConflictException raceWithAnotherWriter) {
                // another writer got there first: that is the point of concurrent writers
            }
        }
    }

    private static WatchEvent<Item> next(Watcher<Item> watcher) throws InterruptedException {
        WatchEvent<Item> event = watcher.poll(WAIT);
        assertThat(event).as("an event within %s (terminated: %s)", WAIT, watcher.terminationReason()).isNotNull();
        return event;
    }

    private static byte[] bytes(String value) {
        return value.getBytes(UTF_8);
    }
}
