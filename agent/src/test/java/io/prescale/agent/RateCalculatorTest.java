package io.prescale.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateCalculatorTest {
    private static final Duration TEN_SECONDS = Duration.ofSeconds(10);

    @Test
    void perSecondIsTheDifferenceOverElapsedSeconds() {
        assertThat(RateCalculator.perSecond(1_000L, 51_000L, TEN_SECONDS)).hasValue(5_000.0);
        assertThat(RateCalculator.perSecond(7L, 7L, TEN_SECONDS)).hasValue(0.0);
        assertThat(RateCalculator.perSecond(0L, 1_500L, Duration.ofMillis(1_500)))
                .hasValue(1_000.0);
    }

    @Test
    void aCounterThatWentBackwardsYieldsNoRate() {
        assertThat(RateCalculator.perSecond(51_000L, 1_000L, TEN_SECONDS)).isEmpty();
    }

    @Test
    void noElapsedTimeOrAClockStepBackYieldsNoRate() {
        assertThat(RateCalculator.perSecond(0L, 10L, Duration.ZERO)).isEmpty();
        assertThat(RateCalculator.perSecond(0L, 10L, Duration.ofSeconds(-1))).isEmpty();
    }

    @Test
    void anUnknownCounterYieldsNoRate() {
        assertThat(RateCalculator.perSecond(null, 10L, TEN_SECONDS)).isEmpty();
        assertThat(RateCalculator.perSecond(10L, null, TEN_SECONDS)).isEmpty();
    }

    @Test
    void busyPercentIsBusyTicksOverAllTicks() {
        assertThat(RateCalculator.busyPercent(100, 130, 1_000, 1_200)).hasValue(15.0);
        assertThat(RateCalculator.busyPercent(100, 100, 1_000, 1_200)).hasValue(0.0);
    }

    @Test
    void busyPercentIsClampedAndNeverNegativeOrNaN() {
        // busy sampled a moment after capacity: more busy than capacity, clamped to 100
        assertThat(RateCalculator.busyPercent(0, 250, 0, 200)).hasValue(100.0);
        // restart: busy went backwards
        assertThat(RateCalculator.busyPercent(500, 10, 1_000, 1_200)).isEmpty();
        // no capacity elapsed: 0/0 would be NaN
        assertThat(RateCalculator.busyPercent(10, 10, 1_000, 1_000)).isEmpty();
        assertThat(RateCalculator.busyPercent(10, 20, 1_000, 900)).isEmpty();
    }

    @Test
    void percentOfAWhole() {
        assertThat(RateCalculator.percent(2L << 30, 8L << 30)).hasValue(25.0);
        assertThat(RateCalculator.percent(1, 0)).isEmpty();
        assertThat(RateCalculator.percent(-1, 10)).isEmpty();
    }
}
