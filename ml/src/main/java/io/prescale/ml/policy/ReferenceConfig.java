package io.prescale.ml.policy;

/**
 * Configuration of a {@link ReferencePolicy}.
 *
 * @param kind which reference autoscaler
 * @param leadSteps L, the actuation delay in grid steps, &ge; 1
 * @param scale the one knob as a multiplier of the demand statistic: {@code 1 / u} for the
 *     utilisation-based policies, the margin m for the others; &gt; 0
 * @param stepsPerDay grid steps in a day (the seasonal lags and the VPA half-life), &ge; L
 * @param tolerance relative change below which the reactive policy keeps its allocation, in [0, 1)
 * @param firstBucketSize the VPA histogram's first bucket size in the metric's unit, &gt; 0
 * @param percentile the VPA histogram's percentile the allocation is a margin over, in (0, 1): 0.95
 *     in the shared data README, VPA's {@code --target-cpu-percentile} (0.9 by default)
 */
public record ReferenceConfig(
        ReferenceKind kind,
        int leadSteps,
        double scale,
        int stepsPerDay,
        double tolerance,
        double firstBucketSize,
        double percentile) {

    public ReferenceConfig {
        if (kind == null) {
            throw new IllegalArgumentException("kind must not be null");
        }
        if (leadSteps < 1) {
            throw new IllegalArgumentException("leadSteps must be >= 1, was " + leadSteps);
        }
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("scale must be finite and > 0, was " + scale);
        }
        if (stepsPerDay < leadSteps) {
            throw new IllegalArgumentException(
                    "stepsPerDay must be >= leadSteps (" + leadSteps + "), was " + stepsPerDay);
        }
        if (!(tolerance >= 0 && tolerance < 1)) {
            throw new IllegalArgumentException("tolerance must be in [0, 1), was " + tolerance);
        }
        if (!(firstBucketSize > 0)) {
            throw new IllegalArgumentException(
                    "firstBucketSize must be > 0, was " + firstBucketSize);
        }
        if (!(percentile > 0 && percentile < 1)) {
            throw new IllegalArgumentException("percentile must be in (0, 1), was " + percentile);
        }
    }

    /** The README's definition: no tolerance, VPA first bucket 0.01 units, its 95th percentile. */
    public static ReferenceConfig readme(ReferenceKind kind, int leadSteps, int stepsPerDay) {
        return new ReferenceConfig(kind, leadSteps, 1.0, stepsPerDay, 0.0, 0.01, 0.95);
    }

    public ReferenceConfig withScale(double newScale) {
        return new ReferenceConfig(
                kind, leadSteps, newScale, stepsPerDay, tolerance, firstBucketSize, percentile);
    }

    public ReferenceConfig withPercentile(double q) {
        return new ReferenceConfig(
                kind, leadSteps, scale, stepsPerDay, tolerance, firstBucketSize, q);
    }
}
