package io.prescale.ml.forecast;

import java.util.Arrays;

/**
 * Per anchor horizon: a {@link QuantileCalibrator} per member, the ensemble's weights per tracked
 * level, and the calibrator of the combination. Learns when the value a forecast was issued for
 * arrives.
 *
 * <p>The ensemble's ℓ-quantile is {@code Q_ℓ = C_ℓ + S δ_ℓ} with {@code C_ℓ = Σ_m w_{ℓ,m} q_{ℓ,m}}
 * the weighted members' calibrated quantiles, recalibrated by its own calibrator (scale S of |y −
 * μ|, μ = Σ w_{0.5,m} f_m the point forecast; offsets δ start at 0). Its outcomes are judged
 * against the quantiles it actually issued (kept in the pending slot), so its coverage converges to
 * the level exactly as the calibrator's bound says.
 *
 * <p>The weights of each level follow each member's exponentially discounted recent pinball loss
 * ρ_ℓ: multiplicative weights (the first-order, "Prod", form of the exponential weights, no {@code
 * exp} per step), on losses in units of S against the weighted mean loss, with fixed share α
 * towards uniform so old losses fade and a member that becomes best can win back:
 *
 * <pre>
 *   L_m = ρ_ℓ(y − q_{ℓ,m}) / S,   L̄ = Σ_m w_m L_m
 *   w_m ← (1 − α) w_m (1 − clip(ε (L_m − L̄), ±½)) / Σ + α / M     ε = {@value #WEIGHT_RATE}, α = {@value #SHARE}
 * </pre>
 *
 * Weights and calibrators per level let each series end with its own mix per quantile: on the
 * shared traces the ensemble's 0.99 pinball loss is below every member's (BENCHMARKS.md).
 */
final class EnsembleCalibration {
    static final double WEIGHT_RATE = 0.2;
    static final double ENSEMBLE_OFFSET_RATE = 0.05;
    static final double SHARE = 0.001;
    private static final int L = QuantileLevels.COUNT;

    private final int members;
    private final int anchors;

    /** Scratch: the members' issued quantiles (L × M), the bases per level (L), work (M). */
    private final int quantiles;

    private final int bases;
    private final int work;

    EnsembleCalibration(int members, int anchors, int scratchOffset) {
        this.members = members;
        this.anchors = anchors;
        this.quantiles = scratchOffset;
        this.bases = quantiles + L * members;
        this.work = bases + L;
    }

    /** Doubles of scratch this needs. */
    static int scratchDoubles(int members) {
        return (L + 1) * members + L;
    }

    /**
     * Floats per pending slot: the members' point forecasts, every model's residual scale, then the
     * ensemble's quantile at each tracked level, all as issued.
     */
    static int slotFloats(int members) {
        return 2 * members + 1 + L;
    }

    /**
     * Completes a pending slot whose first M floats hold the members' point forecasts: adds each
     * model's residual scale and the ensemble's (monotone) quantiles as issued, {@link #levels} of
     * those forecasts, already at {@code x[levels ..]}, so the outcome is judged against what was
     * actually issued, not against a scale or offsets that have since moved (a burst would
     * otherwise hide its own misses).
     */
    void issue(ForecastState s, int ai, int slot, double[] x, int levels) {
        float[] f = s.pending();
        for (int model = 0; model <= members; model++) {
            f[slot + members + model] = (float) scale(s, ai, model);
        }
        for (int k = 0; k < L; k++) {
            f[slot + 2 * members + 1 + k] = floatBelow(x[levels + k]);
        }
    }

    /**
     * The largest float at or below {@code v}. An issued quantile is kept rounded down, so every
     * outcome above the quantile as read (in double precision) is above the kept one too, and the
     * calibrator never takes a miss for a hit. Rounded to the nearest float, a constant series'
     * bound settled a hair below the value: the kept bound rounded up to the value, a tie, which
     * the calibrator took as covered and kept lowering (coverage 0.57 at 0.95).
     */
    static float floatBelow(double v) {
        float f = (float) v;
        return f > v ? Math.nextDown(f) : f;
    }

    /**
     * The ensemble's quantiles at every tracked level at anchor ai, made monotone (running
     * maximum), given the members' point forecasts {@code x[from .. from + M)}: written to {@code
     * out[to .. to + L)}. Uses the scratch's work area.
     */
    void levels(ForecastState s, int ai, double[] x, int from, double[] out, int to) {
        float[] c = s.calibration();
        float[] w = s.weights();
        double[] scratch = s.scratch();
        for (int m = 0; m < members; m++) {
            scratch[work + m] = QuantileCalibrator.scale(c, calibrator(ai, m));
        }
        int e = calibrator(ai, members);
        double scaleE = QuantileCalibrator.scale(c, e);
        double running = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < L; k++) {
            int wo = weights(ai, k);
            double q = scaleE * c[e + QuantileCalibrator.Z + k];
            for (int m = 0; m < members; m++) {
                int z = calibrator(ai, m) + QuantileCalibrator.Z + k;
                q += w[wo + m] * (x[from + m] + scratch[work + m] * c[z]);
            }
            running = Math.max(running, q);
            out[to + k] = running;
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

    /**
     * Learns from y, the outcome of what pending slot {@code from} issued: first the ensemble
     * (weights, then its calibrator around the combinations), then each member's calibrator.
     */
    void learn(ForecastState s, int ai, int from, double y) {
        float[] c = s.calibration();
        float[] w = s.weights();
        float[] f = s.pending();
        double[] x = s.scratch();
        double mu = 0;
        int w0 = weights(ai, 0);
        for (int m = 0; m < members; m++) {
            double point = f[from + m];
            double scale = f[from + members + m];
            int z = calibrator(ai, m) + QuantileCalibrator.Z;
            for (int k = 0; k < L; k++) {
                x[quantiles + k * members + m] = point + scale * c[z + k];
            }
            mu += w[w0 + m] * point;
        }
        int e = calibrator(ai, members);
        double scaleE = f[from + 2 * members];
        double inverse = 1 / Math.max(scaleE, 1e-30);
        for (int k = 0; k < L; k++) {
            int wo = weights(ai, k);
            learnWeights(w, wo, x, quantiles + k * members, QuantileLevels.LEVELS[k], y, inverse);
        }
        for (int k = 0; k < L; k++) {
            x[bases + k] = f[from + 2 * members + 1 + k];
        }
        QuantileCalibrator.learn(
                c, e, x, bases, 1, y, Math.abs(y - mu), scaleE, ENSEMBLE_OFFSET_RATE);
        for (int m = 0; m < members; m++) {
            QuantileCalibrator.learn(
                    c,
                    calibrator(ai, m),
                    x,
                    quantiles + m,
                    members,
                    y,
                    Math.abs(y - f[from + m]),
                    f[from + members + m],
                    QuantileCalibrator.OFFSET_RATE);
        }
    }

    /**
     * One multiplicative-weights step on the weights {@code w[wo .. wo + M)} of level ℓ from each
     * member's pinball loss, in units of the ensemble's scale, against the weighted mean loss.
     */
    private void learnWeights(
            float[] w, int wo, double[] x, int q, double level, double y, double inverseScale) {
        double mean = 0;
        for (int m = 0; m < members; m++) {
            double u = y - x[q + m];
            double loss = (u >= 0 ? level * u : (level - 1) * u) * inverseScale;
            x[work + m] = loss;
            mean += w[wo + m] * loss;
        }
        double sum = 0;
        for (int m = 0; m < members; m++) {
            double step = WEIGHT_RATE * (x[work + m] - mean);
            double next = w[wo + m] * (1 - Clip.symmetric(step, 0.5));
            x[work + m] = next;
            sum += next;
        }
        double norm = (1 - SHARE) / sum;
        for (int m = 0; m < members; m++) {
            w[wo + m] = (float) (x[work + m] * norm + SHARE / members);
        }
    }
}
