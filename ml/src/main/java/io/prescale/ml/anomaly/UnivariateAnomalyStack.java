package io.prescale.ml.anomaly;

import io.prescale.ml.forecast.ForecastStack;
import io.prescale.ml.forecast.ForecastState;
import java.time.Instant;

/**
 * One series' detection as the streaming job and {@code prescale detect} run it: a range source
 * gives its expectation for the point, the combined detector scores the point against it, then the
 * range source learns the point. Allocation-free per point (the range is a reused {@link
 * MutableRange}); not thread-safe (one instance per thread).
 *
 * <p>Two range sources:
 *
 * <ul>
 *   <li><b>the calibrated forecaster</b> ({@link #UnivariateAnomalyStack(AnomalyConfig,
 *       ForecastRange)}): the series' {@link ForecastState} is the caller's, shared with
 *       forecasting, so that a key holds one forecaster: {@link #score(State, ForecastState,
 *       Instant, double)} reads the expectation from it and the caller then folds the value into it
 *       with {@link ForecastStack#update}. {@link #scoreAll} runs a forecast state of its own.
 *   <li><b>the stand-in</b> {@link EwmaQuantileRange}, kept in {@link State#range()}: {@link
 *       #score(State, Instant, double)}, for callers without a forecaster.
 * </ul>
 */
public final class UnivariateAnomalyStack {
    private final EwmaQuantileRange range;
    private final ForecastRange forecast;
    private final CombinedDetector detector;
    private final MutableRange expected = new MutableRange();

    /** A stack whose expectation is the stand-in range. */
    public UnivariateAnomalyStack(AnomalyConfig config) {
        this(config, null);
    }

    /**
     * A stack whose expectation is the calibrated forecaster's.
     *
     * @param forecast the forecaster's range, or null for the stand-in
     */
    public UnivariateAnomalyStack(AnomalyConfig config, ForecastRange forecast) {
        this.range = config.standInRange();
        this.forecast = forecast;
        this.detector = config.combined();
    }

    /** The two states of one series (the stand-in range's is not used with a forecaster). */
    public record State(EwmaQuantileRange.State range, CombinedDetector.State detector) {}

    public State newState() {
        return new State(range.newState(), detector.newState());
    }

    /** Scores the point in [0, 1] against the stand-in range, then learns it. */
    public double score(State state, Instant time, double value) {
        range.expected(state.range(), expected);
        double score = detector.score(state.detector(), time, value, expected);
        range.update(state.range(), time, value);
        return score;
    }

    /**
     * Scores the point in [0, 1] against {@code expected} (the range a forecaster gave for it
     * before seeing it), then learns it. The stand-in range in {@code state} is neither read nor
     * updated.
     */
    public double score(State state, Instant time, double value, ExpectedRange expected) {
        return detector.score(state.detector(), time, value, expected);
    }

    /**
     * Scores the point in [0, 1] against what the forecaster expects one step ahead in {@code
     * forecastState}, then learns it. The caller updates {@code forecastState} with the value
     * afterwards (it is the series' forecasting state).
     *
     * @throws IllegalStateException when this stack was built without a {@link ForecastRange}
     */
    public double score(State state, ForecastState forecastState, Instant time, double value) {
        if (forecast == null) {
            throw new IllegalStateException("this stack was built without a ForecastRange");
        }
        return score(state, time, value, forecast.expected(forecastState, expected));
    }

    /**
     * Scores a whole series in order with fresh states: against a forecast state of its own that
     * learns each value after it is scored, or against the stand-in range.
     */
    public double[] scoreAll(Instant[] times, double[] values) {
        State state = newState();
        double[] scores = new double[values.length];
        if (forecast == null) {
            for (int i = 0; i < values.length; i++) {
                scores[i] = score(state, times[i], values[i]);
            }
            return scores;
        }
        ForecastStack stack = forecast.stack();
        ForecastState forecastState = stack.newState();
        for (int i = 0; i < values.length; i++) {
            scores[i] = score(state, forecastState, times[i], values[i]);
            stack.update(forecastState, times[i].getEpochSecond(), values[i]);
        }
        return scores;
    }

    /** Encoded bytes of both states. */
    public int encodedSize(State state) {
        return range.encodedSize(state.range()) + detector.encodedSize(state.detector());
    }
}
