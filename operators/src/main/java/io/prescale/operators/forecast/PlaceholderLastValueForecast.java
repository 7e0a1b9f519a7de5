package io.prescale.operators.forecast;

import io.prescale.model.Forecast;
import io.prescale.model.WindowAggregate;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * PLACEHOLDER forecaster of the walking skeleton: predicts that the next window's mean equals this
 * window's mean. Named so in its output ({@link #MODEL}) so that nobody mistakes it for a real
 * forecast; the forecasting issue replaces it with the {@code ml/} ensemble.
 */
public final class PlaceholderLastValueForecast implements MapFunction<WindowAggregate, Forecast> {
    public static final String MODEL = "placeholder-last-value";

    @Override
    public Forecast map(WindowAggregate w) {
        long stepSeconds = Duration.between(w.windowStart(), w.windowEnd()).toSeconds();
        return new Forecast(
                w.entity(), w.metric(), w.windowEnd(), stepSeconds, 1, w.mean(), Map.of(), MODEL);
    }
}
