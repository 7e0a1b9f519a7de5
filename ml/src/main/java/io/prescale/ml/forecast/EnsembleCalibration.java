package io.prescale.ml.forecast;

/**
 * Per anchor horizon: a quantile calibrator per member, the ensemble's weights per tracked level,
 * and the calibrator of the combination. Learns when the value a forecast was issued for arrives.
 *
 * <p><b>Member calibrators</b> (quantile tracking on scaled residuals, the "P control" of
 * Angelopoulos, Candès and Tibshirani 2023, a close relative of Gibbs and Candès' adaptive
 * conformal inference): with f the member's point forecast, s its residual scale (decayed mean of
 * |y − f|, rate {@value #SCALE_RATE}) and z_ℓ one offset per tracked level ℓ, the ℓ-quantile is
 * {@code f + s z_ℓ} and after each outcome y
 *
 * <pre>
 *   z_ℓ ← clip(z_ℓ + η (1{y > f + s z_ℓ} − (1 − ℓ)), −10, 60)        η = {@value #OFFSET_RATE}
 * </pre>
 *
 * so the long-run share of y above the ℓ-quantile converges to 1 − ℓ at any magnitude and after any
 * change (|share − (1 − ℓ)| ≤ 70 / (η T) over T outcomes), and the interval widens and narrows with
 * s.
 *
 * <p><b>Ensemble</b>: per level, {@code Q_ℓ = Σ_m w_{ℓ,m} q_{ℓ,m} + S δ_ℓ}, the weighted members'
 * calibrated quantiles recalibrated by an offset δ_ℓ tracked as above on the ensemble's own scale S
 * (decayed mean of |y − μ|, μ = Σ w_{0.5,m} f_m). The weights learn by exponentiated gradient on
 * the pinball loss ρ_ℓ in its first-order ("Prod") form, with fixed share α towards uniform so that
 * old losses fade and a member that becomes best can win back:
 *
 * <pre>
 *   g_m = (1{y < Q_ℓ} − ℓ) (q_{ℓ,m} − Q_ℓ) / S            (∂ρ_ℓ / ∂w_m, centred, scale-free)
 *   w_m ← (1 − α) w_m (1 − clip(ε g_m, ±½)) / Σ + α / M   ε = {@value #WEIGHT_RATE}, α = {@value #SHARE}
 * </pre>
 */
final class EnsembleCalibration {
    static final double OFFSET_RATE = 0.1;
    static final double SCALE_RATE = 0.05;
    static final double WEIGHT_RATE = 0.1;
    static final double SHARE = 0.01;
    private static final double Z_MIN = -10;
    private static final double Z_MAX = 60;
    private static final int L = QuantileLevels.COUNT;

    private final int members;
    private final int anchors;

    /** Scratch index of the members' quantiles at one level. */
    private final int scratch;

    EnsembleCalibration(int members, int anchors, int scratchOffset) {
        this.members = members;
        this.anchors = anchors;
        this.scratch = scratchOffset;
    }

    /** Doubles of scratch this needs. */
    static int scratchDoubles(int members) {
        return members;
    }

    /**
     * Offset of model {@code model}'s calibrator (members, then the ensemble at M) at anchor ai.
     */
    int calibrator(int ai, int model) {
        return (ai * (members + 1) + model) * (1 + L);
    }

    /** Offset of the weights of level k at anchor ai. */
    int weights(int ai, int k) {
        return (ai * L + k) * members;
    }

    void start(ForecastState s) {
        float[] c = s.calibration();
        for (int ai = 0; ai < anchors; ai++) {
            for (int model = 0; model <= members; model++) {
                int o = calibrator(ai, model);
                c[o] = 0;
                for (int k = 0; k < L; k++) {
                    c[o + 1 + k] = model == members ? 0 : (float) QuantileLevels.LAPLACE[k];
                }
            }
        }
        java.util.Arrays.fill(s.weights(), 1f / members);
    }

    /** The members' residual scale times offset: {@code q = f + spread}. */
    double memberSpread(ForecastState s, int ai, int m, int k) {
        float[] c = s.calibration();
        int o = calibrator(ai, m);
        return c[o] * c[o + 1 + k];
    }

    /** The residual scale of model {@code model} (M for the ensemble) at anchor ai. */
    double scale(ForecastState s, int ai, int model) {
        return s.calibration()[calibrator(ai, model)];
    }

    /** The ensemble's ℓ_k-quantile at anchor ai given the members' point forecasts there. */
    double ensemble(ForecastState s, int ai, int k, double[] points, int from) {
        float[] w = s.weights();
        int wo = weights(ai, k);
        double q = 0;
        for (int m = 0; m < members; m++) {
            q += w[wo + m] * (points[from + m] + memberSpread(s, ai, m, k));
        }
        int e = calibrator(ai, members);
        return q + s.calibration()[e] * s.calibration()[e + 1 + k];
    }

    /** The ensemble's point forecast: members weighted by the weights of level 0.5. */
    double point(ForecastState s, int ai, double[] points, int from) {
        float[] w = s.weights();
        int wo = weights(ai, 0);
        double mu = 0;
        for (int m = 0; m < members; m++) {
            mu += w[wo + m] * points[from + m];
        }
        return mu;
    }

    /** Learns from y, the outcome of the members' forecasts {@code pending[from .. from + M)}. */
    void learn(ForecastState s, int ai, int from, double y) {
        float[] c = s.calibration();
        float[] f = s.pending();
        int e = calibrator(ai, members);
        double scaleE = Math.max(c[e], 1e-30);
        for (int k = 0; k < L; k++) {
            learnWeights(s, ai, k, from, y, scaleE);
        }
        double mu = 0;
        for (int m = 0; m < members; m++) {
            mu += s.weights()[weights(ai, 0) + m] * f[from + m];
        }
        learnScale(c, e, Math.abs(y - mu), mu);
        for (int m = 0; m < members; m++) {
            int o = calibrator(ai, m);
            double point = f[from + m];
            for (int k = 0; k < L; k++) {
                track(c, o + 1 + k, k, y > point + c[o] * c[o + 1 + k]);
            }
            learnScale(c, o, Math.abs(y - point), point);
        }
    }

    private void learnWeights(ForecastState s, int ai, int k, int from, double y, double scaleE) {
        float[] c = s.calibration();
        float[] w = s.weights();
        double[] q = s.scratch();
        int wo = weights(ai, k);
        double combined = 0;
        for (int m = 0; m < members; m++) {
            int o = calibrator(ai, m);
            q[scratch + m] = s.pending()[from + m] + c[o] * c[o + 1 + k];
            combined += w[wo + m] * q[scratch + m];
        }
        int e = calibrator(ai, members);
        double total = combined + c[e] * c[e + 1 + k];
        double level = QuantileLevels.LEVELS[k];
        double coefficient = WEIGHT_RATE * ((y < total ? 1 : 0) - level) / scaleE;
        double sum = 0;
        for (int m = 0; m < members; m++) {
            double step = Math.max(-0.5, Math.min(0.5, coefficient * (q[scratch + m] - combined)));
            double next = w[wo + m] * (1 - step);
            q[scratch + m] = next;
            sum += next;
        }
        for (int m = 0; m < members; m++) {
            w[wo + m] = (float) ((1 - SHARE) * q[scratch + m] / sum + SHARE / members);
        }
        track(c, e + 1 + k, k, y > total);
    }

    private static void track(float[] c, int i, int k, boolean miss) {
        double z = c[i] + OFFSET_RATE * ((miss ? 1 : 0) - (1 - QuantileLevels.LEVELS[k]));
        c[i] = (float) Math.max(Z_MIN, Math.min(Z_MAX, z));
    }

    private static void learnScale(float[] c, int o, double absResidual, double magnitude) {
        double floor = 1e-6 * Math.abs(magnitude) + 1e-30;
        double next = c[o] == 0 ? absResidual : c[o] + SCALE_RATE * (absResidual - c[o]);
        c[o] = (float) Math.max(next, floor);
    }
}
