package io.prescale.ml.anomaly;

import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * Forecast-residual score against the calibrated interval a forecaster gave for the point ({@link
 * ExpectedRange}): the residual in units of the interval's half-width on its side,
 *
 * <pre>
 *   e = (x − median) / max(upper − median, D / 4, 1e−9 (1 + |median|))   if x ≥ median
 *   e = (median − x) / max(median − lower, D / 4, 1e−9 (1 + |median|))   otherwise
 * </pre>
 *
 * so {@code e = 1} on the interval's edge whatever the series' scale or skew. {@code D} is a slow
 * running mean of {@code |x − median|} (memory {@code m} points), the typical miss: it floors the
 * half-width where the forecaster's interval collapses (a series idle at one value for hours, where
 * the calibrated quantiles meet the median), as {@link RobustZScoreDetector} floors its MAD. {@code
 * ln(1 + e)} goes to the {@link TailModel}: an exponential tail in {@code ln(1 + e)} is a Pareto
 * tail in {@code e}, which fits ratios to a half-width (heavy-tailed wherever the interval is
 * narrow). A point without a usable expectation scores nothing (p = 1) and is not learnt.
 *
 * <p>The tail model's {@code β} is at least {@value #TAIL_FLOOR} (about 0.1–0.2 on a noisy series),
 * where it shrank to 10⁻¹⁰ on a series idle at one value. That alone does not make a small change
 * after days idle unsurprising here: {@code D} has all but vanished too (10⁻³² after 3,000 zeros),
 * so the change is 10⁸ half-widths. The combination leaves that to {@link LevelRarityDetector},
 * which knows how far the series has ranged. Flooring the half-width at a share of that spread as
 * well cost the NAB score 2 to 4 points, even at a thousandth of it: on the bursty series that sit
 * at 0 it turned the residual from silent on every burst into moderately surprised by each.
 *
 * <p>State: the tail model's slots and {@code [D, points in D (capped at m)]}, as floats.
 */
public final class ForecastResidualDetector
        implements AnomalyDetector<ForecastResidualDetector.State> {
    static final byte VERSION = 3;

    /** The least {@code β} of {@code ln(1 + e)}'s tail. */
    static final double TAIL_FLOOR = 0.02;

    private static final int DEV = 0;
    private static final int SEEN = 1;

    private final TailModel tail;

    public ForecastResidualDetector(TailModel tail) {
        this.tail = tail;
    }

    /**
     * Per-series state.
     *
     * @param tail the tail model's slots
     * @param deviation {@code [D, points in D]}
     */
    public record State(float[] tail, float[] deviation) {
        public byte[] encode() {
            return StateCodec.encodeFloats(VERSION, tail, deviation);
        }

        public static State decode(byte[] bytes) {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            StateCodec.expectVersion(in, VERSION, "forecast residual");
            return new State(
                    StateCodec.readFloats(in, TailModel.SLOTS, "forecast residual tail"),
                    StateCodec.readFloats(in, 2, "forecast residual deviation"));
        }
    }

    @Override
    public State newState() {
        return new State(new float[TailModel.SLOTS], new float[2]);
    }

    @Override
    public double tailProbability(State state, Instant time, double value, ExpectedRange expected) {
        if (!expected.isUsable()) {
            return 1.0;
        }
        float[] d = state.deviation;
        double e = exceedance(value, expected, d[SEEN] > 0 ? d[DEV] / 4 : 0);
        double p = tail.probabilityThenLearn(state.tail, 0, Math.log1p(e), TAIL_FLOOR);
        double miss = Math.abs(value - expected.median());
        if (Double.isFinite(miss)) {
            d[SEEN] = Math.min(d[SEEN] + 1, tail.memory());
            d[DEV] = StateCodec.toFloat(Winsorised.meanAbs(d[DEV], miss, d[SEEN]));
        }
        return p;
    }

    /** The residual in half-widths of the interval on its side, each floored at {@code floor}. */
    static double exceedance(double value, ExpectedRange r, double floor) {
        double m = r.median();
        double least = Math.max(floor, 1e-9 * (1 + Math.abs(m)));
        return value >= m
                ? (value - m) / Math.max(r.upper() - m, least)
                : (m - value) / Math.max(m - r.lower(), least);
    }

    @Override
    public int encodedSize(State s) {
        return 1 + StateCodec.sizeFloats(s.tail, s.deviation);
    }
}
