package io.prescale.ml.anomaly;

import io.prescale.ml.stats.SortedWindow;
import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * Robust z-score against the last {@code w} points:
 *
 * <pre>
 *   z = |x − median| / max(1.4826 · MAD, D / 4, 1e−9 (1 + |median|))
 * </pre>
 *
 * where median and MAD (median absolute deviation) are over the window before {@code x} joins it
 * (1.4826 · MAD estimates σ for Gaussian noise), and {@code D} is a slow running mean of {@code |x
 * − median|} (memory {@code m} points) that floors the scale when the window is flat (quantised or
 * idle series, where the MAD is 0). {@code |z|} goes to the {@link TailModel}, which turns it into
 * a tail probability under the statistic's own recent history. Scores nothing (p = 1) until the
 * window is full.
 *
 * <p>State: the window in arrival order (w doubles, encoded), its sorted copy (w doubles, rebuilt
 * on decode), {@code [count, ring position, D, points in D]} and the tail model's slots.
 */
public final class RobustZScoreDetector implements AnomalyDetector<RobustZScoreDetector.State> {
    static final byte VERSION = 2;
    private static final int COUNT = 0;
    private static final int DEV = 2;
    private static final int SEEN = 3;
    private static final int META = 4;
    private static final double MAD_TO_SIGMA = 1.4826;

    private final int window;
    private final int memory;
    private final TailModel tail;

    /**
     * @param window points in the median/MAD window, 3..255
     * @param memory memory in points of the slow deviation {@code D}
     * @param tail the tail model of {@code |z|}
     */
    public RobustZScoreDetector(int window, int memory, TailModel tail) {
        if (window < 3 || window > 255) {
            throw new IllegalArgumentException("window must be in 3..255, was " + window);
        }
        if (memory < 1) {
            throw new IllegalArgumentException("memory must be >= 1, was " + memory);
        }
        this.window = window;
        this.memory = memory;
        this.tail = tail;
    }

    /**
     * Per-series state.
     *
     * @param ring the window in arrival order
     * @param sorted the window sorted (derived, not encoded)
     * @param meta {@code [count, next ring position, D, points in D (capped at m)]}
     * @param tail the tail model's slots
     */
    public record State(double[] ring, double[] sorted, double[] meta, float[] tail) {
        public byte[] encode() {
            ByteBuffer out =
                    ByteBuffer.allocate(StateCodec.size(ring, meta) + StateCodec.sizeFloats(tail));
            StateCodec.write(out, VERSION, ring, meta);
            StateCodec.writeFloats(out, tail);
            return out.array();
        }

        /** Reads what {@link #encode()} wrote, for a detector with window {@code w}. */
        public static State decode(byte[] bytes, int w) {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            StateCodec.expectVersion(in, VERSION, "robust z-score");
            State s =
                    new State(
                            StateCodec.read(in, w, "robust z-score window"),
                            new double[w],
                            StateCodec.read(in, META, "robust z-score meta"),
                            StateCodec.readFloats(in, TailModel.SLOTS, "robust z-score tail"));
            SortedWindow.rebuild(s.ring, s.sorted, s.meta);
            return s;
        }
    }

    @Override
    public State newState() {
        return new State(
                new double[window],
                new double[window],
                new double[META],
                new float[TailModel.SLOTS]);
    }

    @Override
    public double tailProbability(State s, Instant time, double value, ExpectedRange expected) {
        double p = 1.0;
        if (s.meta[COUNT] >= window) {
            p = tail.probabilityThenLearn(s.tail, 0, z(s, value));
            double deviation = Math.abs(value - SortedWindow.median(s.sorted, s.meta));
            if (Double.isFinite(deviation)) {
                s.meta[SEEN] = Math.min(s.meta[SEEN] + 1, memory);
                s.meta[DEV] += (deviation - s.meta[DEV]) / s.meta[SEEN];
            }
        }
        SortedWindow.add(s.ring, s.sorted, s.meta, value);
        return p;
    }

    /** The robust z of {@code value} against the state's window, without learning; NaN if cold. */
    double z(State s, double value) {
        if (s.meta[COUNT] < window) {
            return Double.NaN;
        }
        double median = SortedWindow.median(s.sorted, s.meta);
        double scale =
                Math.max(
                        MAD_TO_SIGMA * SortedWindow.mad(s.sorted, s.meta, median),
                        Math.max(s.meta[DEV] / 4, 1e-9 * (1 + Math.abs(median))));
        return Math.abs(value - median) / scale;
    }

    @Override
    public int encodedSize(State s) {
        return StateCodec.size(s.ring, s.meta) + StateCodec.sizeFloats(s.tail);
    }
}
