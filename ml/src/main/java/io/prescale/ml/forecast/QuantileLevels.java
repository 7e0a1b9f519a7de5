package io.prescale.ml.forecast;

/**
 * The quantile levels every calibrator tracks, and how a level in between is read.
 *
 * <p>Between two tracked levels ℓ_k ≤ q ≤ ℓ_{k+1} the quantile is interpolated linearly in {@code
 * x(q) = −ln(1 − q)}, which is exact for an exponential (Laplace) upper tail and keeps the result
 * monotone in q when the tracked values are (callers take a running maximum over levels first).
 */
public final class QuantileLevels {
    /** The tracked levels. */
    static final double[] LEVELS = {0.5, 0.9, 0.95, 0.99, 0.999};

    /** Number of tracked levels. */
    public static final int COUNT = LEVELS.length;

    /** Lowest level {@code quantile} answers. */
    public static final double MIN = 0.5;

    /** Highest level {@code quantile} answers. */
    public static final double MAX = 0.999;

    /**
     * Starting offsets in units of the mean absolute residual: the Laplace quantiles {@code ln(1 /
     * (2 (1 − ℓ)))}, right for a symmetric exponential-tailed residual before anything is learned.
     */
    static final double[] LAPLACE = new double[COUNT];

    private static final double[] X = new double[COUNT];

    static {
        for (int k = 0; k < COUNT; k++) {
            X[k] = -Math.log(1 - LEVELS[k]);
            LAPLACE[k] = Math.log(1 / (2 * (1 - LEVELS[k])));
        }
    }

    private QuantileLevels() {}

    /** The tracked level {@code k}. */
    public static double level(int k) {
        return LEVELS[k];
    }

    /**
     * Index k of the tracked level at or below q with a level above it ({@code 0 ≤ k ≤ COUNT − 2}).
     *
     * @throws IllegalArgumentException when q is outside [{@link #MIN}, {@link #MAX}]
     */
    static int bracket(double q) {
        if (!(q >= MIN && q <= MAX)) {
            throw new IllegalArgumentException(
                    "quantile level q must be in [" + MIN + ", " + MAX + "], was " + q);
        }
        int k = 0;
        while (k < COUNT - 2 && q >= LEVELS[k + 1]) {
            k++;
        }
        return k;
    }

    /** Interpolation weight of level {@code k + 1} for q in bracket k. */
    static double weight(double q, int k) {
        return (-Math.log(1 - q) - X[k]) / (X[k + 1] - X[k]);
    }

    /** Index of the tracked level equal to q, or −1. */
    static int indexOf(double q) {
        for (int k = 0; k < COUNT; k++) {
            if (LEVELS[k] == q) {
                return k;
            }
        }
        return -1;
    }
}
