package io.coxswain.runtime.workqueue;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Per-key exponential back-off, as client-go's {@code ItemExponentialFailureRateLimiter}: the n-th consecutive
 * failure of a key waits {@code base * 2^(n-1)}, never more than {@code cap}. {@link #forget} resets the key after a
 * success. Thread-safe; keys are independent of each other.
 */
public final class ExponentialBackoff<T> {

    private final Duration base;
    private final Duration cap;
    private final ConcurrentMap<T, Integer> failures = new ConcurrentHashMap<>();

    public ExponentialBackoff(Duration base, Duration cap) {
        if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("need 0 < base <= cap, got base=" + base + " cap=" + cap);
        }
        this.base = base;
        this.cap = cap;
    }

    /** Records one more failure of {@code item} and returns how long it must wait before its next attempt. */
    public Duration next(T item) {
        int exponent = failures.merge(item, 1, Integer::sum) - 1;
        return delayFor(exponent);
    }

    /** How many failures in a row {@code item} has had since it was last forgotten. */
    public int failures(T item) {
        return failures.getOrDefault(item, 0);
    }

    /** Clears the failure history of {@code item} (call after it was processed successfully or given up). */
    public void forget(T item) {
        failures.remove(item);
    }

    private Duration delayFor(int exponent) {
        // Beyond 62 doublings a long overflows; by then any sane cap has long been reached.
        if (exponent >= 62) {
            return cap;
        }
        long nanos = base.toNanos();
        long max = cap.toNanos();
        if (nanos > (max >> exponent)) {
            return cap;
        }
        return Duration.ofNanos(Math.min(max, nanos << exponent));
    }
}
