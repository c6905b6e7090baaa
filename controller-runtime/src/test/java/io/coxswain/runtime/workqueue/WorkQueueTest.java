package io.coxswain.runtime.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkQueueTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final WorkQueue<String> queue =
            new WorkQueue<>("test", new ExponentialBackoff<>(Duration.ofMillis(20), Duration.ofMillis(160)), registry);
    private final ExecutorService executor = Executors.newCachedThreadPool();

    @AfterEach
    void tearDown() throws InterruptedException {
        queue.shutDown();
        executor.shutdownNow();
        assertThat(executor.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void addingAWaitingItemAgainKeepsOneCopy() throws Exception {
        queue.add("a");
        queue.add("b");
        queue.add("a");
        assertThat(queue.length()).isEqualTo(2);
        assertThat(queue.get()).contains("a");
        assertThat(queue.get()).contains("b");
        assertThat(queue.length()).isZero();
    }

    @Test
    void itemAddedWhileProcessingIsHandedOutAgainOnlyAfterDone() throws Exception {
        queue.add("a");
        assertThat(queue.get()).contains("a");
        queue.add("a");
        queue.add("a");
        // Not handed to a second worker while the first still holds it.
        assertThat(queue.length()).isZero();
        Future<Optional<String>> second = executor.submit(queue::get);
        await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(1)).until(() -> !second.isDone());
        queue.done("a");
        assertThat(second.get(5, TimeUnit.SECONDS)).contains("a");
        queue.done("a");
        assertThat(queue.length()).isZero();
    }

    @Test
    void doneWithoutReAddDoesNotRequeue() throws Exception {
        queue.add("a");
        queue.get();
        queue.done("a");
        assertThat(queue.length()).isZero();
    }

    @Test
    void addAfterDelaysTheItem() throws Exception {
        long start = System.nanoTime();
        queue.addAfter("a", Duration.ofMillis(150));
        assertThat(queue.length()).isZero();
        assertThat(queue.get()).contains("a");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
    }

    @Test
    void earlierDelayedAddWinsOverLaterOne() throws Exception {
        long start = System.nanoTime();
        queue.addAfter("a", Duration.ofSeconds(30));
        queue.addAfter("a", Duration.ofMillis(50));
        queue.addAfter("a", Duration.ofSeconds(10));
        assertThat(queue.get()).contains("a");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        queue.done("a");
        assertThat(queue.length()).isZero();
    }

    @Test
    void rateLimitedAddsBackOffExponentiallyAndForgetResets() throws Exception {
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            long start = System.nanoTime();
            queue.addRateLimited("a");
            assertThat(queue.get()).contains("a");
            waits.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            queue.done("a");
        }
        assertThat(queue.numRequeues("a")).isEqualTo(4);
        // 20, 40, 80, 160 ms: each wait at least the back-off.
        assertThat(waits.get(0)).isGreaterThanOrEqualTo(20);
        assertThat(waits.get(1)).isGreaterThanOrEqualTo(40);
        assertThat(waits.get(2)).isGreaterThanOrEqualTo(80);
        assertThat(waits.get(3)).isGreaterThanOrEqualTo(160);
        queue.forget("a");
        assertThat(queue.numRequeues("a")).isZero();
        assertThat(registry.get("workqueue.retries").tag("name", "test").counter().count()).isEqualTo(4);
    }

    @Test
    void shutDownWakesBlockedWorkersAndIgnoresAdds() throws Exception {
        Future<Optional<String>> blocked = executor.submit(queue::get);
        queue.shutDown();
        assertThat(blocked.get(5, TimeUnit.SECONDS)).isEmpty();
        queue.add("a");
        assertThat(queue.length()).isZero();
        assertThat(queue.get()).isEmpty();
    }

    @Test
    void concurrentWorkersNeverProcessOneKeyTwiceAtOnceAndLoseNoAdd() throws Exception {
        int workers = 8;
        int keys = 20;
        Set<String> inFlight = ConcurrentHashMap.newKeySet();
        List<String> overlaps = new CopyOnWriteArrayList<>();
        // For each key: the add counter at the moment processing started; the last one must cover every add.
        ConcurrentHashMap<String, AtomicInteger> addsPerKey = new ConcurrentHashMap<>();
        ConcurrentHashMap<String, Integer> seenAtStart = new ConcurrentHashMap<>();
        for (int w = 0; w < workers; w++) {
            executor.submit(() -> {
                while (true) {
                    Optional<String> item = queue.get();
                    if (item.isEmpty()) {
                        return null;
                    }
                    String key = item.get();
                    if (!inFlight.add(key)) {
                        overlaps.add(key);
                    }
                    seenAtStart.put(key, addsPerKey.get(key).get());
                    Thread.yield();
                    inFlight.remove(key);
                    queue.done(key);
                }
            });
        }
        CountDownLatch producersDone = new CountDownLatch(4);
        for (int p = 0; p < 4; p++) {
            executor.submit(() -> {
                for (int i = 0; i < 5000; i++) {
                    String key = "k" + (i % keys);
                    addsPerKey.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                    queue.add(key);
                }
                producersDone.countDown();
                return null;
            });
        }
        assertThat(producersDone.await(30, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            for (int k = 0; k < keys; k++) {
                String key = "k" + k;
                assertThat(seenAtStart.get(key)).as(key).isEqualTo(addsPerKey.get(key).get());
            }
        });
        assertThat(overlaps).isEmpty();
    }

    @Test
    void metricsUseKubernetesNamesTaggedWithQueueName() throws Exception {
        queue.add("a");
        queue.add("b");
        assertThat(registry.get("workqueue.depth").tag("name", "test").gauge().value()).isEqualTo(2);
        queue.get();
        queue.done("a");
        assertThat(registry.get("workqueue.adds").tag("name", "test").counter().count()).isEqualTo(2);
        assertThat(registry.get("workqueue.queue.duration").tag("name", "test").timer().count()).isEqualTo(1);
        assertThat(registry.get("workqueue.work.duration").tag("name", "test").timer().count()).isEqualTo(1);
        assertThat(registry.get("workqueue.depth").tag("name", "test").gauge().value()).isEqualTo(1);
    }
}
