package io.coxswain.scheduler.queue;

import io.coxswain.scheduler.framework.PodInfo;
import java.time.Instant;

/**
 * A pending pod as the scheduling queue tracks it. Owned by the queue: fields change only under the queue's lock;
 * the scheduling thread reads {@link #pod()} and {@link #attempts()} after {@link SchedulingQueue#pop}.
 */
public final class QueuedPod {

    enum Where { ACTIVE, BACKOFF, UNSCHEDULABLE, IN_FLIGHT }

    private static long sequence;

    volatile PodInfo pod;
    final long seq;
    /** When the pod entered the queue (millis of the queue's clock): orders pods of equal priority. */
    final long timestamp;
    /** When the first attempt started; null until then. */
    volatile Instant initialAttempt;
    volatile int attempts;
    long lastFailureMillis;
    long unschedulableSinceMillis;
    long cycle;
    boolean changedWhileInFlight;
    Where where;

    QueuedPod(PodInfo pod, long timestamp) {
        this.pod = pod;
        this.timestamp = timestamp;
        synchronized (QueuedPod.class) {
            this.seq = sequence++;
        }
    }

    public PodInfo pod() {
        return pod;
    }

    public String key() {
        return pod.key();
    }

    /** Attempts so far, including the one in progress. */
    public int attempts() {
        return attempts;
    }

    public Instant initialAttempt() {
        return initialAttempt;
    }

    /** The scheduling cycle of the current attempt. */
    public long cycle() {
        return cycle;
    }
}
