package io.prescale.ml.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Float16Test {
    @Test
    void roundsToWithinATenthOfAPercentOverTheWholeRange() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 100_000; i++) {
            double v = Math.scalb(1 + random.nextDouble(), random.nextInt(-29, 31));
            double back = Float16.decode(Float16.encode(v));
            assertThat(Math.abs(back - v) / v).as("%s -> %s", v, back).isLessThanOrEqualTo(0x1p-10);
            assertThat(Float16.decode(Float16.encode(-v))).isEqualTo((float) -back);
        }
    }

    @Test
    void isMonotoneAndExactOnQuartersUpTo256() {
        float previous = -1;
        for (int k = 0; k <= 256 * 4; k++) {
            double v = k / 4.0;
            float back = Float16.decode(Float16.encode(v));
            assertThat(back).as("%s", v).isEqualTo((float) v);
            assertThat(back).isGreaterThan(previous);
            previous = back;
        }
    }

    @Test
    void edgeCases() {
        assertThat(Float16.decode(Float16.encode(0))).isZero();
        assertThat(Float16.decode(Float16.encode(1e-12))).as("below the range").isZero();
        assertThat(Float16.decode(Float16.encode(1e12)))
                .as("clamped to the largest")
                .isEqualTo(Float16.decode(Float16.encode(1e15)))
                .isBetween(4.28e9f, 4.3e9f);
        assertThat(Float16.decode(Float16.encode(Double.NaN))).isNaN();
        assertThat(Float16.decode(Float16.encode(Double.POSITIVE_INFINITY)))
                .isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(Float16.decode(Float16.encode(Double.NEGATIVE_INFINITY)))
                .isEqualTo(Float.NEGATIVE_INFINITY);
    }
}
