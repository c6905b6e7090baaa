package io.coxswain.nodeagent.pod;

import io.coxswain.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RestartBackOffTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final RestartBackOff backOff = new RestartBackOff(Duration.ofSeconds(10), Duration.ofMinutes(5), clock);

    @Test
    void firstRestartIsImmediateThenDelaysDoubleUpToTheCap() {
        assertThat(backOff.remaining("c", clock.instant())).isZero();
        Duration[] expected = {Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(40), Duration.ofSeconds(80),
                Duration.ofSeconds(160), Duration.ofMinutes(5), Duration.ofMinutes(5)};
        for (Duration d : expected) {
            assertThat(backOff.next("c")).isEqualTo(d);
            clock.advance(d);
        }
    }

    @Test
    void remainingCountsFromWhenTheContainerExited() {
        backOff.next("c"); // 10 s
        Instant exited = clock.instant();
        clock.advance(Duration.ofSeconds(4));
        assertThat(backOff.remaining("c", exited)).isEqualTo(Duration.ofSeconds(6));
        clock.advance(Duration.ofSeconds(6));
        assertThat(backOff.remaining("c", exited)).isZero();
    }

    @Test
    void containerThatRanLongerThanTwiceTheCapStartsOver() {
        backOff.next("c");
        backOff.next("c");
        assertThat(backOff.current("c")).isEqualTo(Duration.ofSeconds(20));
        clock.advance(Duration.ofMinutes(11));
        assertThat(backOff.remaining("c", clock.instant())).isZero();
        assertThat(backOff.next("c")).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void keysAreIndependent() {
        backOff.next("a");
        backOff.next("a");
        assertThat(backOff.next("b")).isEqualTo(Duration.ofSeconds(10));
        backOff.resetPrefix("a");
        assertThat(backOff.current("a")).isZero();
    }
}
