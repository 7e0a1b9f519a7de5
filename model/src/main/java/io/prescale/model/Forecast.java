package io.prescale.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A forecast of one metric of one entity, {@code horizon} steps of {@code step} after {@code
 * issuedAt}.
 *
 * @param quantiles quantile level in (0, 1) to value; may be empty
 * @param model the name of the model that made it
 */
public record Forecast(
        String entity,
        String metric,
        Instant issuedAt,
        Duration step,
        int horizon,
        double mean,
        Map<Double, Double> quantiles,
        String model) {

    public Forecast {
        Checks.notBlank("entity", entity);
        Checks.notBlank("metric", metric);
        Checks.notNull("issuedAt", issuedAt);
        Checks.positive("step", step);
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
        return issuedAt.plus(step.multipliedBy(horizon));
    }
}
