package io.coxswain.runtime.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ExponentialBackoffTest {

    @Test
    void delayDoublesPerFailureUntilCap() {
        var backoff = new ExponentialBackoff<String>(Duration.ofMillis(5), Duration.ofMillis(100));
        assertThat(backoff.next("a")).isEqualTo(Duration.ofMillis(5));
        assertThat(backoff.next("a")).isEqualTo(Duration.ofMillis(10));
        assertThat(backoff.next("a")).isEqualTo(Duration.ofMillis(20));
        assertThat(backoff.next("a")).isEqualTo(Duration.ofMillis(40));
        assertThat(backoff.next("a")).isEqualTo(Duration.ofMillis(80));
        assertThat(backoff.next("a")).isEqualTo(Duration.ofMillis(100));
        assertThat(backoff.next("a")).isEqualTo(Duration.ofMillis(100));
        assertThat(backoff.failures("a")).isEqualTo(7);
    }

    @Test
    void delayStaysAtCapAfterManyFailuresWithoutOverflow() {
        var backoff = new ExponentialBackoff<String>(Duration.ofMillis(5), Duration.ofMinutes(16));
        Duration last = Duration.ZERO;
        for (int i = 0; i < 200; i++) {
            last = backoff.next("a");
            assertThat(last).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(16));
        }
        assertThat(last).isEqualTo(Duration.ofMinutes(16));
    }

    @Test
    void keysBackOffIndependentlyAndForgetResets() {
        var backoff = new ExponentialBackoff<String>(Duration.ofMillis(1), Duration.ofSeconds(1));
        backoff.next("a");
        backoff.next("a");
        assertThat(backoff.next("b")).isEqualTo(Duration.ofMillis(1));
        backoff.forget("a");
        assertThat(backoff.failures("a")).isZero();
        assertThat(backoff.next("a")).isEqualTo(Duration.ofMillis(1));
    }

    @Test
    void rejectsCapBelowBase() {
        assertThatThrownBy(() -> new ExponentialBackoff<String>(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
