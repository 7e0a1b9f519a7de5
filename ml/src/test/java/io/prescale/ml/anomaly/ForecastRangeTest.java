package io.prescale.ml.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prescale.ml.forecast.ForecastConfig;
import io.prescale.ml.forecast.ForecastStack;
import io.prescale.ml.forecast.ForecastState;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ForecastRangeTest {
    private static final long STEP_SECONDS = 300;

    @Test
    void coldUntilWarmThenAnOrderedRangeMirroredAboutTheMedian() {
        ForecastStack stack =
                new ForecastStack(
                        ForecastConfig.defaults(java.time.Duration.ofSeconds(STEP_SECONDS)));
        ForecastState s = stack.newState();
        ForecastRange range = new ForecastRange(stack, 0.99, 50);
        MutableRange out = new MutableRange();
        Random r = new Random(3);
        for (int t = 0; t < 2000; t++) {
            if (t < 50) {
                assertThat(range.expected(s, out).isUsable()).as("point %d", t).isFalse();
            }
            stack.update(s, t * STEP_SECONDS, 100 + 20 * Math.sin(t / 20.0) + r.nextGaussian());
        }
        range.expected(s, out);
        assertThat(out.isUsable()).isTrue();
        assertThat(out.upper() - out.median()).isCloseTo(out.median() - out.lower(), within());
        assertThat(out.upperLevel()).isEqualTo(0.99);
        assertThat(out.lowerLevel()).isCloseTo(0.01, within());
        assertThat(out.median()).isBetween(70.0, 130.0);
    }

    /**
     * The mirrored lower bound is floored at 0 for a series never negative (a median of 5 under an
     * upper bound of 15 mirrors to −5), and kept for one that has been.
     */
    @Test
    void theLowerBoundOfASeriesNeverNegativeIsNotBelowZero() {
        ForecastStack stack =
                new ForecastStack(
                        ForecastConfig.defaults(java.time.Duration.ofSeconds(STEP_SECONDS)));
        ForecastRange range = new ForecastRange(stack, 0.9, 50);
        MutableRange out = new MutableRange();
        assertThat(range.expected(100, 5, 15, true, out).lower()).isZero();
        assertThat(out.median()).isEqualTo(5);
        assertThat(range.expected(100, 5, 15, false, out).lower()).isEqualTo(-5);
    }

    @Test
    void rejectsBadArguments() {
        ForecastStack stack =
                new ForecastStack(
                        ForecastConfig.defaults(java.time.Duration.ofSeconds(STEP_SECONDS)));
        assertThatThrownBy(() -> new ForecastRange(stack, 0.5, 0)).hasMessageContaining("level");
        assertThatThrownBy(() -> new ForecastRange(stack, 0.99, -1))
                .hasMessageContaining("warmUpPoints");
        assertThatThrownBy(() -> new ForecastRange(null, 0.99, 0)).hasMessageContaining("stack");
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(1e-9);
    }
}
