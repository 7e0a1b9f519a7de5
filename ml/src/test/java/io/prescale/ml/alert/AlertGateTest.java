package io.prescale.ml.alert;

import static io.prescale.ml.alert.AlertGate.Outcome.ALERT;
import static io.prescale.ml.alert.AlertGate.Outcome.CLEARED;
import static io.prescale.ml.alert.AlertGate.Outcome.NONE;
import static io.prescale.ml.alert.AlertGate.Outcome.SUPPRESSED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AlertGateTest {
    private static final long MINUTE = 60_000;
    private final AlertGate gate =
            new AlertGate(new AlertSettings(0.9, 0.5, 0.99, Duration.ofMinutes(30)));

    @Test
    void raisesAboveTheThresholdHoldsBetweenAndClearsBelowTheLowerOne() {
        assertThat(gate.decide(false, null, 0.89, 0)).isEqualTo(NONE);
        assertThat(gate.decide(false, null, 0.9, 0)).isEqualTo(ALERT);
        assertThat(gate.decide(true, 0L, 0.95, MINUTE)).isEqualTo(NONE);
        assertThat(gate.decide(true, 0L, 0.6, 2 * MINUTE)).isEqualTo(NONE);
        assertThat(gate.decide(true, 0L, 0.49, 3 * MINUTE)).isEqualTo(CLEARED);
        assertThat(gate.decide(true, 0L, Double.NaN, 3 * MINUTE)).isEqualTo(NONE);
    }

    @Test
    void suppressesTheSameKindWithinTheWindow() {
        assertThat(gate.decide(false, 0L, 0.95, 29 * MINUTE)).isEqualTo(SUPPRESSED);
        assertThat(gate.decide(false, 0L, 0.95, 30 * MINUTE)).isEqualTo(ALERT);
        assertThat(gate.critical(0.99)).isTrue();
        assertThat(gate.critical(0.98)).isFalse();
    }

    @Test
    void rejectsAClearLevelAboveTheRaiseLevel() {
        assertThatThrownBy(() -> new AlertSettings(0.5, 0.6, 0.9, Duration.ZERO))
                .hasMessageContaining("clearBelow must be in [0, raiseAbove=0.5]");
    }
}
