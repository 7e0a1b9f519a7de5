package io.prescale.ml.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link Clip#symmetric} is bit for bit the min / max form it replaces on the hot paths. */
class ClipTest {
    @Test
    void equalsMinMaxForEveryKindOfValue() {
        double[] special = {
            Double.NaN,
            0.0,
            -0.0,
            Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY,
            Double.MIN_VALUE,
            -Double.MIN_VALUE,
            Double.MAX_VALUE,
            -Double.MAX_VALUE,
            0.5,
            -0.5,
            5,
            -5,
            8,
            -8,
            Math.nextUp(8.0),
            Math.nextDown(-8.0)
        };
        double[] bounds = {0.5, 5, 8, Double.MIN_VALUE};
        SplittableRandom random = new SplittableRandom(20261202);
        for (double b : bounds) {
            for (double u : special) {
                assertSame(u, b);
            }
            for (int i = 0; i < 100_000; i++) {
                assertSame((random.nextDouble() - 0.5) * 4 * b, b);
            }
        }
    }

    private static void assertSame(double u, double bound) {
        long expected = Double.doubleToRawLongBits(Math.max(-bound, Math.min(bound, u)));
        assertThat(Double.doubleToRawLongBits(Clip.symmetric(u, bound)))
                .as("clip(%s, %s)", u, bound)
                .isEqualTo(expected);
    }
}
