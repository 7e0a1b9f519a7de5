package io.prescale.ml.stats;

import java.util.Arrays;

/** Empirical quantiles by the nearest-rank rule. */
public final class NearestRank {
    private NearestRank() {}

    /**
     * The q-quantile of the first {@code n} values: with {@code v} sorted ascending, {@code
     * v[ceil(q * n) - 1]} (the smallest value with at least a share q of the values at or below
     * it). Sorts a copy; {@code values} is left as it was.
     *
     * @throws IllegalArgumentException when {@code n < 1}, {@code n > values.length} or q is
     *     outside (0, 1]
     */
    public static double quantile(double[] values, int n, double q) {
        if (n < 1 || n > values.length) {
            throw new IllegalArgumentException("n must be in [1, " + values.length + "], was " + n);
        }
        if (!(q > 0 && q <= 1)) {
            throw new IllegalArgumentException("q must be in (0, 1], was " + q);
        }
        double[] sorted = Arrays.copyOf(values, n);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(q * n);
        return sorted[Math.max(rank, 1) - 1];
    }
}
