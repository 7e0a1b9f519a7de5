package io.prescale.model;

import java.time.Instant;

/**
 * The samples of one metric of one entity in one tumbling event-time window.
 *
 * @param windowStart inclusive start
 * @param windowEnd exclusive end
 * @param count number of samples, >= 1
 * @param p95 95th percentile by the nearest-rank rule
 */
public record WindowAggregate(
        String entity,
        String metric,
        Instant windowStart,
        Instant windowEnd,
        long count,
        double mean,
        double max,
        double p95) {

    public WindowAggregate {
        Checks.notBlank("entity", entity);
        Checks.notBlank("metric", metric);
        Checks.notNull("windowStart", windowStart);
        Checks.notNull("windowEnd", windowEnd);
        if (!windowEnd.isAfter(windowStart)) {
            throw new InvalidRecordException(
                    "windowEnd ("
                            + windowEnd
                            + ") must be after windowStart ("
                            + windowStart
                            + ")");
        }
        if (count < 1) {
            throw new InvalidRecordException("count must be >= 1, was " + count);
        }
        Checks.finite("mean", mean);
        Checks.finite("max", max);
        Checks.finite("p95", p95);
    }
}
