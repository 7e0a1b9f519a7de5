package io.prescale.ml.capacity;

/**
 * A tier's totals in one arbitration, in the resource's unit.
 *
 * @param tier the tier
 * @param entities how many requests it holds
 * @param requested Σ requested
 * @param granted Σ granted
 */
public record TierUsage(int tier, int entities, double requested, double granted) {

    /** Σ (requested − granted), &ge; 0. */
    public double denied() {
        return Math.max(0, requested - granted);
    }
}
