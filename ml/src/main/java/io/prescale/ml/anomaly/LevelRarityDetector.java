package io.prescale.ml.anomaly;

import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * Rarity of the level against the series' longer history: the {@link TailModel} applied to the
 * value {@code x} and to its short-term mean {@code x̄} (an EWMA over about {@code k} points), each
 * in the upper tail ({@code x}) and the lower tail ({@code −x}),
 *
 * <pre>
 *   x̄ ← x̄ + (x − x̄) / k
 *   p = min(1, 4 · min(p_upper(x), p_lower(−x), p̄_upper(x̄), p̄_lower(−x̄)))
 * </pre>
 *
 * (Bonferroni over the four tests). A value inside the range the series has recently visited is not
 * rare however much it differs from the last few points, which is what tells a recurring burst from
 * a level never seen before; the mean adds what a single point cannot show on a noisy series, a
 * level that has stayed high (or low) for about {@code k} points although each point lies within
 * the usual noise.
 *
 * <p>State: {@code [x̄]} and four sets of tail-model slots.
 */
public final class LevelRarityDetector implements AnomalyDetector<LevelRarityDetector.State> {
    static final byte VERSION = 2;

    /** The default {@code k}: an hour at 5-minute steps. */
    public static final int DEFAULT_SMOOTHING_POINTS = 12;

    private static final int TESTS = 4;

    private final TailModel tail;
    private final double weight;

    /** With {@link #DEFAULT_SMOOTHING_POINTS}. */
    public LevelRarityDetector(TailModel tail) {
        this(tail, DEFAULT_SMOOTHING_POINTS);
    }

    /**
     * @param tail the tail model of each test
     * @param smoothingPoints k, the span of the short-term mean in points, &ge; 1
     */
    public LevelRarityDetector(TailModel tail, int smoothingPoints) {
        if (smoothingPoints < 1) {
            throw new IllegalArgumentException(
                    "smoothingPoints must be >= 1, was " + smoothingPoints);
        }
        this.tail = tail;
        this.weight = 1.0 / smoothingPoints;
    }

    /**
     * Per-series state.
     *
     * @param upper tail slots of {@code x}
     * @param lower tail slots of {@code −x}
     * @param mean {@code [x̄, points seen]}
     * @param meanUpper tail slots of {@code x̄}
     * @param meanLower tail slots of {@code −x̄}
     */
    public record State(
            double[] upper, double[] lower, double[] mean, double[] meanUpper, double[] meanLower) {
        public byte[] encode() {
            return StateCodec.encode(VERSION, upper, lower, mean, meanUpper, meanLower);
        }

        public static State decode(byte[] bytes) {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            StateCodec.expectVersion(in, VERSION, "level rarity");
            return new State(
                    StateCodec.read(in, TailModel.SLOTS, "level rarity upper tail"),
                    StateCodec.read(in, TailModel.SLOTS, "level rarity lower tail"),
                    StateCodec.read(in, 2, "level rarity mean"),
                    StateCodec.read(in, TailModel.SLOTS, "level rarity mean upper tail"),
                    StateCodec.read(in, TailModel.SLOTS, "level rarity mean lower tail"));
        }
    }

    @Override
    public State newState() {
        return new State(
                new double[TailModel.SLOTS],
                new double[TailModel.SLOTS],
                new double[2],
                new double[TailModel.SLOTS],
                new double[TailModel.SLOTS]);
    }

    @Override
    public double tailProbability(State state, Instant time, double value, ExpectedRange expected) {
        double up = tail.probabilityThenLearn(state.upper, 0, value);
        double down = tail.probabilityThenLearn(state.lower, 0, -value);
        double[] m = state.mean;
        if (Double.isFinite(value)) {
            m[1] = Math.min(m[1] + 1, 1e15);
            double next = m[1] == 1 ? value : m[0] + (value - m[0]) * weight;
            m[0] = Double.isFinite(next) ? next : m[0];
        }
        double meanUp = tail.probabilityThenLearn(state.meanUpper, 0, m[0]);
        double meanDown = tail.probabilityThenLearn(state.meanLower, 0, -m[0]);
        double p = Math.min(Math.min(up, down), Math.min(meanUp, meanDown));
        return AnomalyScore.clamp(TESTS * p);
    }

    @Override
    public int encodedSize(State s) {
        return StateCodec.size(s.upper, s.lower, s.mean, s.meanUpper, s.meanLower);
    }
}
