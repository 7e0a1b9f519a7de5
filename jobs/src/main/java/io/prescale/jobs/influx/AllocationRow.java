package io.prescale.jobs.influx;

import java.time.Instant;

/**
 * One row of measurement {@code allocation}: what an entity asked of its pool for one resource and
 * what the capacity arbiter granted, for the step whose capacity is needed by {@code neededBy}.
 *
 * @param entity the entity (tag {@code entity}, or bucketed past the cardinality bound)
 * @param resource the resource, e.g. {@code cpu} (tag)
 * @param pool the capacity pool (tag)
 * @param reason the decision's reason code, e.g. {@code PROACTIVE_UP} or {@code CUT_BY_TIER} (tag;
 *     a short code, the numbers behind it belong in the command's reason text)
 * @param requested the absolute allocation asked for, in the resource's unit, &ge; 0
 * @param granted what the arbiter granted, &ge; 0
 * @param speculative the pre-warm part of {@code requested} beyond the reactive level, &ge; 0
 * @param tier the priority tier, 0 the highest
 * @param quantileLevel the demand quantile behind the request, in [0, 1]
 * @param confidence P(demand &gt; current allocation), in [0, 1]
 * @param neededBy when the capacity must be in place (the point's time)
 */
public record AllocationRow(
        String entity,
        String resource,
        String pool,
        String reason,
        double requested,
        double granted,
        double speculative,
        int tier,
        double quantileLevel,
        double confidence,
        Instant neededBy) {
    private static final String ROW = "allocation";

    public AllocationRow {
        RowChecks.notBlank(ROW, "entity", entity);
        RowChecks.code(ROW, "resource", resource);
        RowChecks.code(ROW, "pool", pool);
        RowChecks.code(ROW, "reason", reason);
        RowChecks.nonNegative(ROW, "requested", requested);
        RowChecks.nonNegative(ROW, "granted", granted);
        RowChecks.nonNegative(ROW, "speculative", speculative);
        RowChecks.atLeast(ROW, "tier", tier, 0);
        RowChecks.unit(ROW, "quantileLevel", quantileLevel);
        RowChecks.unit(ROW, "confidence", confidence);
        RowChecks.notNull(ROW, "neededBy", neededBy);
    }
}
