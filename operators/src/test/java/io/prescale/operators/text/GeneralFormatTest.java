package io.prescale.operators.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link GeneralFormat} against {@link String#format}, the definition it replaces. */
class GeneralFormatTest {
    private static void agrees(double x, int precision) {
        String expected = String.format(Locale.ROOT, "%." + precision + "g", x);
        assertThat(GeneralFormat.format(x, precision))
                .as("%s at %d", x, precision)
                .isEqualTo(expected);
    }

    @Test
    void specialValues() {
        for (int p : new int[] {1, 2, 4, 6, 15}) {
            for (double x :
                    new double[] {
                        0.0,
                        -0.0,
                        Double.NaN,
                        Double.POSITIVE_INFINITY,
                        Double.NEGATIVE_INFINITY,
                        Double.MIN_VALUE,
                        Double.MAX_VALUE,
                        -Double.MAX_VALUE,
                        Double.MIN_NORMAL,
                        1,
                        -1,
                        10,
                        1e-4,
                        9.9995e-5,
                        9.99949e-5,
                        0.00099995,
                        9999.5,
                        9999.4,
                        99_999.5,
                        1e7,
                        1.2345e7,
                        123.45,
                        0.5,
                        5e-5,
                        1e100,
                        1e-100
                    }) {
                agrees(x, p);
            }
        }
    }

    @Test
    void roundsAtEveryDigitBoundaryLikeTheFormatter() {
        List<Double> xs = new ArrayList<>();
        for (int e = -12; e <= 12; e++) {
            for (int m = 0; m < 20_000; m += 7) {
                double base = (m + 0.5) * Math.pow(10, e);
                xs.add(base);
                xs.add(Math.nextUp(base));
                xs.add(Math.nextDown(base));
                xs.add(-base);
            }
        }
        for (double x : xs) {
            agrees(x, 4);
        }
    }

    @Test
    void agreesOnRandomDoubles() {
        Random random = new Random(42);
        for (int i = 0; i < 300_000; i++) {
            agrees(Double.longBitsToDouble(random.nextLong()), 4);
            agrees((random.nextDouble() - 0.3) * Math.pow(10, random.nextInt(30) - 15), 4);
            agrees(random.nextDouble() * 100, 1 + random.nextInt(15));
            // demand-like values: percentages with a few decimals
            agrees(Math.round(random.nextDouble() * 1e6) / 1e4, 4);
        }
    }

    @Test
    void refusesAPrecisionOutOfRange() {
        assertThatThrownBy(() -> GeneralFormat.format(1, 0))
                .hasMessage("precision must be in [1, 15], was 0");
        assertThatThrownBy(() -> GeneralFormat.format(1, 16))
                .hasMessage("precision must be in [1, 15], was 16");
    }
}
