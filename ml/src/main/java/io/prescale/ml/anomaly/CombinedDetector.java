package io.prescale.ml.anomaly;

import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * The per-series combiner: the forecast-residual, robust z-score and CUSUM detectors each give the
 * tail probability of their statistic under its own recent history ({@link TailModel}); the
 * combined tail probability is the Bonferroni bound on their minimum,
 *
 * <pre>
 *   p = min(1, 3 · min(p_residual, p_robust-z, p_cusum))
 * </pre>
 *
 * which is a valid tail probability whatever the dependence between the three (they all look at
 * the same series, so they are far from independent and Fisher's product would overstate the
 * evidence). Its score is {@link AnomalyScore#of(double)} of {@code p}.
 */
public final class CombinedDetector implements AnomalyDetector<CombinedDetector.State> {
    static final byte VERSION = 1;
    private static final int MEMBERS = 3;

    private final ForecastResidualDetector residual;
    private final RobustZScoreDetector robust;
    private final CusumDetector cusum;

    public CombinedDetector(
            ForecastResidualDetector residual, RobustZScoreDetector robust, CusumDetector cusum) {
        this.residual = residual;
        this.robust = robust;
        this.cusum = cusum;
    }

    /** The three members' states. */
    public record State(
            ForecastResidualDetector.State residual,
            RobustZScoreDetector.State robust,
            CusumDetector.State cusum) {
        /** Version byte, then each member's encoding (each with its own version byte). */
        public byte[] encode() {
            byte[] a = residual.encode();
            byte[] b = robust.encode();
            byte[] c = cusum.encode();
            ByteBuffer out = ByteBuffer.allocate(1 + 6 + a.length + b.length + c.length);
            out.put(VERSION);
            for (byte[] part : new byte[][] {a, b, c}) {
                out.putShort((short) part.length);
                out.put(part);
            }
            return out.array();
        }

        /** Reads what {@link #encode()} wrote, for a robust z-score window of {@code w}. */
        public static State decode(byte[] bytes, int w) {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            StateCodec.expectVersion(in, VERSION, "combined detector");
            return new State(
                    ForecastResidualDetector.State.decode(part(in)),
                    RobustZScoreDetector.State.decode(part(in), w),
                    CusumDetector.State.decode(part(in)));
        }

        private static byte[] part(ByteBuffer in) {
            if (in.remaining() < 2) {
                throw new IllegalArgumentException("combined detector state truncated");
            }
            int length = Short.toUnsignedInt(in.getShort());
            if (in.remaining() < length) {
                throw new IllegalArgumentException("combined detector state truncated");
            }
            byte[] part = new byte[length];
            in.get(part);
            return part;
        }
    }

    @Override
    public State newState() {
        return new State(residual.newState(), robust.newState(), cusum.newState());
    }

    @Override
    public double tailProbability(State s, Instant time, double value, ExpectedRange expected) {
        double a = residual.tailProbability(s.residual, time, value, expected);
        double b = robust.tailProbability(s.robust, time, value, expected);
        double c = cusum.tailProbability(s.cusum, time, value, expected);
        return AnomalyScore.clamp(MEMBERS * Math.min(a, Math.min(b, c)));
    }

    @Override
    public int encodedSize(State s) {
        return 1
                + 6
                + residual.encodedSize(s.residual)
                + robust.encodedSize(s.robust)
                + cusum.encodedSize(s.cusum);
    }
}
