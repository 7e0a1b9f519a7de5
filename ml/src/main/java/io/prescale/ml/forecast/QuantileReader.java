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
 *
 * <p>The ensemble's levels and spreads at the anchors are computed once per update into the scratch
 * ({@link #cacheAnchors}, also after a decode), where the stack's issue and every read find them,
 * so a read costs O(M + L) per horizon, and {@link #readAll} gives every horizon and level
 * bit-identically to the single reads.
 */
final class QuantileReader {
    private static final double DEFAULT_BETA = 0.5;
    private static final int L = QuantileLevels.COUNT;

    private final EnsembleCalibration calibration;
    private final int members;
    private final int[] anchors;
    private final int maxHorizon;

    /** {@code anchorOf[h]}: index of anchor h, or −1. */
    private final int[] anchorOf;

    /** {@code weightAnchor[h]}: the largest anchor at or below h, else the first. */
    private final int[] weightAnchor;

    /** Scratch: the members' forecasts {@code [(h − 1) M + m]}, then the tables below. */
    private final int forecasts;

    /** Scratch: the ensemble's spread at each anchor and level, {@code [ai L + k]}. */
    private final int spreadTable;

    /** Scratch: the ensemble's (monotone) levels at each anchor, {@code [ai L + k]}. */
    private final int anchorLevels;

    /** Scratch: one horizon's L (monotone) levels. */
    private final int row;

    /** With one anchor a, {@code (h / a)^½} per horizon h (β is fixed then). */
    private final double[] fixedGrowth;

    QuantileReader(
            ForecastConfig config, EnsembleCalibration calibration, int members, int forecasts) {
        this.calibration = calibration;
        this.members = members;
        this.anchors = config.anchorHorizons();
        this.maxHorizon = config.maxHorizon();
        this.forecasts = forecasts;
        this.spreadTable = forecasts + members * config.maxHorizon();
        this.anchorLevels = spreadTable + anchors.length * L;
        this.row = anchorLevels + anchors.length * L;
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
        this.fixedGrowth = new double[config.maxHorizon() + 1];
        for (int h = 1; h <= config.maxHorizon(); h++) {
            fixedGrowth[h] = Math.pow(h / (double) anchors[0], DEFAULT_BETA);
        }
    }

    /** Doubles of scratch after the forecasts. */
    static int scratchDoubles(ForecastConfig config) {
        return 2 * config.anchorHorizons().length * L + L;
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
        double[] x = s.scratch();
        int ai = anchorOf[h];
        if (model == members && ai >= 0) {
            int at = anchorLevels + ai * L;
            return interpolate(q, k, x[at + k], x[at + k + 1]);
        }
        levelsAt(s, model, h, centre(s, model, h), x, row);
        double below = Double.NEGATIVE_INFINITY;
        double above = Double.NEGATIVE_INFINITY;
        for (int j = 0; j <= k + 1; j++) {
            below = above;
            above = Math.max(above, x[row + j]);
        }
        return interpolate(q, k, below, above);
    }

    /**
     * The ensemble's point forecast and its quantiles at {@code levels} (ascending, with their
     * {@link QuantileLevels#bracket}s) for every horizon 1..H: {@code means[h − 1]} and {@code
     * out[(h − 1) n + j]} for level j of n, equal to {@link #centre} and {@link #quantile}.
     */
    void readAll(ForecastState s, double[] levels, int[] brackets, double[] means, double[] out) {
        double[] x = s.scratch();
        int n = levels.length;
        for (int h = 1; h <= maxHorizon; h++) {
            int ai = anchorOf[h];
            double c = centre(s, members, h);
            means[h - 1] = c;
            int at = row;
            if (ai >= 0) {
                at = anchorLevels + ai * L;
            } else {
                levelsAt(s, members, h, c, x, row);
                for (int k = 1; k < L; k++) {
                    x[row + k] = Math.max(x[row + k - 1], x[row + k]);
                }
            }
            for (int j = 0; j < n; j++) {
                int k = brackets[j];
                out[(h - 1) * n + j] = interpolate(levels[j], k, x[at + k], x[at + k + 1]);
            }
        }
    }

    private static double interpolate(double q, int k, double below, double above) {
        if (q == QuantileLevels.LEVELS[k]) {
            return below;
        }
        if (q == QuantileLevels.LEVELS[k + 1]) {
            return above;
        }
        return below + QuantileLevels.weight(q, k) * (above - below);
    }

    /**
     * The model's L levels h steps ahead, before monotonicity, into {@code x[to ..]}: its centre
     * {@code c} (its point forecast for h) plus the spread at h (interpolated between anchors,
     * extrapolated beyond them). The growth factor {@code (h / a)^β} is computed once per horizon
     * (and once for all with one anchor).
     */
    private void levelsAt(ForecastState s, int model, int h, double c, double[] x, int to) {
        int ai = anchorOf[h];
        int last = anchors.length - 1;
        if (ai >= 0) {
            for (int k = 0; k < L; k++) {
                x[to + k] = c + spreadAt(s, model, ai, k);
            }
        } else if (h < anchors[0] || h > anchors[last]) {
            int a = h < anchors[0] ? 0 : last;
            double f = growth(s, model, h, a);
            for (int k = 0; k < L; k++) {
                x[to + k] = c + spreadAt(s, model, a, k) * f;
            }
        } else {
            int i = 0;
            while (anchors[i + 1] < h) {
                i++;
            }
            double t = (h - anchors[i]) / (double) (anchors[i + 1] - anchors[i]);
            for (int k = 0; k < L; k++) {
                x[to + k] =
                        c + ((1 - t) * spreadAt(s, model, i, k) + t * spreadAt(s, model, i + 1, k));
            }
        }
    }

    /** {@code (h / anchor)^β} for h outside the anchors, a the nearest (first or last) one. */
    private double growth(ForecastState s, int model, int h, int a) {
        if (anchors.length < 2) {
            return fixedGrowth[h];
        }
        int i = a == 0 ? 0 : Math.max(0, a - 1);
        return Math.pow(h / (double) anchors[a], beta(s, model, i));
    }

    /**
     * Fills the scratch's tables of the ensemble's levels and spreads at every anchor and tracked
     * level from the cached forecasts, calibration and weights: after every update and decode, as
     * the ensemble's reads and {@link EnsembleCalibration#issue} take them from there.
     */
    void cacheAnchors(ForecastState s) {
        double[] x = s.scratch();
        for (int ai = 0; ai < anchors.length; ai++) {
            int from = forecasts + (anchors[ai] - 1) * members;
            int at = anchorLevels + ai * L;
            calibration.levels(s, ai, x, from, x, at);
            double point = calibration.point(s, ai, x, from);
            for (int k = 0; k < L; k++) {
                x[spreadTable + ai * L + k] = x[at + k] - point;
            }
        }
    }

    /** Offset in the scratch of the ensemble's cached levels at anchor ai. */
    int anchorLevels(int ai) {
        return anchorLevels + ai * L;
    }

    /** The ℓ_k spread {@code Q − centre} of a model at anchor ai. */
    private double spreadAt(ForecastState s, int model, int ai, int k) {
        if (model < members) {
            return calibration.memberSpread(s, ai, model, k);
        }
        return s.scratch()[spreadTable + ai * L + k];
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
