package io.prescale.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.Map;

/**
 * A forecast of one metric of one entity, {@code horizon} steps of {@code stepSeconds} after {@code
 * issuedAt}. The step is whole seconds rather than a {@code Duration} so that the record is a plain
 * Flink POJO (Flink has no {@code Duration} serializer) without a custom one.
 *
 * @param quantiles quantile level in (0, 1) to value; may be empty
 * @param model the name of the model that made it
 */
public record Forecast(
        String entity,
        String metric,
        Instant issuedAt,
        long stepSeconds,
        int horizon,
        double mean,
        Map<Double, Double> quantiles,
        String model) {

    public Forecast {
        Checks.notBlank("entity", entity);
        Checks.notBlank("metric", metric);
        Checks.notNull("issuedAt", issuedAt);
        if (stepSeconds < 1) {
            throw new InvalidRecordException("stepSeconds must be >= 1, was " + stepSeconds);
        }
        if (horizon < 1) {
            throw new InvalidRecordException("horizon must be >= 1, was " + horizon);
        }
        Checks.finite("mean", mean);
        quantiles = quantiles == null ? Map.of() : Map.copyOf(quantiles);
        for (Map.Entry<Double, Double> q : quantiles.entrySet()) {
            Checks.within("quantile level", q.getKey(), 0, 1);
            Checks.finite("quantiles." + q.getKey(), q.getValue());
        }
        Checks.notBlank("model", model);
    }

    /** The time this forecast is for. */
    @JsonIgnore
    public Instant target() {
        return issuedAt.plusSeconds(stepSeconds * horizon);
    }
}
