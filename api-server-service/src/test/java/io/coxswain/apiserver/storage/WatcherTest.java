package io.coxswain.apiserver.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import io.coxswain.apiserver.storage.Watcher.CacheEvent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class WatcherTest {

    private static final Predicate<String> RED = value -> value.startsWith("red");

    @ParameterizedTest(name = "{0} {1} -> {2} -> {3}")
    @CsvSource({
            // change,   before,  after,   delivered (NONE = nothing)
            "ADDED,      ,        red,     ADDED",
            "ADDED,      ,        blue,    NONE",
            "MODIFIED,   red,     red-2,   MODIFIED",
            "MODIFIED,   red,     blue,    DELETED",
            "MODIFIED,   blue,    red,     ADDED",
            "MODIFIED,   blue,    blue-2,  NONE",
            "DELETED,    red,     red,     DELETED",
            "DELETED,    blue,    blue,    NONE",
    })
    void selectorTransitionsFollowKubernetes(EventType change, String before, String after, String delivered) {
        WatchEvent<String> event = Watcher.select(RED, 0, new CacheEvent<>(change, "/k", after, before, 7));

        if (delivered.equals("NONE")) {
            assertThat(event).isNull();
        } else {
            // the delivered object is always the new state (for DELETED: the last state at the deletion revision)
            assertThat(event).isEqualTo(new WatchEvent<>(EventType.valueOf(delivered), after, 7));
        }
    }

    @Test
    void eventsAtOrBelowTheStartRevisionAreNotDelivered() {
        assertThat(Watcher.select(null, 7, new CacheEvent<>(EventType.ADDED, "/k", "x", null, 7))).isNull();
        assertThat(Watcher.select(null, 7, new CacheEvent<>(EventType.ADDED, "/k", "x", null, 8))).isNotNull();
    }

    @Test
    void aFullQueueRefusesTheOfferInsteadOfWaiting() {
        Watcher<String> watcher = new Watcher<>(null, 0, 2, List.of(), w -> { });

        assertThat(watcher.offer(new WatchEvent<>(EventType.ADDED, "a", 1))).isTrue();
        assertThat(watcher.offer(new WatchEvent<>(EventType.ADDED, "b", 2))).isTrue();
        assertThat(watcher.offer(new WatchEvent<>(EventType.ADDED, "c", 3))).isFalse();
    }

    @Test
    void theInitialBacklogDoesNotCountAgainstTheQueueCapacity() throws Exception {
        List<WatchEvent<String>> backlog = List.of(new WatchEvent<>(EventType.ADDED, "a", 1),
                new WatchEvent<>(EventType.ADDED, "b", 2), new WatchEvent<>(EventType.ADDED, "c", 3));
        Watcher<String> watcher = new Watcher<>(null, 3, 1, backlog, w -> { });

        assertThat(watcher.offer(new WatchEvent<>(EventType.ADDED, "d", 4))).isTrue();
        assertThat(watcher.poll(Duration.ZERO).object()).isEqualTo("a");
    }

    @Test
    void pollTimesOutWithNullAndReturnsAtOnceOnceTerminated() throws Exception {
        Watcher<String> watcher = new Watcher<>(null, 0, 2, List.of(), w -> { });
        assertThat(watcher.poll(Duration.ofMillis(20))).isNull();
        watcher.offer(new WatchEvent<>(EventType.ADDED, "a", 1));

        watcher.terminate(Watcher.REASON_TOO_SLOW);

        long start = System.nanoTime();
        assertThat(watcher.poll(Duration.ofSeconds(30))).isNull();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        assertThat(watcher.terminationReason()).isEqualTo(Watcher.REASON_TOO_SLOW);
    }

    @Test
    void closeUnregistersOnceAndKeepsTheFirstReason() {
        AtomicInteger unregistered = new AtomicInteger();
        Watcher<String> watcher = new Watcher<>(null, 0, 2, List.of(), w -> unregistered.incrementAndGet());

        watcher.close();
        watcher.close();
        watcher.terminate(Watcher.REASON_EXPIRED);

        assertThat(unregistered).hasValue(1);
        assertThat(watcher.terminationReason()).isEqualTo(Watcher.REASON_CLOSED);
    }
}
