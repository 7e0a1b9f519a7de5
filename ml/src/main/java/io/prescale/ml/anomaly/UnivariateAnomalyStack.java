package io.prescale.ml.anomaly;

import java.time.Instant;

/**
 * One series' detection as the streaming job and {@code prescale detect} run it: the range source
 * gives its expectation for the point, the combined detector scores the point against it, then the
 * range source learns the point. Allocation-free per point (the range is a reused {@link
 * MutableRange}); not thread-safe (one instance per thread).
 */
public final class UnivariateAnomalyStack {
    private final EwmaQuantileRange range;
    private final CombinedDetector detector;
    private final MutableRange expected = new MutableRange();

    public UnivariateAnomalyStack(AnomalyConfig config) {
        this.range = config.standInRange();
        this.detector = config.combined();
    }

    /** The two states of one series. */
    public record State(EwmaQuantileRange.State range, CombinedDetector.State detector) {}

    public State newState() {
        return new State(range.newState(), detector.newState());
    }

    /** Scores the point in [0, 1], then learns it. */
    public double score(State state, Instant time, double value) {
        range.expected(state.range(), expected);
        double score = detector.score(state.detector(), time, value, expected);
        range.update(state.range(), time, value);
        return score;
    }

    /**
     * Scores the point in [0, 1] against {@code expected} (the range a forecaster gave for it
     * before seeing it, e.g. {@link ForecastRange} over the series' forecast state), then learns
     * it. The stand-in range in {@code state} is neither read nor updated.
     */
    public double score(State state, Instant time, double value, ExpectedRange expected) {
        return detector.score(state.detector(), time, value, expected);
    }

    /** Scores a whole series in order with a fresh state. */
    public double[] scoreAll(Instant[] times, double[] values) {
        State state = newState();
        double[] scores = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            scores[i] = score(state, times[i], values[i]);
        }
        return scores;
    }

    /** Encoded bytes of both states. */
    public int encodedSize(State state) {
        return range.encodedSize(state.range()) + detector.encodedSize(state.detector());
    }
}
