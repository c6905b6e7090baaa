package io.coxswain.nodeagent.queue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class WorkQueueTest {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final WorkQueue queue = new WorkQueue(scheduler, Duration.ofMillis(10), Duration.ofSeconds(1));

    @AfterEach
    void stop() {
        queue.shutdown();
        scheduler.shutdownNow();
    }

    @Test
    void addingAQueuedKeyQueuesItOnce() throws InterruptedException {
        queue.add("a");
        queue.add("a");
        queue.add("b");
        assertThat(queue.depth()).isEqualTo(2);
        assertThat(queue.take()).isEqualTo("a");
        assertThat(queue.take()).isEqualTo("b");
    }

    @Test
    void keyAddedWhileProcessingIsQueuedAgainOnlyWhenDone() throws InterruptedException {
        queue.add("a");
        String k = queue.take();
        queue.add("a");
        assertThat(queue.depth()).isZero(); // not handed to a second worker
        queue.done(k);
        assertThat(queue.depth()).isEqualTo(1);
        assertThat(queue.take()).isEqualTo("a");
    }

    @Test
    void addAfterQueuesOnceTheDelayPassed() {
        queue.addAfter("a", Duration.ofMillis(100));
        assertThat(queue.depth()).isZero();
        await().atMost(Duration.ofSeconds(2)).until(() -> queue.depth() == 1);
    }

    @Test
    void earlierDelayWins() {
        queue.addAfter("a", Duration.ofSeconds(30));
        queue.addAfter("a", Duration.ofMillis(50));
        await().atMost(Duration.ofSeconds(2)).until(() -> queue.depth() == 1);
    }

    @ParameterizedTest
    @CsvSource({"1,10", "2,20", "3,40", "7,640", "8,1000", "40,1000"})
    void backOffDoublesUpToTheCap(int failures, long expectedMillis) {
        assertThat(WorkQueue.backOff(Duration.ofMillis(10), Duration.ofSeconds(1), failures)).isEqualTo(Duration.ofMillis(expectedMillis));
    }
}
