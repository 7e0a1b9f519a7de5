package io.prescale.ml.anomaly;

import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * The per-series combiner. Each member gives the tail probability of its own statistic under that
 * statistic's recent history ({@link TailModel}); they are combined in three documented steps:
 *
 * <ol>
 *   <li><b>Surprise now</b>: the Bonferroni bound on the smallest of the forecast-residual, robust
 *       z-score and CUSUM probabilities, {@code p_now = min(1, 3 · min(p_res, p_z, p_cusum))},
 *       valid whatever their dependence (they all look at one series, so Fisher's product would
 *       overstate the evidence).
 *   <li><b>Rare in history</b>: {@code p = max(p_now, p_level)} with {@code p_level} from {@link
 *       LevelRarityDetector}, an intersection–union test: a point is anomalous only if it is both
 *       unexpected now and of a level the series has rarely visited. A daily spike or a recurring
 *       burst surprises the short-term detectors every time but is not rare in history.
 *   <li><b>Onset</b>: an anomalous event is reported once, at its onset. With {@code S =} {@link
 *       AnomalyScore#of}{@code (p)} and {@code M} the running maximum of recent scores, decaying by
 *       {@code 1/r} per point, the point reports {@code p} when {@code S > M} and 1 otherwise; then
 *       {@code M ← max(S, M − 1/r)}. Later points of the same event report only when they are more
 *       surprising than what was already reported.
 * </ol>
 */
public final class CombinedDetector implements AnomalyDetector<CombinedDetector.State> {
    static final byte VERSION = 1;
    private static final int MEMBERS = 3;

    private final ForecastResidualDetector residual;
    private final RobustZScoreDetector robust;
    private final CusumDetector cusum;
    private final LevelRarityDetector level;
    private final double onsetDecay;

    /**
     * @param onsetPoints {@code r}: points over which the onset memory {@code M} decays from 1 to 0
     */
    public CombinedDetector(
            ForecastResidualDetector residual,
            RobustZScoreDetector robust,
            CusumDetector cusum,
            LevelRarityDetector level,
            int onsetPoints) {
        if (onsetPoints < 1) {
            throw new IllegalArgumentException("onsetPoints must be >= 1, was " + onsetPoints);
        }
        this.residual = residual;
        this.robust = robust;
        this.cusum = cusum;
        this.level = level;
        this.onsetDecay = 1.0 / onsetPoints;
    }

    /**
     * The members' states and the onset memory.
     *
     * @param onset {@code [M]}
     */
    public record State(
            ForecastResidualDetector.State residual,
            RobustZScoreDetector.State robust,
            CusumDetector.State cusum,
            LevelRarityDetector.State level,
            double[] onset) {
        /** Version byte, the onset memory, then each member's encoding with its length. */
        public byte[] encode() {
            byte[][] parts = {residual.encode(), robust.encode(), cusum.encode(), level.encode()};
            int size = StateCodec.size(onset);
            for (byte[] p : parts) {
                size += 2 + p.length;
            }
            ByteBuffer out = ByteBuffer.allocate(size);
            StateCodec.write(out, VERSION, onset);
            for (byte[] p : parts) {
                out.putShort((short) p.length);
                out.put(p);
            }
            return out.array();
        }

        /** Reads what {@link #encode()} wrote, for a robust z-score window of {@code w}. */
        public static State decode(byte[] bytes, int w) {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            StateCodec.expectVersion(in, VERSION, "combined detector");
            double[] onset = StateCodec.read(in, 1, "combined detector onset");
            return new State(
                    ForecastResidualDetector.State.decode(part(in)),
                    RobustZScoreDetector.State.decode(part(in), w),
                    CusumDetector.State.decode(part(in)),
                    LevelRarityDetector.State.decode(part(in)),
                    onset);
        }

        private static byte[] part(ByteBuffer in) {
            int length = in.remaining() >= 2 ? Short.toUnsignedInt(in.getShort()) : -1;
            if (length < 0 || in.remaining() < length) {
                throw new IllegalArgumentException("combined detector state truncated");
            }
            byte[] part = new byte[length];
            in.get(part);
            return part;
        }
    }

    @Override
    public State newState() {
        return new State(
                residual.newState(),
                robust.newState(),
                cusum.newState(),
                level.newState(),
                new double[1]);
    }

    @Override
    public double tailProbability(State s, Instant time, double value, ExpectedRange expected) {
        double a = residual.tailProbability(s.residual, time, value, expected);
        double b = robust.tailProbability(s.robust, time, value, expected);
        double c = cusum.tailProbability(s.cusum, time, value, expected);
        double rare = level.tailProbability(s.level, time, value, expected);
        double p = Math.max(AnomalyScore.clamp(MEMBERS * Math.min(a, Math.min(b, c))), rare);
        double score = AnomalyScore.of(p);
        double recent = s.onset[0];
        s.onset[0] = Math.max(score, recent - onsetDecay);
        return score > recent ? p : 1.0;
    }

    @Override
    public int encodedSize(State s) {
        return StateCodec.size(s.onset)
                + 8
                + residual.encodedSize(s.residual)
                + robust.encodedSize(s.robust)
                + cusum.encodedSize(s.cusum)
                + level.encodedSize(s.level);
    }
}
