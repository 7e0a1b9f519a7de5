package io.prescale.ml.anomaly;

import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * <b>Stand-in</b> range source for {@link ForecastResidualDetector} until the calibrated
 * forecasters are plugged in through an adapter: an EWMA level {@code L} plus the tracked quantiles
 * of the one-step residual {@code r = x − L} at the levels {@code ℓ_lo}, 0.5 and {@code ℓ_hi}:
 *
 * <pre>
 *   L ← L + α (x − L)
 *   q_ℓ ← q_ℓ + γ_ℓ (1[r > q_ℓ] − (1 − ℓ)),   γ_ℓ = s / (τ_ℓ · min(max(n, 1/τ_ℓ), m)),  τ_ℓ = min(ℓ, 1 − ℓ)
 *   s ← s + (|r| − s) / min(n, m)                (residual scale for the step size)
 * </pre>
 *
 * The expected range for the next point is {@code (L + q_lo, L + q_0.5, L + q_hi)}, usable after
 * {@code 1 / τ_lo} points.
 *
 * <p>State: {@code [n, L, s, q_lo, q_0.5, q_hi]}.
 */
public final class EwmaQuantileRange {
    static final byte VERSION = 1;
    private static final int N = 0;
    private static final int LEVEL = 1;
    private static final int SCALE = 2;
    private static final int LOW = 3;
    private static final int MID = 4;
    private static final int HIGH = 5;
    private static final int SLOTS = 6;

    private final double alpha;
    private final double lowLevel;
    private final double highLevel;
    private final int memory;

    /**
     * @param alpha EWMA weight of the newest point, in (0, 1]
     * @param lowLevel level of the lower quantile, in (0, 0.5)
     * @param highLevel level of the upper quantile, in (0.5, 1)
     * @param memory memory m of the quantile estimates, in points
     */
    public EwmaQuantileRange(double alpha, double lowLevel, double highLevel, int memory) {
        if (!(alpha > 0 && alpha <= 1)
                || !(lowLevel > 0 && lowLevel < 0.5)
                || !(highLevel > 0.5 && highLevel < 1)
                || memory < 1) {
            throw new IllegalArgumentException(
                    "need alpha in (0, 1], levels in (0, 0.5) and (0.5, 1), memory >= 1");
        }
        this.alpha = alpha;
        this.lowLevel = lowLevel;
        this.highLevel = highLevel;
        this.memory = memory;
    }

    /** Per-series state {@code [n, L, s, q_lo, q_0.5, q_hi]}. */
    public record State(double[] v) {
        public byte[] encode() {
            return StateCodec.encode(VERSION, v);
        }

        public static State decode(byte[] bytes) {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            StateCodec.expectVersion(in, VERSION, "EWMA range");
            return new State(StateCodec.read(in, SLOTS, "EWMA range"));
        }
    }

    public State newState() {
        return new State(new double[SLOTS]);
    }

    /** Writes the range expected for the next point into {@code out} (cleared while cold). */
    public MutableRange expected(State state, MutableRange out) {
        double[] v = state.v;
        if (v[N] < 1 / Math.min(lowLevel, 1 - highLevel)) {
            return out.clear();
        }
        return out.set(
                v[LEVEL] + v[MID], v[LEVEL] + v[LOW], v[LEVEL] + v[HIGH], lowLevel, highLevel);
    }

    /** Learns the point observed at {@code time}. */
    public void update(State state, Instant time, double value) {
        double[] v = state.v;
        if (!Double.isFinite(value)) {
            return;
        }
        double n = Math.min(v[N] + 1, 1e15);
        v[N] = n;
        if (n == 1) {
            v[LEVEL] = value;
            return;
        }
        double r = value - v[LEVEL];
        if (!Double.isFinite(r)) {
            return;
        }
        v[SCALE] += (Math.abs(r) - v[SCALE]) / Math.min(n - 1, memory);
        double s = Math.max(v[SCALE], 1e-9 * (1 + Math.abs(v[LEVEL])));
        v[LOW] = track(v[LOW], r, lowLevel, s, n);
        v[MID] = track(v[MID], r, 0.5, s, n);
        v[HIGH] = track(v[HIGH], r, highLevel, s, n);
        v[LEVEL] += alpha * r;
        v[LOW] = Math.min(v[LOW], v[MID]);
        v[HIGH] = Math.max(v[HIGH], v[MID]);
    }

    private double track(double q, double r, double level, double scale, double n) {
        double tau = Math.min(level, 1 - level);
        double step = scale / (tau * Math.min(Math.max(n, 1 / tau), memory));
        double next = q + step * ((r > q ? 1 : 0) - (1 - level));
        return Double.isFinite(next) ? next : q;
    }

    public int encodedSize(State s) {
        return StateCodec.size(s.v);
    }
}
