package io.prescale.ml.anomaly;

import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * Rarity of the level itself against the series' longer history: the {@link TailModel} applied to
 * {@code x} (upper tail) and to {@code −x} (lower tail),
 *
 * <pre>
 *   p = min(1, 2 · min(p_upper(x), p_lower(−x)))
 * </pre>
 *
 * (Bonferroni over the two tails). A value inside the range the series has recently visited is not
 * rare however much it differs from the last few points, which is what tells a recurring burst or a
 * daily spike from a level never seen before.
 *
 * <p>State: two sets of tail-model slots.
 */
public final class LevelRarityDetector implements AnomalyDetector<LevelRarityDetector.State> {
    static final byte VERSION = 1;

    private final TailModel tail;

    public LevelRarityDetector(TailModel tail) {
        this.tail = tail;
    }

    /** Per-series state: the upper and lower tail models' slots. */
    public record State(double[] upper, double[] lower) {
        public byte[] encode() {
            return StateCodec.encode(VERSION, upper, lower);
        }

        public static State decode(byte[] bytes) {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            StateCodec.expectVersion(in, VERSION, "level rarity");
            return new State(
                    StateCodec.read(in, TailModel.SLOTS, "level rarity upper tail"),
                    StateCodec.read(in, TailModel.SLOTS, "level rarity lower tail"));
        }
    }

    @Override
    public State newState() {
        return new State(new double[TailModel.SLOTS], new double[TailModel.SLOTS]);
    }

    @Override
    public double tailProbability(State state, Instant time, double value, ExpectedRange expected) {
        double up = tail.probabilityThenLearn(state.upper, 0, value);
        double down = tail.probabilityThenLearn(state.lower, 0, -value);
        return AnomalyScore.clamp(2 * Math.min(up, down));
    }

    @Override
    public int encodedSize(State s) {
        return StateCodec.size(s.upper, s.lower);
    }
}
