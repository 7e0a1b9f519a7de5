package io.prescale.jobs.influx;

import java.time.Instant;

/**
 * One row of measurement {@code pool}: one tier of one pool's resource at one arbitration step.
 * Amounts are in the resource's unit; {@code granted ≤ capacity} summed over the tiers of a step.
 *
 * @param pool the capacity pool (tag)
 * @param resource the resource (tag)
 * @param tier the priority tier, 0 the highest (tag)
 * @param capacity the pool's capacity for the resource, &ge; 0
 * @param requested what the tier's entities asked for, &ge; 0
 * @param granted what they were granted, &ge; 0
 * @param shadow pre-warmed (shadow) capacity held for the tier, &ge; 0
 * @param denied requested minus granted, &ge; 0
 * @param step the arbitration step's time (the point's time)
 */
public record PoolRow(
        String pool,
        String resource,
        int tier,
        double capacity,
        double requested,
        double granted,
        double shadow,
        double denied,
        Instant step) {
    private static final String ROW = "pool";

    public PoolRow {
        RowChecks.code(ROW, "pool", pool);
        RowChecks.code(ROW, "resource", resource);
        RowChecks.atLeast(ROW, "tier", tier, 0);
        RowChecks.nonNegative(ROW, "capacity", capacity);
        RowChecks.nonNegative(ROW, "requested", requested);
        RowChecks.nonNegative(ROW, "granted", granted);
        RowChecks.nonNegative(ROW, "shadow", shadow);
        RowChecks.nonNegative(ROW, "denied", denied);
        RowChecks.notNull(ROW, "step", step);
    }
}
