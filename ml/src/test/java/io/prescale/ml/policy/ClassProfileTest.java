package io.prescale.ml.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** A class profile's level is an upper expectile of its sessions' levels, not their mean. */
class ClassProfileTest {

    /**
     * Sessions that alternate between 10 and 30 (mean 20) settle the level near their
     * 0.9-expectile, 28: 0.9 · (30 − m) = 0.1 · (m − 10); the corrections' mean stays a mean.
     */
    @Test
    void theLevelSettlesAtTheUpperExpectileOfTheSessions() {
        ClassProfile p = ClassProfile.first("web", 10, -1);
        for (int i = 1; i < 400; i++) {
            p = p.plus(i % 2 == 0 ? 10 : 30, i % 2 == 0 ? -1 : 1);
        }
        assertThat(p.startAllocation()).isCloseTo(28, within(1.5));
        assertThat(p.correction()).isCloseTo(0, within(0.1));
        assertThat(p.sessions()).isEqualTo(400);
    }

    /** A second session above the first moves the level 90 % of the way, one below it 10 %. */
    @Test
    void aSessionAboveMovesTheLevelNineTimesAsFarAsOneBelow() {
        ClassProfile p = ClassProfile.first("web", 20, 0);
        assertThat(p.plus(40, 0).startAllocation()).isCloseTo(38, within(1e-9));
        assertThat(p.plus(0, 0).startAllocation()).isCloseTo(18, within(1e-9));
    }
}
