package io.coxswain.scheduler.queue;

import io.coxswain.testing.MutableClock;

import static io.coxswain.scheduler.fixtures.TestPods.pod;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SchedulingQueueTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final SchedulingQueue queue =
            new SchedulingQueue(clock, Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMinutes(5));

    @Test
    void activeIsOrderedByPriorityThenAge() {
        queue.add(pod("old-low").info());
        clock.advance(Duration.ofMillis(1));
        queue.add(pod("new-high").priority(1000).info());
        clock.advance(Duration.ofMillis(1));
        queue.add(pod("new-low").info());
        assertThat(queue.poll().key()).isEqualTo("default/new-high");
        assertThat(queue.poll().key()).isEqualTo("default/old-low");
        assertThat(queue.poll().key()).isEqualTo("default/new-low");
        assertThat(queue.poll()).isNull();
    }

    @Test
    void unschedulablePodWaitsForAClusterEventNotForTime() {
        queue.add(pod("p").info());
        QueuedPod attempt = queue.poll();
        queue.requeueUnschedulable(attempt);
        assertThat(queue.counts()).isEqualTo(new SchedulingQueue.Counts(0, 0, 1));
        clock.advance(Duration.ofMinutes(1));
        assertThat(queue.poll()).isNull();
        queue.moveAllToActiveOrBackoff();
        assertThat(queue.counts()).isEqualTo(new SchedulingQueue.Counts(1, 0, 0));
        assertThat(queue.poll().attempts()).isEqualTo(2);
    }

    @Test
    void eventDuringBackoffMovesPodToBackoffFirst() {
        queue.add(pod("p").info());
        queue.requeueUnschedulable(queue.poll());
        queue.moveAllToActiveOrBackoff();
        // Failed just now with 1 attempt: 1 s back-off is not over.
        assertThat(queue.counts()).isEqualTo(new SchedulingQueue.Counts(0, 1, 0));
        assertThat(queue.poll()).isNull();
        clock.advance(Duration.ofSeconds(1));
        assertThat(queue.poll()).isNotNull();
    }

    @Test
    void clusterEventDuringAnAttemptIsNotLost() {
        queue.add(pod("p").info());
        QueuedPod attempt = queue.poll();
        queue.moveAllToActiveOrBackoff(); // e.g. a node was added while the pod was being scheduled
        queue.requeueUnschedulable(attempt);
        assertThat(queue.counts().unschedulable()).isZero();
        assertThat(queue.counts().backoff()).isEqualTo(1);
    }

    @Test
    void backoffDoublesPerAttemptUpToTheCap() {
        assertThat(queue.backoffDuration(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(queue.backoffDuration(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(queue.backoffDuration(4)).isEqualTo(Duration.ofSeconds(8));
        assertThat(queue.backoffDuration(5)).isEqualTo(Duration.ofSeconds(10));
        assertThat(queue.backoffDuration(50)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void errorRetriesAfterBackoff() {
        queue.add(pod("p").info());
        queue.requeueAfterError(queue.poll());
        clock.advance(Duration.ofMillis(999));
        assertThat(queue.poll()).isNull();
        clock.advance(Duration.ofMillis(1));
        assertThat(queue.poll().attempts()).isEqualTo(2);
    }

    @Test
    void statusOnlyUpdateLeavesUnschedulablePodWaitingButSpecChangeRetries() {
        queue.add(pod("p").info());
        queue.requeueUnschedulable(queue.poll());
        clock.advance(Duration.ofSeconds(5));
        queue.update(pod("p").info(), false);
        assertThat(queue.counts().unschedulable()).isEqualTo(1);
        queue.update(pod("p").nodeSelector("disk", "ssd").info(), true);
        assertThat(queue.counts().active()).isEqualTo(1);
    }

    @Test
    void leftoverUnschedulablePodsAreRetriedAfterTheMaximumWait() {
        queue.add(pod("p").info());
        queue.requeueUnschedulable(queue.poll());
        clock.advance(Duration.ofMinutes(5));
        assertThat(queue.poll()).isNotNull();
    }

    @Test
    void deletedPodLeavesEveryQueueAndIsNotRequeued() {
        queue.add(pod("a").info());
        queue.add(pod("b").info());
        QueuedPod a = queue.poll();
        queue.delete("default/a");
        queue.delete("default/b");
        queue.requeueAfterError(a);
        assertThat(queue.counts()).isEqualTo(new SchedulingQueue.Counts(0, 0, 0));
        clock.advance(Duration.ofMinutes(10));
        assertThat(queue.poll()).isNull();
    }

    @Test
    void popBlocksUntilAPodArrivesAndReturnsNullWhenClosed() throws Exception {
        var popped = new java.util.concurrent.CompletableFuture<QueuedPod>();
        Thread thread = new Thread(() -> {
            try {
                popped.complete(queue.pop());
            } catch (InterruptedException e) {
                popped.completeExceptionally(e);
            }
        });
        thread.start();
        queue.add(pod("p").info());
        assertThat(popped.get(5, java.util.concurrent.TimeUnit.SECONDS).key()).isEqualTo("default/p");
        queue.close();
        assertThat(queue.pop()).isNull();
        thread.join();
    }
}
