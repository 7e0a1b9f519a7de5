package io.prescale.ml.anomaly;

/**
 * What a forecaster expected for a point before seeing it: its median and a central interval
 * between two of its quantiles. This is the seam between forecasting and detection: the detectors
 * take it as an input and never depend on a forecaster; an adapter exposes a calibrated
 * forecaster's quantiles through it, {@link EwmaQuantileRange} is the stand-in.
 *
 * <p>A range with {@code lower <= median <= upper} all finite is usable; anything else (a
 * forecaster not yet warmed up) means "no expectation", see {@link #isUsable()}.
 */
public interface ExpectedRange {
    /** The expected median. */
    double median();

    /** The quantile at {@link #lowerLevel()}. */
    double lower();

    /** The quantile at {@link #upperLevel()}. */
    double upper();

    /** Probability level of {@link #lower()}, e.g. 0.01. */
    double lowerLevel();

    /** Probability level of {@link #upper()}, e.g. 0.99. */
    double upperLevel();

    /** Whether the range holds a real expectation (finite, ordered, levels in (0, 1)). */
    default boolean isUsable() {
        double m = median();
        return Double.isFinite(lower())
                && Double.isFinite(m)
                && Double.isFinite(upper())
                && lower() <= m
                && m <= upper()
                && lowerLevel() > 0
                && lowerLevel() < 0.5
                && upperLevel() > 0.5
                && upperLevel() < 1;
    }

    /** A range that expresses no expectation (all NaN). */
    ExpectedRange NONE =
            new ExpectedRange() {
                @Override
                public double median() {
                    return Double.NaN;
                }

                @Override
                public double lower() {
                    return Double.NaN;
                }

                @Override
                public double upper() {
                    return Double.NaN;
                }

                @Override
                public double lowerLevel() {
                    return Double.NaN;
                }

                @Override
                public double upperLevel() {
                    return Double.NaN;
                }
            };
}
