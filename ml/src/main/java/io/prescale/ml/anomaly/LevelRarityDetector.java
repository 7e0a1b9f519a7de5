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
 *   p = min(1, 4 · min(p_upper(x), p_lower(−x), p̄_upper(x̄) if x ≥ x̄, p̄_lower(−x̄) if x ≤ x̄))
 * </pre>
 *
 * (Bonferroni over the four tests). A value inside the range the series has recently visited is not
 * rare however much it differs from the last few points, which is what tells a recurring burst from
 * a level never seen before; the mean adds what a single point cannot show on a noisy series, a
 * level that has stayed high (or low) for about {@code k} points although each point lies within
 * the usual noise. The mean's rarity counts for a point only on the point's side of the mean: a
 * point below a rarely high mean pulls it back towards the usual level, which is evidence that the
 * level is returning, not that the point is rare (without the sides, a series back at its usual 0
 * after a burst was "rare" at every point for the hour the mean took to come down). A level that
 * has risen stays on its side of the mean while the mean catches up, which is when it is rare.
 *
 * <p><b>Floor.</b> On a series idle at one value for days each tail model's {@code β} shrinks to
 * nothing ({@link TailModel}), and a change of 0.5 % CPU was as rare as one of 50 %: alerts on
 * every small wobble. Given the series' spread {@code W} (how widely it has ranged over days, from
 * the {@link SeasonalEnvelope}, see {@link CombinedDetector}), each {@code β} is at least {@value
 * #BETA_SHARE} W: a value as far beyond the usual level as the series has ranged is at most about
 * {@code e^−14} τ rare (a score of 0.73 with the factor 4), however long the series was idle, and
 * one ten times as far is at the cap. With the floor at 0.05 to 0.07 of W the standard NAB score
 * rose by 1.3 to 1.5 points (over no floor); at 0.08 and above it fell again.
 *
 * <p>State: {@code [x̄, points seen]} and four sets of tail-model slots, as floats.
 */
public final class LevelRarityDetector implements AnomalyDetector<LevelRarityDetector.State> {
    static final byte VERSION = 3;

    /** The default {@code k}: an hour at 5-minute steps. */
    public static final int DEFAULT_SMOOTHING_POINTS = 12;

    private static final int TESTS = 4;

    /** Each tail's least {@code β} as a share of the series' spread. */
    static final double BETA_SHARE = 0.07;

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
            float[] upper, float[] lower, float[] mean, float[] meanUpper, float[] meanLower) {
        public byte[] encode() {
            return StateCodec.encodeFloats(VERSION, upper, lower, mean, meanUpper, meanLower);
        }

        public static State decode(byte[] bytes) {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            StateCodec.expectVersion(in, VERSION, "level rarity");
            return new State(
                    StateCodec.readFloats(in, TailModel.SLOTS, "level rarity upper tail"),
                    StateCodec.readFloats(in, TailModel.SLOTS, "level rarity lower tail"),
                    StateCodec.readFloats(in, 2, "level rarity mean"),
                    StateCodec.readFloats(in, TailModel.SLOTS, "level rarity mean upper tail"),
                    StateCodec.readFloats(in, TailModel.SLOTS, "level rarity mean lower tail"));
        }
    }

    @Override
    public State newState() {
        return new State(
                new float[TailModel.SLOTS],
                new float[TailModel.SLOTS],
                new float[2],
                new float[TailModel.SLOTS],
                new float[TailModel.SLOTS]);
    }

    @Override
    public double tailProbability(State state, Instant time, double value, ExpectedRange expected) {
        return tailProbability(state, value, 0);
    }

    /** As the interface method, with each {@code β} floored at a share of {@code spread}. */
    double tailProbability(State state, double value, double spread) {
        double floor = BETA_SHARE * spread;
        double up = tail.probabilityThenLearn(state.upper, 0, value, floor);
        double down = tail.probabilityThenLearn(state.lower, 0, -value, floor);
        float[] m = state.mean;
        if (Double.isFinite(value)) {
            m[1] = (float) Math.min(m[1] + 1, StateCodec.COUNT_CAP);
            m[0] = StateCodec.finiteOr(m[1] == 1 ? value : m[0] + (value - m[0]) * weight, m[0]);
        }
        double meanUp = tail.probabilityThenLearn(state.meanUpper, 0, m[0], floor);
        double meanDown = tail.probabilityThenLearn(state.meanLower, 0, -m[0], floor);
        float x = StateCodec.toFloat(value); // as the mean holds it: x = x̄ on a flat series
        if (!(x >= m[0])) {
            meanUp = 1.0;
        }
        if (!(x <= m[0])) {
            meanDown = 1.0;
        }
        double p = Math.min(Math.min(up, down), Math.min(meanUp, meanDown));
        return Math.min(1.0, TESTS * p);
    }

    @Override
    public int encodedSize(State s) {
        return 1 + StateCodec.sizeFloats(s.upper, s.lower, s.mean, s.meanUpper, s.meanLower);
    }
}
