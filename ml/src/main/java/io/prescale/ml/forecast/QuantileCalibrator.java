package io.prescale.ml.forecast;

/**
 * One calibrator's slice {@code [fast scale, slow scale, mix, z_0 … z_{L−1}]} of {@link
 * ForecastState#calibration()}: the ℓ_k-quantile around a base value b_k is {@code b_k + s z_k}.
 *
 * <p><b>Scale.</b> s = m s_fast + (1 − m) s_slow, two decayed means of the absolute residual (rates
 * {@value #FAST_RATE} and {@value #SLOW_RATE} per step; the first residual starts both), mixed by m
 * ∈ [0, 1], which learns by gradient descent on the summed pinball losses of the tracked levels:
 *
 * <pre>
 *   m ← clip(m − η_m Σ_k (1{y < q_k} − ℓ_k) z_k (s_fast − s_slow) / s, 0, 1)     η_m = {@value #MIX_RATE}
 * </pre>
 *
 * so a series with bursts of volatility gets a quick scale and a spiky but steady one a slow,
 * sharper one.
 *
 * <p><b>Offsets</b> (quantile tracking on the scaled residual, the "P control" of Angelopoulos,
 * Candès and Tibshirani 2023, a relative of Gibbs and Candès' adaptive conformal inference):
 *
 * <pre>
 *   z_k ← clip(z_k + η (1{y > b_k + s z_k} − (1 − ℓ_k)), −10, 60)        η = {@value #OFFSET_RATE}
 * </pre>
 *
 * so the long-run share of outcomes above the ℓ_k-quantile converges to 1 − ℓ_k at any magnitude
 * and after any change: over T outcomes it is off by at most 70 / (η T).
 */
final class QuantileCalibrator {
    static final int FAST = 0;
    static final int SLOW = 1;
    static final int MIX = 2;
    static final int Z = 3;
    static final int FLOATS = Z + QuantileLevels.COUNT;

    static final double FAST_RATE = 0.1;
    static final double SLOW_RATE = 0.01;
    static final double MIX_RATE = 0.005;
    static final double OFFSET_RATE = 0.05;
    private static final double Z_MIN = -10;
    private static final double Z_MAX = 60;

    private QuantileCalibrator() {}

    /** Starts with no scale yet, an even mix, and offsets {@code z}. */
    static void start(float[] c, int o, double[] z) {
        c[o + FAST] = 0;
        c[o + SLOW] = 0;
        c[o + MIX] = 0.5f;
        for (int k = 0; k < QuantileLevels.COUNT; k++) {
            c[o + Z + k] = (float) z[k];
        }
    }

    static double scale(float[] c, int o) {
        return c[o + MIX] * c[o + FAST] + (1 - c[o + MIX]) * c[o + SLOW];
    }

    /** {@code s z_k}: the quantile minus its base. */
    static double spread(float[] c, int o, int k) {
        return scale(c, o) * c[o + Z + k];
    }

    /**
     * Learns from outcome y given the quantiles issued for it, {@code q[from + k stride]} for level
     * ℓ_k, the scale s they were issued with, and |y − point forecast|.
     */
    static void learn(
            float[] c,
            int o,
            double[] q,
            int from,
            int stride,
            double y,
            double absResidual,
            double s,
            double eta) {
        double fast = c[o + FAST];
        double slow = c[o + SLOW];
        double gradient = 0;
        for (int k = 0; k < QuantileLevels.COUNT; k++) {
            double z = c[o + Z + k];
            double level = QuantileLevels.LEVELS[k];
            // Above the issued quantile: a miss. (A tie counts as neither above nor below.)
            double above = y > q[from + k * stride] ? 1 : 0;
            double below = y < q[from + k * stride] ? 1 : 0;
            gradient += (below - level) * z;
            double next = z + eta * (above - (1 - level));
            c[o + Z + k] = (float) (next < Z_MIN ? Z_MIN : next > Z_MAX ? Z_MAX : next);
        }
        if (s > 0) {
            double mix = c[o + MIX] - MIX_RATE * gradient * (fast - slow) / s;
            c[o + MIX] = (float) Math.max(0, Math.min(1, mix));
        }
        double floor = 1e-6 * Math.abs(q[from]) + 1e-30;
        c[o + FAST] =
                (float)
                        Math.max(
                                floor,
                                fast == 0 ? absResidual : fast + FAST_RATE * (absResidual - fast));
        c[o + SLOW] =
                (float)
                        Math.max(
                                floor,
                                slow == 0 ? absResidual : slow + SLOW_RATE * (absResidual - slow));
    }
}
