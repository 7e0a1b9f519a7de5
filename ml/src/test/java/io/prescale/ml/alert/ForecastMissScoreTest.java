package io.prescale.ml.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ForecastMissScoreTest {
    private final ForecastMissScore miss = new ForecastMissScore(0.1, 3, 5);

    @Test
    void scoresAnErrorAgainstTheMeanOfThePastErrors() {
        double[] st = ForecastMissScore.empty();
        assertThat(miss.score(st, 10)).isZero();
        for (int i = 0; i < 5; i++) {
            assertThat(miss.score(st, i % 2 == 0 ? 12 : 10)).as("warm-up").isZero();
        }
        // every error so far was 2: m = 2, so an error of 2 scores 1 - e^(-1/3)
        assertThat(ForecastMissScore.forecast(st)).isEqualTo(12);
        assertThat(miss.halfWidth(st)).isCloseTo(6, within(1e-9));
        // within 1e-7: the ε of the denominator, 1e-9 · (1 + |f|)
        assertThat(miss.score(st, 10)).isCloseTo(1 - Math.exp(-1.0 / 3), within(1e-7));
        assertThat(miss.score(st, 10 + 2 * 3 * 3)).isCloseTo(1 - Math.exp(-3), within(1e-7));
    }

    @Test
    void staysInTheUnitIntervalOnAnyFiniteStream() {
        Random r = new Random(3);
        double[] st = ForecastMissScore.empty();
        for (int i = 0; i < 10_000; i++) {
            double x = r.nextDouble() < 0.01 ? r.nextGaussian() * 1e12 : r.nextGaussian();
            double s = miss.score(st, i % 100 == 0 ? 0 : x);
            assertThat(s).isBetween(0.0, 1.0);
        }
        assertThat(miss.score(st, Double.NaN)).isNaN();
    }
}
