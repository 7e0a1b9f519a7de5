package io.prescale.ml.series;

import io.prescale.ml.anomaly.CombinedDetector;
import io.prescale.ml.forecast.ForecastState;

/**
 * All that one series' {@link SeriesModel} remembers, updated in place: the forecast stack's state,
 * the detectors' state, and the forecasts issued for the scored horizons that have not reached
 * their target step yet. {@link SeriesModel#encode} writes it compactly with a version byte.
 *
 * @param forecast the forecast stack's state
 * @param detector the combined detectors' state
 * @param targets per remembered slot, the grid step its forecast is for ({@link Long#MIN_VALUE}
 *     while empty); horizon h owns h slots, indexed by the target step modulo h
 * @param issued per slot, the forecast as issued: mean then the quantiles at {@link
 *     SeriesModel#SCORED_LEVELS}, as floats ({@value IssuedForecasts#FLOATS} per slot)
 * @param lastScore {@code [the anomaly score of the last update]} (0 before the first)
 * @param oneStep {@code [median, upper quantile]} one step ahead as read after the last update, the
 *     range the next value is scored against: derived from the forecast state, never encoded
 *     ({@link SeriesModel#decode} reads it again), so the next update need not read it twice
 */
public record SeriesState(
        ForecastState forecast,
        CombinedDetector.State detector,
        long[] targets,
        float[] issued,
        double[] lastScore,
        double[] oneStep) {

    /** Updates seen (0 for a new state). */
    public long updates() {
        return forecast.updates();
    }

    /** Time of the last update in epoch seconds (meaningless before the first). */
    public long lastEpochSeconds() {
        return forecast.lastEpochSeconds();
    }
}
