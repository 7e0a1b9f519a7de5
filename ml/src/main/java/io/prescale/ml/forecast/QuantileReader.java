package io.prescale.ml.forecast;

/**
 * Reads a model's point forecast and quantiles out of a state whose forecasts are cached (members
 * 0..M−1, the ensemble at M).
 *
 * <p>At an anchor horizon the quantiles are the calibrated ones. At another horizon h the centre is
 * the members' forecasts for h (the ensemble weighs them with the nearest anchor's weights) and the
 * spread {@code Q − centre} is interpolated linearly between the anchors around h, or beyond the
 * outer anchors extrapolated as {@code spread(a) (h / a)^β} with β = ln(S_a / S_a') / ln(a / a')
 * from the model's residual scales at the two nearest anchors, clipped to [0, 1] (½ with one
 * anchor): a random walk's spread grows with β = ½, a mean-reverting series' saturates.
 *
 * <p>Between tracked levels ℓ_k ≤ q ≤ ℓ_{k+1} the quantile is interpolated in −ln(1 − q) after a
 * running maximum over the levels, so it is monotone in q.
 */
final class QuantileReader {
    private static final double DEFAULT_BETA = 0.5;

    private final EnsembleCalibration calibration;
    private final int members;
    private final int[] anchors;

    /** {@code anchorOf[h]}: index of anchor h, or −1. */
    private final int[] anchorOf;

    /** {@code weightAnchor[h]}: the largest anchor at or below h, else the first. */
    private final int[] weightAnchor;

    /** Scratch: the members' forecasts {@code [(h − 1) M + m]}, then L levels to read. */
    private final int forecasts;

    private final int read;

    QuantileReader(
            ForecastConfig config, EnsembleCalibration calibration, int members, int forecasts) {
        this.calibration = calibration;
        this.members = members;
        this.anchors = config.anchorHorizons();
        this.forecasts = forecasts;
        this.read = forecasts + members * config.maxHorizon();
        this.anchorOf = new int[config.maxHorizon() + 1];
        this.weightAnchor = new int[config.maxHorizon() + 1];
        for (int h = 0; h <= config.maxHorizon(); h++) {
            anchorOf[h] = config.anchorIndex(h);
            int ai = 0;
            while (ai + 1 < anchors.length && anchors[ai + 1] <= h) {
                ai++;
            }
            weightAnchor[h] = ai;
        }
    }

    /** Doubles of scratch after the forecasts. */
    static int scratchDoubles() {
        return QuantileLevels.COUNT;
    }

    /** A member's point forecast, or the ensemble's (weights of the anchor for h). */
    double centre(ForecastState s, int model, int h) {
        int from = forecasts + (h - 1) * members;
        if (model < members) {
            return s.scratch()[from + model];
        }
        return calibration.point(s, weightAnchor[h], s.scratch(), from);
    }

    /** The model's q-quantile h steps ahead. */
    double quantile(ForecastState s, int model, int h, double q) {
        int k = QuantileLevels.bracket(q);
        double below;
        double above;
        int ai = anchorOf[h];
        if (model == members && ai >= 0) {
            double[] x = s.scratch();
            calibration.levels(s, ai, x, forecasts + (h - 1) * members, x, read);
            below = x[read + k];
            above = x[read + k + 1];
        } else {
            below = Double.NEGATIVE_INFINITY;
            above = Double.NEGATIVE_INFINITY;
            for (int j = 0; j <= k + 1; j++) {
                below = above;
                above = Math.max(above, level(s, model, h, j));
            }
        }
        if (q == QuantileLevels.LEVELS[k]) {
            return below;
        }
        if (q == QuantileLevels.LEVELS[k + 1]) {
            return above;
        }
        return below + QuantileLevels.weight(q, k) * (above - below);
    }

    /** The model's ℓ_k-quantile h steps ahead, before monotonicity. */
    private double level(ForecastState s, int model, int h, int k) {
        int ai = anchorOf[h];
        return centre(s, model, h) + (ai >= 0 ? spreadAt(s, model, ai, k) : spread(s, model, h, k));
    }

    /** The ℓ_k spread {@code Q − centre} of a model at anchor ai. */
    private double spreadAt(ForecastState s, int model, int ai, int k) {
        if (model < members) {
            return calibration.memberSpread(s, ai, model, k);
        }
        int from = forecasts + (anchors[ai] - 1) * members;
        double[] x = s.scratch();
        calibration.levels(s, ai, x, from, x, read);
        return x[read + k] - calibration.point(s, ai, x, from);
    }

    /** The ℓ_k spread at a horizon that is not an anchor. */
    private double spread(ForecastState s, int model, int h, int k) {
        int last = anchors.length - 1;
        if (h < anchors[0]) {
            return spreadAt(s, model, 0, k) * Math.pow(h / (double) anchors[0], beta(s, model, 0));
        }
        if (h > anchors[last]) {
            double beta = beta(s, model, Math.max(0, last - 1));
            return spreadAt(s, model, last, k) * Math.pow(h / (double) anchors[last], beta);
        }
        int i = 0;
        while (anchors[i + 1] < h) {
            i++;
        }
        double t = (h - anchors[i]) / (double) (anchors[i + 1] - anchors[i]);
        return (1 - t) * spreadAt(s, model, i, k) + t * spreadAt(s, model, i + 1, k);
    }

    /** Growth exponent between anchors i and i + 1, from the model's residual scales there. */
    private double beta(ForecastState s, int model, int i) {
        if (anchors.length < 2) {
            return DEFAULT_BETA;
        }
        double lo = calibration.scale(s, i, model);
        double hi = calibration.scale(s, i + 1, model);
        if (!(lo > 0 && hi > 0)) {
            return DEFAULT_BETA;
        }
        double beta = Math.log(hi / lo) / Math.log(anchors[i + 1] / (double) anchors[i]);
        return Math.max(0, Math.min(1, beta));
    }
}
