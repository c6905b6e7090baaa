package io.coxswain.runtime;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** The outcome of a successful {@link Reconciler#reconcile}: done, or call again after a delay. */
public final class Result {

    private static final Result DONE = new Result(null);

    private final Duration requeueAfter;

    private Result(Duration requeueAfter) {
        this.requeueAfter = requeueAfter;
    }

    /** Nothing more to do until the object or something it watches changes. */
    public static Result done() {
        return DONE;
    }

    /** Call again after {@code delay} even if nothing changes (e.g. to check a deadline). */
    public static Result requeueAfter(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("negative requeue delay " + delay);
        }
        return new Result(delay);
    }

    public Optional<Duration> requeueDelay() {
        return Optional.ofNullable(requeueAfter);
    }

    @Override
    public String toString() {
        return requeueAfter == null ? "done" : "requeueAfter(" + requeueAfter + ")";
    }
}
