package io.prescale.ml.anomaly;

/**
 * A reusable {@link ExpectedRange} that a range source overwrites for every point, so that no
 * object is allocated per point. Fresh, it expresses no expectation (all NaN).
 */
public final class MutableRange implements ExpectedRange {
    private double median = Double.NaN;
    private double lower = Double.NaN;
    private double upper = Double.NaN;
    private double lowerLevel = Double.NaN;
    private double upperLevel = Double.NaN;

    /** Sets every field; returns {@code this}. */
    public MutableRange set(
            double median, double lower, double upper, double lowerLevel, double upperLevel) {
        this.median = median;
        this.lower = lower;
        this.upper = upper;
        this.lowerLevel = lowerLevel;
        this.upperLevel = upperLevel;
        return this;
    }

    /** Marks the range as "no expectation"; returns {@code this}. */
    public MutableRange clear() {
        return set(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }

    @Override
    public double median() {
        return median;
    }

    @Override
    public double lower() {
        return lower;
    }

    @Override
    public double upper() {
        return upper;
    }

    @Override
    public double lowerLevel() {
        return lowerLevel;
    }

    @Override
    public double upperLevel() {
        return upperLevel;
    }
}
