package io.prescale.ml.forecast;

/**
 * A point forecaster over a regular grid whose state is a slice of a {@link ForecastState}: one
 * instance serves every series of a {@link ForecastStack}, the series' state is passed in.
 *
 * <p>Time is the argument {@code epochSeconds}, the start of the grid step the value belongs to;
 * consecutive updates are one grid step apart (the stack handles gaps and repeats before a member
 * sees them). Implementations allocate nothing and keep their slice finite for any finite input.
 */
public interface Forecaster {
    /** The model name used in reports ({@code ewma}, {@code holt}, ...). */
    String name();

    /** Starts the slice from the first value of a series. */
    void start(ForecastState state, long epochSeconds, double value);

    /**
     * Folds in {@code value} of the step at {@code epochSeconds}. The state's clock still holds the
     * previous update when this runs.
     */
    void update(ForecastState state, long epochSeconds, double value);

    /** The point forecast {@code h ≥ 1} steps after the last update. */
    double forecast(ForecastState state, int h);

    /**
     * Writes {@link #forecast} for h = 1..H to {@code out[from + (h − 1) stride]}; members override
     * it when the horizons share work.
     */
    default void forecastAll(
            ForecastState state, int maxHorizon, double[] out, int from, int stride) {
        for (int h = 1; h <= maxHorizon; h++) {
            out[from + (h - 1) * stride] = forecast(state, h);
        }
    }
}
