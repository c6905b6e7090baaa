package io.coxswain.nodeagent.probe;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class ProbeStateTest {

    static Stream<Arguments> cases() {
        // type, successThreshold, failureThreshold, outcomes (1 = pass, 0 = fail), expected result after each outcome
        return Stream.of(
                arguments(ProbeType.READINESS, 1, 3, "1", "S"),
                arguments(ProbeType.READINESS, 2, 3, "11", "FS"),
                arguments(ProbeType.READINESS, 1, 3, "0", "F"),
                arguments(ProbeType.LIVENESS, 1, 3, "001000", "SSSSSF"),
                arguments(ProbeType.LIVENESS, 1, 1, "0", "F"),
                arguments(ProbeType.LIVENESS, 1, 3, "00011", "SSFSS"),
                arguments(ProbeType.STARTUP, 1, 3, "0", "U"),
                arguments(ProbeType.STARTUP, 1, 3, "001", "UUS"),
                arguments(ProbeType.STARTUP, 1, 2, "00", "UF"),
                arguments(ProbeType.READINESS, 3, 1, "110111", "FFFFFS"));
    }

    @ParameterizedTest(name = "{0} success={1} failure={2} outcomes={3}")
    @MethodSource("cases")
    void resultChangesOnlyAfterThresholdConsecutiveOutcomes(ProbeType type, int successThreshold, int failureThreshold,
                                                            String outcomes, String expected) {
        ProbeState state = ProbeState.initial(type);
        StringBuilder seen = new StringBuilder();
        for (char o : outcomes.toCharArray()) {
            state = state.observe(o == '1', successThreshold, failureThreshold);
            seen.append(state.result().name().charAt(0));
        }
        assertThat(seen.toString()).isEqualTo(expected);
    }
}
