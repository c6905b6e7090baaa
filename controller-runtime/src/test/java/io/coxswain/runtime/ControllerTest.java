package io.coxswain.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coxswain.runtime.workqueue.ExponentialBackoff;
import io.coxswain.runtime.workqueue.WorkQueue;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ControllerTest {

    private final WorkQueue<String> queue = new WorkQueue<>("ctl",
            new ExponentialBackoff<>(Duration.ofMillis(10), Duration.ofMillis(50)), new SimpleMeterRegistry());
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private Controller controller;

    @AfterEach
    void tearDown() throws InterruptedException {
        if (controller != null) {
            controller.close();
        }
        queue.shutDown();
    }

    @Test
    void workersWaitForCachesToSync() {
        AtomicBoolean synced = new AtomicBoolean(false);
        controller = new Controller("ctl", key -> {
            calls.add(key);
            return Result.done();
        }, queue, 2, List.of(synced::get));
        controller.start();
        controller.enqueue("ns/a");
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1)).until(calls::isEmpty);
        synced.set(true);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(calls).containsExactly("ns/a"));
    }

    @Test
    void exceptionRetriesWithBackoffUntilSuccessThenForgets() {
        AtomicInteger attempts = new AtomicInteger();
        controller = new Controller("ctl", key -> {
            if (attempts.incrementAndGet() < 4) {
                throw new IllegalStateException("not yet");
            }
            return Result.done();
        }, queue, 1, List.of());
        controller.start();
        controller.enqueue("ns/a");
        await().atMost(Duration.ofSeconds(5)).until(() -> attempts.get() == 4);
        await().atMost(Duration.ofSeconds(1)).until(() -> queue.numRequeues("ns/a") == 0);
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1)).until(() -> attempts.get() == 4);
    }

    @Test
    void terminalErrorIsNotRetried() {
        AtomicInteger attempts = new AtomicInteger();
        controller = new Controller("ctl", key -> {
            attempts.incrementAndGet();
            throw new TerminalException("invalid spec");
        }, queue, 1, List.of());
        controller.start();
        controller.enqueue("ns/a");
        await().atMost(Duration.ofSeconds(5)).until(() -> attempts.get() == 1);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1)).until(() -> attempts.get() == 1);
    }

    @Test
    void requeueAfterCallsAgainAfterTheDelay() {
        ConcurrentHashMap<String, AtomicInteger> perKey = new ConcurrentHashMap<>();
        controller = new Controller("ctl", key -> {
            int n = perKey.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            return n < 3 ? Result.requeueAfter(Duration.ofMillis(30)) : Result.done();
        }, queue, 2, List.of());
        controller.start();
        controller.enqueue("ns/a");
        await().atMost(Duration.ofSeconds(5)).until(() -> perKey.get("ns/a") != null && perKey.get("ns/a").get() == 3);
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1)).until(() -> perKey.get("ns/a").get() == 3);
    }

    @Test
    void objectKeysFollowKubernetesFormat() {
        assertThat(ObjectKeys.of("default", "web")).isEqualTo("default/web");
        assertThat(ObjectKeys.of(null, "node-1")).isEqualTo("node-1");
        assertThat(ObjectKeys.namespace("default/web")).isEqualTo("default");
        assertThat(ObjectKeys.name("default/web")).isEqualTo("web");
        assertThat(ObjectKeys.namespace("node-1")).isNull();
        assertThat(ObjectKeys.name("node-1")).isEqualTo("node-1");
    }
}
