package io.prescale.ml.anomaly;

import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * Two-sided CUSUM (Page 1954) for level shifts, on values standardised by a slow running level
 * {@code μ} and scale {@code σ = 1.2533 · mean |x − μ|} (the Gaussian ratio σ / E|x − μ|), both
 * with memory {@code m} points:
 *
 * <pre>
 *   z = (x − μ) / σ,   S⁺ ← max(0, S⁺ + z − k),   S⁻ ← max(0, S⁻ − z − k)
 * </pre>
 *
 * with reference {@code k} (half the shift to detect, in σ). {@code max(S⁺, S⁻)} goes to the {@link
 * TailModel}. <b>Reset rule:</b> when a side exceeds the decision interval {@code h}, the shift is
 * taken as real: the level jumps to the CUSUM estimate of the new mean, {@code μ ← μ ± σ (k + S /
 * N)} ({@code N} = points since that side was last 0), and both sides restart from 0, so one shift
 * raises one alarm and the detector then watches the new level. The first {@code m / 10} points
 * only learn {@code μ} and {@code σ}.
 *
 * <p>The tail model's {@code β} is at least {@value #TAIL_FLOOR}: {@code max(S⁺, S⁻)} is 0 at most
 * points, so its β started at 10⁻¹² on every series and could grow only tenfold per exceedance,
 * some 10⁻⁷ at the end of the warm-up (on a noisy series it settles near 0.6).
 *
 * <p>State: {@code [n, μ, mean |x − μ|, S⁺, S⁻, N⁺, N⁻]} and the tail model's slots, as floats; an
 * update whose level or scale would leave the float range keeps the old ones.
 */
public final class CusumDetector implements AnomalyDetector<CusumDetector.State> {
    static final byte VERSION = 2;
    private static final int N = 0;
    private static final int MU = 1;
    private static final int DEV = 2;
    private static final int UP = 3;
    private static final int DOWN = 4;
    private static final int RUN_UP = 5;
    private static final int RUN_DOWN = 6;
    private static final int SLOTS = 7;
    private static final double DEV_TO_SIGMA = 1.2533;

    /** The least {@code β} of {@code max(S⁺, S⁻)}'s tail, in units of σ. */
    static final double TAIL_FLOOR = 0.1;

    private final double k;
    private final double h;
    private final int memory;
    private final TailModel tail;

    /**
     * @param k reference value in σ, > 0 (0.5 detects shifts of about 1 σ)
     * @param h decision interval in σ, > k, after which the level is re-estimated
     * @param memory memory m of the level and scale, in points, >= 10
     * @param tail the tail model of {@code max(S⁺, S⁻)}
     */
    public CusumDetector(double k, double h, int memory, TailModel tail) {
        if (!(k > 0) || !(h > k) || memory < 10) {
            throw new IllegalArgumentException(
                    "need k > 0, h > k and memory >= 10; were " + k + ", " + h + ", " + memory);
        }
        this.k = k;
        this.h = h;
        this.memory = memory;
        this.tail = tail;
    }

    /** Per-series state: {@code [n, μ, mean |x − μ|, S⁺, S⁻, N⁺, N⁻]} and the tail slots. */
    public record State(float[] cusum, float[] tail) {
        public byte[] encode() {
            return StateCodec.encodeFloats(VERSION, cusum, tail);
        }

        public static State decode(byte[] bytes) {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            StateCodec.expectVersion(in, VERSION, "CUSUM");
            return new State(
                    StateCodec.readFloats(in, SLOTS, "CUSUM statistics"),
                    StateCodec.readFloats(in, TailModel.SLOTS, "CUSUM tail"));
        }
    }

    @Override
    public State newState() {
        return new State(new float[SLOTS], new float[TailModel.SLOTS]);
    }

    @Override
    public double tailProbability(State state, Instant time, double raw, ExpectedRange expected) {
        // in single precision, as the level: a value repeated exactly is exactly the level
        double value = Double.isFinite(raw) ? StateCodec.toFloat(raw) : raw;
        float[] c = state.cusum;
        double n = Math.min(c[N] + 1, memory);
        c[N] = (float) n;
        if (n == 1) {
            c[MU] = StateCodec.toFloat(value);
            return 1.0;
        }
        double sigma = Math.max(DEV_TO_SIGMA * c[DEV], 1e-9 * (1 + Math.abs(c[MU])));
        double z = (value - c[MU]) / sigma;
        double p = 1.0;
        if (n > memory / 10.0 && Double.isFinite(z)) {
            accumulate(c, z);
            p = tail.probabilityThenLearn(state.tail, 0, Math.max(c[UP], c[DOWN]), TAIL_FLOOR);
            resetOnAlarm(c, sigma);
        }
        double mu = c[MU] + Winsorised.difference(value, c[MU], c[DEV]) / n;
        double dev = Winsorised.meanAbs(c[DEV], Math.abs(value - c[MU]), n);
        if (Float.isFinite((float) mu) && Float.isFinite((float) dev)) {
            c[MU] = (float) mu;
            c[DEV] = (float) dev;
        }
        return p;
    }

    private void accumulate(float[] c, double z) {
        c[UP] = StateCodec.toFloat(Math.max(0, c[UP] + z - k));
        c[DOWN] = StateCodec.toFloat(Math.max(0, c[DOWN] - z - k));
        c[RUN_UP] = c[UP] > 0 ? c[RUN_UP] + 1 : 0;
        c[RUN_DOWN] = c[DOWN] > 0 ? c[RUN_DOWN] + 1 : 0;
    }

    private void resetOnAlarm(float[] c, double sigma) {
        if (c[UP] > h) {
            c[MU] = StateCodec.toFloat(c[MU] + sigma * (k + c[UP] / Math.max(1, c[RUN_UP])));
        } else if (c[DOWN] > h) {
            c[MU] = StateCodec.toFloat(c[MU] - sigma * (k + c[DOWN] / Math.max(1, c[RUN_DOWN])));
        } else {
            return;
        }
        c[UP] = 0;
        c[DOWN] = 0;
        c[RUN_UP] = 0;
        c[RUN_DOWN] = 0;
    }

    @Override
    public int encodedSize(State s) {
        return 1 + StateCodec.sizeFloats(s.cusum, s.tail);
    }
}
