package io.prescale.ml.forecast;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Quantile levels to read with {@link ForecastStack#forecastAll}, checked once: each in [{@link
 * QuantileLevels#MIN}, {@link QuantileLevels#MAX}], strictly increasing, with the tracked levels
 * that bracket each one precomputed.
 */
public final class QuantileLevelSet implements Serializable {
    private static final long serialVersionUID = 1L;

    private final double[] values;
    private final int[] brackets;

    private QuantileLevelSet(double[] levels) {
        if (levels == null || levels.length == 0) {
            throw new IllegalArgumentException("need at least one quantile level");
        }
        values = levels.clone();
        brackets = new int[values.length];
        for (int j = 0; j < values.length; j++) {
            brackets[j] = QuantileLevels.bracket(values[j]);
            if (j > 0 && !(values[j] > values[j - 1])) {
                throw new IllegalArgumentException(
                        "quantile levels must increase strictly, were " + Arrays.toString(levels));
            }
        }
    }

    /**
     * @throws IllegalArgumentException when there is none, one is outside [0.5, 0.999] or they do
     *     not increase strictly
     */
    public static QuantileLevelSet of(double... levels) {
        return new QuantileLevelSet(levels);
    }

    public int count() {
        return values.length;
    }

    public double get(int j) {
        return values[j];
    }

    /** The index of {@code level}, or −1. */
    public int indexOf(double level) {
        int i = Arrays.binarySearch(values, level);
        return i >= 0 ? i : -1;
    }

    /** A copy of the levels. */
    public double[] toArray() {
        return values.clone();
    }

    double[] values() {
        return values;
    }

    int[] brackets() {
        return brackets;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QuantileLevelSet l && Arrays.equals(values, l.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return Arrays.toString(values);
    }
}
