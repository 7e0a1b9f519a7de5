package io.prescale.jobs.influx;

import java.time.Instant;

/**
 * One row of measurement {@code accuracy}: one forecast scored against what happened at its target
 * time. With observed value {@code y} and the forecast's q-quantile {@code ŷ_q}, the pinball loss
 * is {@code L_q = max(q (y − ŷ_q), (q − 1)(y − ŷ_q))}; coverage of the upper bound at level q is 1
 * when {@code y ≤ ŷ_q}, else 0 (so the mean of {@code covered_95} over time is the realised
 * coverage of the 0.95 bound).
 *
 * @param entity the entity (tag, or bucketed past the cardinality bound)
 * @param metric the metric forecast (tag)
 * @param horizon steps ahead, &ge; 1 (tag)
 * @param pinball50 pinball loss of the 0.5 quantile, &ge; 0
 * @param pinball90 pinball loss of the 0.9 quantile, &ge; 0
 * @param pinball99 pinball loss of the 0.99 quantile, &ge; 0
 * @param covered95 whether {@code y ≤ ŷ_0.95}
 * @param covered99 whether {@code y ≤ ŷ_0.99}
 * @param observed the observed value {@code y}
 * @param forecastMean the forecast's mean
 * @param target the time the forecast was for (the point's time)
 */
public record AccuracyRow(
        String entity,
        String metric,
        int horizon,
        double pinball50,
        double pinball90,
        double pinball99,
        boolean covered95,
        boolean covered99,
        double observed,
        double forecastMean,
        Instant target) {
    private static final String ROW = "accuracy";

    public AccuracyRow {
        RowChecks.notBlank(ROW, "entity", entity);
        RowChecks.code(ROW, "metric", metric);
        RowChecks.atLeast(ROW, "horizon", horizon, 1);
        RowChecks.nonNegative(ROW, "pinball50", pinball50);
        RowChecks.nonNegative(ROW, "pinball90", pinball90);
        RowChecks.nonNegative(ROW, "pinball99", pinball99);
        RowChecks.finite(ROW, "observed", observed);
        RowChecks.finite(ROW, "forecastMean", forecastMean);
        RowChecks.notNull(ROW, "target", target);
    }

    /** |observed − forecast mean|. */
    public double absError() {
        return Math.abs(observed - forecastMean);
    }
}
