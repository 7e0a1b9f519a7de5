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

    @Test
    void shiftedValuesKeepTheirMantissasBeyondTheRange() {
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 10_000; i++) {
            double small = Math.scalb(1 + random.nextDouble(), random.nextInt(-10, 31));
            int k = random.nextInt(0, 900);
            double big = Math.scalb(small, k);
            int shift = Float16.shiftFor(big, 0);
            assertThat(Float16.decode(Float16.encode(big, shift), shift))
                    .as("%s at shift %d", big, shift)
                    .isEqualTo(Math.scalb((double) Float16.decode(Float16.encode(small)), k));
        }
    }

    @Test
    void shiftRisesOnlyForValuesBeyondTheRangeAndNeverFalls() {
        assertThat(Float16.shiftFor(4.2e9, 0)).as("below 2^32").isEqualTo(1);
        assertThat(Float16.shiftFor(0x1p31 - 1, 0)).isZero();
        assertThat(Float16.shiftFor(0x1p31, 0)).isEqualTo(1);
        assertThat(Float16.shiftFor(-0x1p40, 0)).isEqualTo(10);
        assertThat(Float16.shiftFor(5, 7)).isEqualTo(7);
        assertThat(Float16.shiftFor(Double.POSITIVE_INFINITY, 3)).isEqualTo(3);
        assertThat(Float16.shiftFor(Double.NaN, 3)).isEqualTo(3);
        assertThat(Float16.shiftFor(Double.MAX_VALUE, 0)).isEqualTo(Float16.MAX_SHIFT);
        int top = Float16.MAX_SHIFT;
        assertThat(Float16.decode(Float16.encode(Double.MAX_VALUE, top), top))
                .as("clamped to a finite value")
                .isFinite()
                .isGreaterThan(0x1p1022);
    }

    @Test
    void atShiftZeroTheShiftedMethodsAreThePlainOnes() {
        SplittableRandom random = new SplittableRandom(13);
        for (int i = 0; i < 10_000; i++) {
            double v = (random.nextDouble() - 0.5) * Math.scalb(1.0, random.nextInt(-40, 40));
            short h = Float16.encode(v);
            assertThat(Float16.encode(v, 0)).isEqualTo(h);
            assertThat(Float16.decode(h, 0)).isEqualTo((double) Float16.decode(h));
        }
    }

    @Test
    void rescaleReexpressesStoredValuesExactly() {
        short[] values = {
            Float16.encode(3e9),
            Float16.encode(-1.5),
            Float16.encode(Double.NaN),
            Float16.encode(Double.NEGATIVE_INFINITY),
            Float16.encode(1e-9)
        };
        short[] before = values.clone();
        Float16.rescale(values, 12);
        for (int i = 0; i < 4; i++) {
            double was = Float16.decode(before[i], 0);
            assertThat(Double.valueOf(Float16.decode(values[i], 12)))
                    .as("value %d", i)
                    .isEqualTo(Double.valueOf(was));
        }
        assertThat(Float16.decode(values[4], 12)).as("below the range after the shift").isZero();
    }
}
