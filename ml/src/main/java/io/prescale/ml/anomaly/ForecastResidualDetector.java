package io.prescale.ml.anomaly;

import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * Forecast-residual score against the calibrated interval a forecaster gave for the point ({@link
 * ExpectedRange}): the residual in units of the interval's half-width on its side,
 *
 * <pre>
 *   e = (x − median) / (upper − median)   if x ≥ median
 *   e = (median − x) / (median − lower)   otherwise
 * </pre>
 *
 * so {@code e = 1} on the interval's edge whatever the series' scale or skew (a zero half-width is
 * floored at {@code 1e−9 (1 + |median|)}). {@code ln(1 + e)} goes to the {@link TailModel}: an
 * exponential tail in {@code ln(1 + e)} is a Pareto tail in {@code e}, which fits ratios to a
 * half-width (heavy-tailed wherever the interval is narrow), and a degenerate interval early in a
 * series (e in the billions) cannot blow the tail's scale up. A point without a usable expectation
 * scores nothing (p = 1) and is not learnt.
 *
 * <p>State: the tail model's slots only.
 */
public final class ForecastResidualDetector
        implements AnomalyDetector<ForecastResidualDetector.State> {
    static final byte VERSION = 2;

    private final TailModel tail;

    public ForecastResidualDetector(TailModel tail) {
        this.tail = tail;
    }

    /** Per-series state: the tail model's slots. */
    public record State(double[] tail) {
        public byte[] encode() {
            return StateCodec.encode(VERSION, tail);
        }

        public static State decode(byte[] bytes) {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            StateCodec.expectVersion(in, VERSION, "forecast residual");
            return new State(StateCodec.read(in, TailModel.SLOTS, "forecast residual tail"));
        }
    }

    @Override
    public State newState() {
        return new State(new double[TailModel.SLOTS]);
    }

    @Override
    public double tailProbability(State state, Instant time, double value, ExpectedRange expected) {
        if (!expected.isUsable()) {
            return 1.0;
        }
        return tail.probabilityThenLearn(state.tail, 0, Math.log1p(exceedance(value, expected)));
    }

    /** The residual in half-widths of the interval on its side (see the class comment). */
    static double exceedance(double value, ExpectedRange r) {
        double m = r.median();
        double floor = 1e-9 * (1 + Math.abs(m));
        return value >= m
                ? (value - m) / Math.max(r.upper() - m, floor)
                : (m - value) / Math.max(m - r.lower(), floor);
    }

    @Override
    public int encodedSize(State s) {
        return StateCodec.size(s.tail);
    }
}
