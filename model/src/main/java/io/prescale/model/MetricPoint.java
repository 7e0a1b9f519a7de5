package io.prescale.model;

import java.util.Objects;

/**
 * One metric value of one entity at one time: a {@code MetricSample} split per metric, which is the
 * unit the per-(entity, metric) windows consume.
 *
 * @param entity the entity (session, client, user, container or VM)
 * @param tenant the tenant, or {@code null}
 * @param metric metric name
 * @param timestampMillis event time in epoch milliseconds
 * @param value the value, finite
 * @param origin the record the point came in: one record may hold several points (several metrics
 *     of a JSON sample, several fields of a line-protocol line), which share it
 */
public record MetricPoint(
        String entity,
        String tenant,
        String metric,
        long timestampMillis,
        double value,
        RecordOrigin origin) {

    public MetricPoint {
        Objects.requireNonNull(origin, "origin");
    }
}
