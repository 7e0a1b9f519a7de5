package io.prescale.model;

import java.time.Instant;
import java.util.Map;

/**
 * One observation of an entity: several metrics measured at one time.
 *
 * @param entity the session, client, user, container or VM
 * @param tenant the tenant it belongs to, or {@code null}; never blank
 * @param ts when the metrics were measured
 * @param metrics metric name to value; at least one and at most {@value #MAX_METRICS}, every value
 *     finite
 * @param labels free-form labels (zone, class, ...); {@code null} reads as empty, no value is
 *     {@code null}
 */
public record MetricSample(
        String entity,
        String tenant,
        Instant ts,
        Map<String, Double> metrics,
        Map<String, String> labels) {

    /** The most metrics one sample may carry (a Telegraf line has a few dozen fields at most). */
    public static final int MAX_METRICS = 256;

    public MetricSample {
        Checks.seriesName("entity", entity);
        Checks.nullOrName("tenant", tenant);
        Checks.notNull("ts", ts);
        if (metrics == null || metrics.isEmpty()) {
            throw new InvalidRecordException(
                    "metrics must hold at least one value, was " + metrics);
        }
        if (metrics.size() > MAX_METRICS) {
            throw new InvalidRecordException(
                    "metrics holds "
                            + metrics.size()
                            + " values, more than the "
                            + MAX_METRICS
                            + " a sample may carry (each metric of an entity is a series with its"
                            + " own forecasters and state)");
        }
        for (Map.Entry<String, Double> m : metrics.entrySet()) {
            Checks.seriesName("metrics key", m.getKey());
            Checks.notNull("metrics." + m.getKey(), m.getValue());
            Checks.finite("metrics." + m.getKey(), m.getValue());
        }
        metrics = Map.copyOf(metrics);
        labels = Checks.labels("labels", labels);
    }
}
