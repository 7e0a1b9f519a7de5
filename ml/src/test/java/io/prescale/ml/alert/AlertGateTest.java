package io.prescale.ml.alert;

import static io.prescale.ml.alert.AlertGate.Transition.CLEARED;
import static io.prescale.ml.alert.AlertGate.Transition.NONE;
import static io.prescale.ml.alert.AlertGate.Transition.RAISED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AlertGateTest {
    private static final long MINUTE = 60_000;
    private final AlertGate gate =
            new AlertGate(new AlertSettings(0.9, 0.5, 0.99, Duration.ofMinutes(30)));

    @Test
    void raisesAtTheThresholdHoldsBetweenAndClearsBelowTheLowerOne() {
        assertThat(gate.transition(false, 0.89)).isEqualTo(NONE);
        assertThat(gate.transition(false, 0.9)).isEqualTo(RAISED);
        assertThat(gate.transition(true, 0.95)).isEqualTo(NONE);
        assertThat(gate.transition(true, 0.6)).isEqualTo(NONE);
        assertThat(gate.transition(true, 0.49)).isEqualTo(CLEARED);
        assertThat(gate.transition(false, 0.6)).isEqualTo(NONE);
        assertThat(gate.transition(true, Double.NaN)).isEqualTo(NONE);
    }

    @Test
    void suppressesTheSameKindWithinTheWindow() {
        assertThat(gate.suppressed(null, 0)).isFalse();
        assertThat(gate.suppressed(0L, 29 * MINUTE)).isTrue();
        assertThat(gate.suppressed(0L, 30 * MINUTE)).isFalse();
        assertThat(gate.critical(0.99)).isTrue();
        assertThat(gate.critical(0.98)).isFalse();
    }

    @Test
    void rejectsAClearLevelAboveTheRaiseLevel() {
        assertThatThrownBy(() -> new AlertSettings(0.5, 0.6, 0.9, Duration.ZERO))
                .hasMessageContaining("clearBelow must be in [0, raiseAbove=0.5]");
    }
}
