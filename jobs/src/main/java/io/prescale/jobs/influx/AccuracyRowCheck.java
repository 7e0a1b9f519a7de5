package io.prescale.jobs.influx;

import io.prescale.operators.forecast.ForecastAccuracy;

/**
 * What a scored forecast must be to become a row of measurement {@code accuracy}: entity not blank,
 * metric a short code (it is a tag), horizon &ge; 1, pinball losses finite and &ge; 0, observed
 * value and forecast mean finite, anomaly score finite and &ge; 0, a window.
 */
public final class AccuracyRowCheck {
    private static final String ROW = "accuracy";

    private AccuracyRowCheck() {}

    /**
     * @throws IllegalArgumentException naming the row, the field and the value when {@code a}
     *     cannot be a row
     */
    public static void check(ForecastAccuracy a) {
        RowChecks.notBlank(ROW, "entity", a.entity());
        RowChecks.code(ROW, "metric", a.metric());
        RowChecks.atLeast(ROW, "horizon", a.horizon(), 1);
        RowChecks.nonNegative(ROW, "pinball50", a.pinball50());
        RowChecks.nonNegative(ROW, "pinball90", a.pinball90());
        RowChecks.nonNegative(ROW, "pinball99", a.pinball99());
        RowChecks.finite(ROW, "observed", a.observed());
        RowChecks.finite(ROW, "forecastMean", a.forecastMean());
        RowChecks.nonNegative(ROW, "anomalyScore", a.anomalyScore());
        RowChecks.notNull(ROW, "window", a.window());
    }
}
