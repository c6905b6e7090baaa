package io.coxswain.nodeagent.pod;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The kubelet's per-container restart back-off (also used for image pulls): the first restart is immediate,
 * then each one waits twice as long as the one before, from {@code initial} up to {@code max}. An entry not
 * touched for {@code 2 * max} (the container ran fine for that long) starts over. In memory only, like the
 * kubelet's: after an agent restart back-offs start over. Thread-safe.
 */
final class RestartBackOff {

    private record Entry(Duration backOff, Instant lastUpdate) {
    }

    private final Duration initial;
    private final Duration max;
    private final Clock clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    RestartBackOff(Duration initial, Duration max, Clock clock) {
        this.initial = initial;
        this.max = max;
        this.clock = clock;
    }

    /** Records a restart (or retry) happening now and returns the back-off the next one must wait. */
    Duration next(String key) {
        Instant now = clock.instant();
        Entry e = entries.compute(key, (k, old) -> {
            if (old == null || expired(old, now)) {
                return new Entry(initial, now);
            }
            Duration doubled = old.backOff().multipliedBy(2);
            return new Entry(doubled.compareTo(max) > 0 ? max : doubled, now);
        });
        return e.backOff();
    }

    /**
     * How long is left to wait, counting from {@code since} (when the container exited or the pull failed);
     * zero when not in back-off.
     */
    Duration remaining(String key, Instant since) {
        Entry e = entries.get(key);
        Instant now = clock.instant();
        if (e == null || expired(e, now) || since == null) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(now, since.plus(e.backOff()));
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** The back-off that {@link #remaining} counts with, or zero. */
    Duration current(String key) {
        Entry e = entries.get(key);
        return e == null ? Duration.ZERO : e.backOff();
    }

    void reset(String key) {
        entries.remove(key);
    }

    void resetPrefix(String prefix) {
        entries.keySet().removeIf(k -> k.startsWith(prefix));
    }

    private boolean expired(Entry e, Instant now) {
        return Duration.between(e.lastUpdate(), now).compareTo(max.multipliedBy(2)) > 0;
    }
}
