package io.prescale.ml.forecast;

import java.util.Arrays;

/**
 * Per anchor horizon: a {@link QuantileCalibrator} per member, the ensemble's weights per tracked
 * level, and the calibrator of the combination. Learns when the value a forecast was issued for
 * arrives.
 *
 * <p>The ensemble's ℓ-quantile is {@code Q_ℓ = C_ℓ + S δ_ℓ} with {@code C_ℓ = Σ_m w_{ℓ,m} q_{ℓ,m}}
 * the weighted members' calibrated quantiles, recalibrated by its own calibrator (scale S of |y −
 * μ|, μ = Σ w_{0.5,m} f_m the point forecast; offsets δ start at 0). The weights learn by
 * exponentiated gradient on the pinball loss ρ_ℓ in its first-order ("Prod") form, with fixed share
 * α towards uniform so old losses fade and a member that becomes best can win back:
 *
 * <pre>
 *   g_m = (1{y < Q_ℓ} − ℓ) (q_{ℓ,m} − C_ℓ) / S              (∂ρ_ℓ / ∂w_m, centred, scale-free)
 *   w_m ← (1 − α) w_m (1 − clip(ε g_m, ±½)) / Σ + α / M     ε = {@value #WEIGHT_RATE}, α = {@value #SHARE}
 * </pre>
 */
final class EnsembleCalibration {
    static final double WEIGHT_RATE = Double.parseDouble(System.getProperty("fc.eg", "0.3"));
    static final double ENSEMBLE_OFFSET_RATE = Double.parseDouble(System.getProperty("fc.ez", "0.1"));
    static final double SHARE = Double.parseDouble(System.getProperty("fc.share", "0.01"));
    private static final int L = QuantileLevels.COUNT;

    private final int members;
    private final int anchors;
    /** Scratch: the members' point forecasts (M), the bases per level (L), work (M). */
    private final int points;
    private final int bases;
    private final int work;

    EnsembleCalibration(int members, int anchors, int scratchOffset) {
        this.members = members;
        this.anchors = anchors;
        this.points = scratchOffset;
        this.bases = points + members;
        this.work = bases + L;
    }

    /** Doubles of scratch this needs. */
    static int scratchDoubles(int members) {
        return 2 * members + L;
    }

    /** Floats per pending slot: the members' point forecasts, then every model's scale. */
    static int slotFloats(int members) {
        return 2 * members + 1;
    }

    /**
     * Completes a pending slot whose first M floats hold the members' point forecasts: adds each
     * model's residual scale as issued, so the outcome is later judged against the quantiles
     * actually issued, not against a scale that has since moved (a scale that grows in a burst
     * would otherwise hide the burst's misses).
     */
    void issue(ForecastState s, int ai, int slot) {
        float[] f = s.pending();
        for (int model = 0; model <= members; model++) {
            f[slot + members + model] = (float) scale(s, ai, model);
        }
    }

    /** Offset of a model's calibrator (members, then the ensemble at M) at anchor ai. */
    int calibrator(int ai, int model) {
        return (ai * (members + 1) + model) * QuantileCalibrator.FLOATS;
    }

    /** Offset of the weights of level k at anchor ai. */
    int weights(int ai, int k) {
        return (ai * L + k) * members;
    }

    void start(ForecastState s) {
        float[] c = s.calibration();
        double[] zero = new double[L];
        for (int ai = 0; ai < anchors; ai++) {
            for (int model = 0; model <= members; model++) {
                QuantileCalibrator.start(
                        c, calibrator(ai, model), model == members ? zero : QuantileLevels.LAPLACE);
            }
        }
        Arrays.fill(s.weights(), 1f / members);
    }

    /** The member's quantile minus its point forecast. */
    double memberSpread(ForecastState s, int ai, int m, int k) {
        return QuantileCalibrator.spread(s.calibration(), calibrator(ai, m), k);
    }

    /** The residual scale of a model (M for the ensemble) at anchor ai. */
    double scale(ForecastState s, int ai, int model) {
        return QuantileCalibrator.scale(s.calibration(), calibrator(ai, model));
    }

    /** The ensemble's ℓ_k-quantile at anchor ai given the members' point forecasts there. */
    double ensemble(ForecastState s, int ai, int k, double[] x, int from) {
        return combined(s, ai, k, x, from)
                + QuantileCalibrator.spread(s.calibration(), calibrator(ai, members), k);
    }

    /** The ensemble's point forecast: members weighted by the weights of level 0.5. */
    double point(ForecastState s, int ai, double[] x, int from) {
        float[] w = s.weights();
        int wo = weights(ai, 0);
        double mu = 0;
        for (int m = 0; m < members; m++) {
            mu += w[wo + m] * x[from + m];
        }
        return mu;
    }

    /** C_ℓ = Σ_m w_{ℓ,m} (f_m + spread_{ℓ,m}). */
    private double combined(ForecastState s, int ai, int k, double[] x, int from) {
        float[] w = s.weights();
        int wo = weights(ai, k);
        double q = 0;
        for (int m = 0; m < members; m++) {
            q += w[wo + m] * (x[from + m] + memberSpread(s, ai, m, k));
        }
        return q;
    }

    /** C_ℓ as issued: the members' spreads with their scales from the pending slot. */
    private double combinedIssued(ForecastState s, int ai, int k, int slot) {
        float[] w = s.weights();
        float[] c = s.calibration();
        float[] f = s.pending();
        int wo = weights(ai, k);
        double q = 0;
        for (int m = 0; m < members; m++) {
            double z = c[calibrator(ai, m) + QuantileCalibrator.Z + k];
            q += w[wo + m] * (f[slot + m] + f[slot + members + m] * z);
        }
        return q;
    }

    /**
     * Learns from y, the outcome of the members' forecasts {@code pending[from .. from + M)}:
     * first the ensemble (weights, then its calibrator around the combinations), then each
     * member's calibrator.
     */
    void learn(ForecastState s, int ai, int from, double y) {
        float[] c = s.calibration();
        double[] x = s.scratch();
        float[] f = s.pending();
        for (int m = 0; m < members; m++) {
            x[points + m] = f[from + m];
        }
        double mu = point(s, ai, x, points);
        for (int k = 0; k < L; k++) {
            x[bases + k] = combinedIssued(s, ai, k, from);
        }
        int e = calibrator(ai, members);
        double issuedE = f[from + members + members];
        double scaleE = Math.max(issuedE, 1e-30);
        for (int k = 0; k < L; k++) {
            double quantile = x[bases + k] + issuedE * c[e + QuantileCalibrator.Z + k];
            learnWeights(s, ai, k, y, quantile, scaleE, from);
        }
        QuantileCalibrator.learn(c, e, x, bases, y, Math.abs(y - mu), issuedE, ENSEMBLE_OFFSET_RATE);
        for (int m = 0; m < members; m++) {
            double point = f[from + m];
            Arrays.fill(x, bases, bases + L, point);
            double issued = f[from + members + m];
            QuantileCalibrator.learn(
                    c, calibrator(ai, m), x, bases, y, Math.abs(y - point), issued, QuantileCalibrator.OFFSET_RATE);
        }
    }

    /** One multiplicative-weights step on the weights of level k; Q the ensemble's quantile. */
    private void learnWeights(
            ForecastState s, int ai, int k, double y, double quantile, double scaleE, int from) {
        float[] w = s.weights();
        double[] x = s.scratch();
        int wo = weights(ai, k);
        double combined = x[bases + k];
        double level = QuantileLevels.LEVELS[k];
        double mean = 0;
        for (int m = 0; m < members; m++) {
            double z = s.calibration()[calibrator(ai, m) + QuantileCalibrator.Z + k];
            double q = x[points + m] + s.pending()[from + members + m] * z;
            double loss;
            if (MODE == 0) {
                loss = ((y < quantile ? 1 : 0) - level) * (q - combined) / scaleE;
            } else {
                double u = y - q;
                loss = Math.max(level * u, (level - 1) * u) / scaleE;
            }
            x[work + m] = loss;
            mean += w[wo + m] * loss;
        }
        double sum = 0;
        for (int m = 0; m < members; m++) {
            double step = Math.max(-0.5, Math.min(0.5, WEIGHT_RATE * (x[work + m] - (MODE == 0 ? 0 : mean))));
            double next = w[wo + m] * (1 - step);
            x[work + m] = next;
            sum += next;
        }
        for (int m = 0; m < members; m++) {
            w[wo + m] = (float) ((1 - SHARE) * x[work + m] / sum + SHARE / members);
        }
    }
    static final int MODE = Integer.getInteger("fc.mode", 1);
}
