package io.prescale.ml.series;

import io.prescale.ml.stats.Pinball;

/**
 * What one {@link SeriesModel#update} produced, overwritten by the next one (so nothing is
 * allocated per update): the anomaly score of the value with the range it was scored against, the
 * scored horizons' remembered forecasts for this step, and the forecasts issued now for every
 * horizon 1..H at the configured levels. One instance per thread.
 */
public final class SeriesStep {
    final double[] means;
    final double[] quantiles;
    final boolean[] scored;
    final double[] issued;
    private final int readCount;
    private final int[] outputIndex;
    private final int[] scoredIndex;
    private final int[] scoredHorizons;

    boolean updated;
    double observed;
    double score;
    double previousScore;
    boolean expected;
    double median;
    double lower;
    double upper;

    SeriesStep(
            int maxHorizon, int readCount, int[] outputIndex, int[] scoredIndex, int[] horizons) {
        this.means = new double[maxHorizon];
        this.quantiles = new double[maxHorizon * readCount];
        this.readCount = readCount;
        this.outputIndex = outputIndex;
        this.scoredIndex = scoredIndex;
        this.scoredHorizons = horizons;
        this.scored = new boolean[horizons.length];
        this.issued = new double[horizons.length * IssuedForecasts.FLOATS];
    }

    /** False when the last value was ignored (not finite, or not after the previous step). */
    public boolean updated() {
        return updated;
    }

    /** The value of this step. */
    public double observed() {
        return observed;
    }

    /** The anomaly score of the value in [0, 1] (0 while the detectors warm up). */
    public double anomalyScore() {
        return score;
    }

    /** The anomaly score of the series' previous update (0 before the first). */
    public double previousScore() {
        return previousScore;
    }

    /** Whether the forecast gave a usable range for the value (else the bounds are NaN). */
    public boolean expectedUsable() {
        return expected;
    }

    /** The one-step median forecast the value was scored against. */
    public double expectedMedian() {
        return median;
    }

    /** The lower bound of the range the value was scored against. */
    public double expectedLower() {
        return lower;
    }

    /** The upper bound of the range the value was scored against. */
    public double expectedUpper() {
        return upper;
    }

    /** The ensemble's point forecast h steps after this step (1 ≤ h ≤ H). */
    public double mean(int h) {
        return means[h - 1];
    }

    /** The ensemble's quantile h steps ahead at output level j of {@link SeriesConfig#levels}. */
    public double quantile(int h, int j) {
        return quantiles[(h - 1) * readCount + outputIndex[j]];
    }

    /** The quantile h steps ahead at {@link SeriesModel#SCORED_LEVELS}[k]. */
    double scoredQuantile(int h, int k) {
        return quantiles[(h - 1) * readCount + scoredIndex[k]];
    }

    /** Number of scored horizons. */
    public int scoredCount() {
        return scoredHorizons.length;
    }

    /** Scored horizon i, in steps. */
    public int scoredHorizon(int i) {
        return scoredHorizons[i];
    }

    /** Whether the forecast that scored horizon i issued for this step was remembered. */
    public boolean scored(int i) {
        return scored[i];
    }

    /** The mean that scored horizon i issued for this step. */
    public double issuedMean(int i) {
        return issued[i * IssuedForecasts.FLOATS];
    }

    /** The quantile at {@link SeriesModel#SCORED_LEVELS}[k] that horizon i issued for this step. */
    public double issuedQuantile(int i, int k) {
        return issued[i * IssuedForecasts.FLOATS + 1 + k];
    }

    /** {@link Pinball#loss} of horizon i's issued quantile at scored level k against the value. */
    public double pinball(int i, int k) {
        return Pinball.loss(SeriesModel.SCORED_LEVELS[k], observed, issuedQuantile(i, k));
    }

    /** Whether the value is at or below horizon i's issued quantile at scored level k. */
    public boolean covered(int i, int k) {
        return observed <= issuedQuantile(i, k);
    }
}
