package io.prescale.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.Map;

/**
 * A forecast of one metric of one entity, {@code horizon} steps of {@code stepSeconds} after {@code
 * issuedAt}. The step is whole seconds rather than a {@code Duration} so that the record is a plain
 * Flink POJO (Flink has no {@code Duration} serializer) without a custom one.
 *
 * @param stepSeconds forecast step, whole seconds >= 1
 * @param horizon how many steps ahead, >= 1
 * @param mean the point forecast
 * @param quantiles quantile level in (0, 1), exclusive, to value; may be empty
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
        Checks.atLeast("stepSeconds", stepSeconds, 1);
        Checks.atLeast("horizon", horizon, 1);
        Checks.finite("mean", mean);
        quantiles = quantiles == null ? Map.of() : quantiles;
        if (quantiles instanceof QuantileMap q) {
            // immutable already, and checked without boxing: this runs for every forecast the job
            // makes
            for (int i = 0; i < q.size(); i++) {
                checkQuantile(q.level(i), q.value(i));
            }
        } else {
            quantiles.forEach(Forecast::checkQuantile);
            quantiles = Map.copyOf(quantiles);
        }
        Checks.notBlank("model", model);
    }

    private static void checkQuantile(Double level, Double value) {
        if (level == null) {
            throw new InvalidRecordException(
                    "quantiles key (the level) must be in (0, 1), was null");
        }
        if (value == null) {
            checkLevel(level);
            // the field name is built only on failure
            Checks.notNull("quantiles." + level, value);
        }
        checkQuantile(level.doubleValue(), value.doubleValue());
    }

    private static void checkQuantile(double level, double value) {
        checkLevel(level);
        if (!Double.isFinite(value)) {
            Checks.finite("quantiles." + level, value);
        }
    }

    private static void checkLevel(double level) {
        if (!(level > 0 && level < 1)) {
            throw new InvalidRecordException(
                    "quantiles key (the level) must be in (0, 1), was " + level);
        }
    }

    /** The time this forecast is for: {@code issuedAt + stepSeconds * horizon}. */
    @JsonIgnore
    public Instant target() {
        return issuedAt.plusSeconds(stepSeconds * horizon);
    }
}
