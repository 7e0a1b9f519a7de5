package io.prescale.ml.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.prescale.ml.trace.DemandGrid;
import java.util.Random;
import org.junit.jupiter.api.Test;

class QuantileCalibratorTest {
    private static final int L = QuantileLevels.COUNT;

    /** Runs one calibrator around {@code points}; returns the share of y above each level. */
    private static double[] track(float[] c, double[] y, double[] points, int from) {
        double[] q = new double[L];
        long[] above = new long[L];
        for (int t = 0; t < y.length; t++) {
            double s = QuantileCalibrator.scale(c, 0);
            for (int k = 0; k < L; k++) {
                q[k] = points[t] + s * c[QuantileCalibrator.Z + k];
                if (t >= from && y[t] > q[k]) {
                    above[k]++;
                }
            }
            QuantileCalibrator.learn(
                    c,
                    0,
                    q,
                    0,
                    1,
                    y[t],
                    Math.abs(y[t] - points[t]),
                    s,
                    QuantileCalibrator.OFFSET_RATE);
        }
        double[] share = new double[L];
        for (int k = 0; k < L; k++) {
            share[k] = above[k] / (double) (y.length - from);
        }
        return share;
    }

    private static float[] fresh() {
        float[] c = new float[QuantileCalibrator.FLOATS];
        QuantileCalibrator.start(c, 0, QuantileLevels.LAPLACE);
        return c;
    }

    @Test
    void coverageConvergesOnHeavyTailedNoiseAndAfterAScaleChange() {
        Random random = new Random(11);
        int n = 40_000;
        double[] y = new double[n];
        double[] points = new double[n];
        for (int t = 0; t < n; t++) {
            double scale = t < n / 2 ? 1 : 10;
            double chi = 0;
            for (int i = 0; i < 3; i++) {
                double g = random.nextGaussian();
                chi += g * g;
            }
            // Student's t with 3 degrees of freedom: heavy tails.
            y[t] = 100 + scale * random.nextGaussian() / Math.sqrt(chi / 3);
            points[t] = 100;
        }
        float[] c = fresh();
        double[] first = track(c, java.util.Arrays.copyOf(y, n / 2), points, 2_000);
        double[] second = track(c, java.util.Arrays.copyOfRange(y, n / 2, n), points, 2_000);
        for (int k = 1; k < L - 1; k++) {
            double target = 1 - QuantileLevels.level(k);
            assertThat(first[k])
                    .as("level %s before", QuantileLevels.level(k))
                    .isCloseTo(target, offset(0.005));
            assertThat(second[k])
                    .as("level %s after", QuantileLevels.level(k))
                    .isCloseTo(target, offset(0.005));
        }
        assertThat(QuantileCalibrator.scale(c, 0)).isGreaterThan(5);
    }

    @Test
    void matchesAPlainReimplementationOnARealSeries() {
        DemandGrid g = Slices.read("google-job.csv.gz", "cpu_pct");
        double[] y = g.values()[0];
        double[] points = new double[y.length];
        for (int t = 1; t < y.length; t++) {
            points[t] = y[t - 1];
        }
        points[0] = y[0];
        float[] c = fresh();
        track(c, y, points, 0);

        double[] ref = reference(y, points);
        for (int i = 0; i < QuantileCalibrator.FLOATS; i++) {
            assertThat((double) c[i])
                    .as("slot %d", i)
                    .isCloseTo(ref[i], offset(1e-3 * (1 + Math.abs(ref[i]))));
        }
    }

    /** The documented recursion in doubles: fast/slow scales, their mix, offsets. */
    private static double[] reference(double[] y, double[] points) {
        double fast = 0;
        double slow = 0;
        double mix = 0.5;
        double[] z = QuantileLevels.LAPLACE.clone();
        for (int t = 0; t < y.length; t++) {
            double s = mix * fast + (1 - mix) * slow;
            double floor = 1e-6 * Math.abs(points[t] + s * z[0]) + 1e-30;
            double gradient = 0;
            for (int k = 0; k < L; k++) {
                double q = points[t] + s * z[k];
                double level = QuantileLevels.level(k);
                gradient += ((y[t] < q ? 1 : 0) - level) * z[k];
                z[k] =
                        Math.max(
                                -10,
                                Math.min(60, z[k] + 0.05 * ((y[t] > q ? 1 : 0) - (1 - level))));
            }
            if (s > 0) {
                mix = Math.max(0, Math.min(1, mix - 0.005 * gradient * (fast - slow) / s));
            }
            double r = Math.abs(y[t] - points[t]);
            fast = Math.max(floor, fast == 0 ? r : fast + 0.1 * (r - fast));
            slow = Math.max(floor, slow == 0 ? r : slow + 0.01 * (r - slow));
        }
        double[] out = new double[QuantileCalibrator.FLOATS];
        out[QuantileCalibrator.FAST] = fast;
        out[QuantileCalibrator.SLOW] = slow;
        out[QuantileCalibrator.MIX] = mix;
        System.arraycopy(z, 0, out, QuantileCalibrator.Z, L);
        return out;
    }
}
