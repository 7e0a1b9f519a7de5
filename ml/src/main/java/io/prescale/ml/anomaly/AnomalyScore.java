package io.prescale.ml.anomaly;

/**
 * The map between a tail probability {@code p} and an anomaly score in [0, 1]: {@code score =
 * min(1, −log10(p) / 10)}, so a score of 0.3 means "one in a thousand", 1 means "one in ten billion
 * or rarer". A log scale keeps scores comparable across series and spreads the rare end, where a
 * threshold is chosen.
 */
public final class AnomalyScore {
    /** The smallest tail probability reported: {@code 10^−10}, a score of 1. */
    public static final double MIN_PROBABILITY = 1e-10;

    private static final double DECADES = 10.0;

    private AnomalyScore() {}

    /**
     * The score of tail probability {@code p}; NaN or {@code p >= 1} give 0, {@code p <=} {@link
     * #MIN_PROBABILITY} (0 included) gives 1.
     */
    public static double of(double p) {
        if (!(p < 1.0)) {
            return 0.0;
        }
        if (p <= MIN_PROBABILITY) {
            return 1.0;
        }
        return -Math.log10(p) / DECADES;
    }

    /** The tail probability of a score (inverse of {@link #of(double)} on (0, 1]). */
    public static double probability(double score) {
        return Math.pow(10.0, -DECADES * Math.max(0.0, Math.min(1.0, score)));
    }

    /** {@code p} clamped to [{@link #MIN_PROBABILITY}, 1]; NaN gives 1 (no evidence). */
    static double clamp(double p) {
        if (Double.isNaN(p) || p >= 1.0) {
            return 1.0;
        }
        return Math.max(MIN_PROBABILITY, p);
    }
}
