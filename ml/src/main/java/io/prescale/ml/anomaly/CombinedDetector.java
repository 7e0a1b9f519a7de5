package io.prescale.ml.anomaly;

import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * The per-series combiner. Each member gives the tail probability of its own statistic under that
 * statistic's recent history ({@link TailModel}); they are combined in four documented steps:
 *
 * <ol>
 *   <li><b>Surprise now</b>: the Bonferroni bound on the smaller of the forecast-residual and CUSUM
 *       probabilities, {@code p_now = min(1, 2 · min(p_res, p_cusum))}, valid whatever their
 *       dependence (both look at one series, so Fisher's product would overstate the evidence).
 *   <li><b>Rare in history</b>: {@code p = max(p_now, p_level)} with {@code p_level} from {@link
 *       LevelRarityDetector}, an intersection–union test: a point is anomalous only if it is both
 *       unexpected now and of a level (or a short-term mean) the series has rarely visited. A
 *       recurring burst surprises the short-term detectors every time but is not rare in history.
 *   <li><b>Expected at this hour</b>: {@code p = 1} when the {@link SeasonalEnvelope} holds the
 *       value for its hour of day: a daily spike is rare in the series' overall history but not at
 *       its hour.
 *   <li><b>Onset</b>: an anomalous event is reported once, at its onset. With {@code S =} {@link
 *       AnomalyScore#of}{@code (p)}, {@code M} the running maximum of recent scores, decaying by
 *       {@code 1/r} per point, and {@code c} the points since a score at the cap ({@code S = 1}),
 *       the point reports {@code p} when {@code S > M} and {@code c ≥ r}, and 1 otherwise; then
 *       {@code M ← max(S, M − 1/r)} and {@code c ← 0} if {@code S = 1}, else {@code min(c + 1, r)}.
 *       Later points of the same event report only when they are more surprising than what was
 *       already reported, decayed by its age. A score at the cap says only that {@code p ≤} {@link
 *       AnomalyScore#MIN_PROBABILITY}: two of them cannot be ordered, so a later one is not "more
 *       surprising", and a score below the cap is less surprising than either; hence nothing is
 *       reported for {@code r} points after a score at the cap, and a capped event (a series of new
 *       extremes, however intermittent) is reported at its onset and then only after {@code r}
 *       points without a score at the cap. Without {@code c}, one lower point let {@code M} decay
 *       by {@code 1/r} and the next capped point was reported again, every other point for hours.
 *       With {@code r} a day of points, a capped event is reported at most once a day.
 * </ol>
 *
 * <p><b>The spread.</b> The members' running scales forget over {@code m} points, so a series idle
 * at one value for days left them all but 0 and the next small change scored 1 on every member.
 * {@link LevelRarityDetector} floors its scales at a share of the series' spread {@code W =
 * max(}{@link SeasonalEnvelope#width}{@code , }{@value #LEVEL_SHARE}{@code |c|)}: how widely the
 * series has ranged over the envelope's days, or a twentieth of its centre {@code c} for a series
 * that has not moved for that long (a series at 37 % is not expected to stay at 37.000 %). That is
 * enough for the combination, a point being anomalous only if its level is rare too. A series at 0
 * since it started has no spread: its first change is the first thing known of its scale and may
 * score 1, and as the envelope lets a bound move by at most ten times the series' scale, the spread
 * learns the size of its changes within about four of them. (The spread is computed afresh per
 * point from the envelope's 48 bounds: no state of its own.)
 *
 * <p>The members' probabilities are not floored; {@code p} is floored at {@link
 * AnomalyScore#MIN_PROBABILITY} (a score of 1) only after the factors of steps 1 and 2, so a clear
 * anomaly scores 1 rather than at most {@code −log10(4 · 10^−10) / 10 ≈ 0.94}.
 *
 * <p>State version 4 keeps {@code [M, c]}; a version-3 state (onset {@code [M]}) still decodes,
 * with {@code c} "a score at the cap just now" if {@code M = 1} and "none in r points" otherwise.
 *
 * <p>The robust z-score ({@link RobustZScoreDetector}) is not a member: it looks at what the
 * forecast residual already sees (a point against a local baseline), and its window is most of the
 * state and cost budget, which the seasonal envelope needs.
 */
public final class CombinedDetector implements AnomalyDetector<CombinedDetector.State> {
    static final byte VERSION = 4;

    /** The version before the points since a score at the cap were kept. */
    static final byte MEMORY_ONLY_VERSION = 3;

    private static final int MEMBERS = 2;
    private static final int MEMORY = 0;
    private static final int SINCE_CAP = 1;

    /** The spread's floor as a share of the series' centre. */
    static final double LEVEL_SHARE = 0.05;

    private final ForecastResidualDetector residual;
    private final CusumDetector cusum;
    private final LevelRarityDetector level;
    private final SeasonalEnvelope envelope;
    private final int onsetPoints;
    private final double onsetDecay;

    /**
     * @param onsetPoints {@code r}: points over which the onset memory {@code M} decays from 1 to
     *     0, and after a score at the cap during which nothing is reported
     */
    public CombinedDetector(
            ForecastResidualDetector residual,
            CusumDetector cusum,
            LevelRarityDetector level,
            SeasonalEnvelope envelope,
            int onsetPoints) {
        if (onsetPoints < 1) {
            throw new IllegalArgumentException("onsetPoints must be >= 1, was " + onsetPoints);
        }
        this.residual = residual;
        this.cusum = cusum;
        this.level = level;
        this.envelope = envelope;
        this.onsetPoints = onsetPoints;
        this.onsetDecay = 1.0 / onsetPoints;
    }

    /**
     * The members' states and the onset memory.
     *
     * @param onset {@code [M, c]}: the onset memory and the points since a score at the cap
     */
    public record State(
            ForecastResidualDetector.State residual,
            CusumDetector.State cusum,
            LevelRarityDetector.State level,
            SeasonalEnvelope.State envelope,
            float[] onset) {
        /** Version byte, the onset memory, then each member's encoding with its length. */
        public byte[] encode() {
            byte[][] parts = {residual.encode(), cusum.encode(), level.encode(), envelope.encode()};
            int size = 1 + StateCodec.sizeFloats(onset);
            for (byte[] p : parts) {
                size += 2 + p.length;
            }
            ByteBuffer out = ByteBuffer.allocate(size);
            out.put(VERSION);
            StateCodec.writeFloats(out, onset);
            for (byte[] p : parts) {
                out.putShort((short) p.length);
                out.put(p);
            }
            return out.array();
        }

        /** Reads what {@link #encode()} wrote, or a version-3 state (see the class comment). */
        public static State decode(byte[] bytes) {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            boolean memoryOnly = bytes.length > 0 && bytes[0] == MEMORY_ONLY_VERSION;
            StateCodec.expectVersion(
                    in, memoryOnly ? MEMORY_ONLY_VERSION : VERSION, "combined detector");
            float[] onset;
            if (memoryOnly) {
                float m = StateCodec.readFloats(in, 1, "combined detector onset")[0];
                onset = new float[] {m, m >= 1 ? 0 : (float) StateCodec.COUNT_CAP};
            } else {
                onset = StateCodec.readFloats(in, 2, "combined detector onset");
            }
            State s =
                    new State(
                            ForecastResidualDetector.State.decode(part(in)),
                            CusumDetector.State.decode(part(in)),
                            LevelRarityDetector.State.decode(part(in)),
                            SeasonalEnvelope.State.decode(part(in)),
                            onset);
            if (in.hasRemaining()) {
                throw new IllegalArgumentException(
                        "combined detector state: " + in.remaining() + " bytes past its end");
            }
            return s;
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
                cusum.newState(),
                level.newState(),
                envelope.newState(),
                new float[] {0, onsetPoints});
    }

    @Override
    public double tailProbability(State s, Instant time, double value, ExpectedRange expected) {
        double spread =
                Math.max(
                        envelope.width(s.envelope),
                        LEVEL_SHARE * Math.abs(envelope.centre(s.envelope)));
        double a = residual.tailProbability(s.residual, time, value, expected);
        double c = cusum.tailProbability(s.cusum, time, value, expected);
        double rare = level.tailProbability(s.level, value, spread);
        double p = AnomalyScore.clamp(Math.max(MEMBERS * Math.min(a, c), rare));
        if (envelope.contains(s.envelope, time, value)) {
            p = 1.0;
        }
        envelope.learn(s.envelope, time, value);
        double score = AnomalyScore.of(p);
        float[] o = s.onset;
        boolean report = score > o[MEMORY] && o[SINCE_CAP] >= onsetPoints;
        o[MEMORY] = (float) Math.max(score, o[MEMORY] - onsetDecay);
        o[SINCE_CAP] = score >= 1 ? 0 : Math.min(o[SINCE_CAP] + 1, onsetPoints);
        return report ? p : 1.0;
    }

    @Override
    public int encodedSize(State s) {
        return 1
                + StateCodec.sizeFloats(s.onset)
                + 8
                + residual.encodedSize(s.residual)
                + cusum.encodedSize(s.cusum)
                + level.encodedSize(s.level)
                + envelope.encodedSize(s.envelope);
    }
}
