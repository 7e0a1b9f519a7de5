package io.prescale.ml.anomaly;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import smile.anomaly.IsolationForest;
import smile.anomaly.IsolationTree;
import smile.math.MathEx;

/**
 * Multivariate anomaly detection over one entity's metric vectors with Smile's Isolation Forest
 * (Liu, Ting &amp; Zhou, ICDM 2008), refit periodically on the entity's recent history.
 *
 * <p>Per entity, not per series: a vector holds one value of each of the entity's {@code d} metrics
 * at one time (for a single series, a lag embedding {@code (x_t, x_t−1, ..)} does). Each vector is
 * scored by the current forest ({@code 2^(−E[h(x)]/c(n))}, in (0, 1], about 0.5 for ordinary
 * points), that score goes through a {@link TailModel} so that it becomes a tail probability under
 * the entity's own recent scores, and the vector joins a ring of the last {@code history} vectors.
 * Every {@code refitEvery} vectors, once {@code minFit} are held, the forest is refit on the ring
 * (standardised column by column with the ring's mean and standard deviation, so metrics of
 * different units weigh alike). Each tree grows on its own subsample of 70 % of the ring, drawn
 * without replacement, to the depth limit {@code ⌈log₂ k⌉} of the subsample size {@code k}. A refit
 * is reproducible: the subsamples come from a {@link Random} and the trees' cuts from Smile's
 * random stream of the calling thread, both seeded from {@link #SEED} and the ring's fill and next
 * slot, and the trees grow one after another on the calling thread (Smile's {@code fit} grows them
 * on the common pool, whose threads' random streams make each fit differ from the last; it also
 * gives every tree the whole ring, whatever the subsample rate).
 *
 * <p>Memory, stated apart from the per-series budget: the encoded state is the ring ({@code history
 * · d} doubles), {@code [count, next slot, since refit]} and the tail model, about {@code 8 ·
 * history · d} bytes (6 KiB for 256 vectors of 3 metrics); the fitted forest is derived from the
 * ring and is not encoded ({@link State#forest} is rebuilt on the next refit), and holds {@code
 * trees · 2^depth} nodes in memory. Scoring allocates nothing; a refit allocates the training
 * matrix and the trees.
 */
public final class IsolationForestDetector {
    static final byte VERSION = 2;
    private static final int COUNT = 0;
    private static final int NEXT = 1;
    private static final int SINCE_FIT = 2;
    private static final double SUBSAMPLE = 0.7;

    /**
     * Base of the seed of every refit (plus the ring's fill times its length plus its next slot).
     */
    static final long SEED = 20_260_101L;

    private final int dimensions;
    private final int history;
    private final int refitEvery;
    private final int minFit;
    private final int trees;
    private final TailModel tail;

    /**
     * @param dimensions metrics per vector, >= 1
     * @param history vectors kept for refits, >= minFit
     * @param refitEvery vectors between refits, >= 1
     * @param minFit vectors needed before the first fit, >= 16
     * @param trees isolation trees per forest, >= 1
     * @param tail the tail model of the forest's scores
     */
    public IsolationForestDetector(
            int dimensions, int history, int refitEvery, int minFit, int trees, TailModel tail) {
        if (dimensions < 1 || minFit < 16 || history < minFit || refitEvery < 1 || trees < 1) {
            throw new IllegalArgumentException(
                    "need dimensions >= 1, minFit >= 16, history >= minFit, refitEvery >= 1,"
                            + " trees >= 1");
        }
        this.dimensions = dimensions;
        this.history = history;
        this.refitEvery = refitEvery;
        this.minFit = minFit;
        this.trees = trees;
        this.tail = tail;
    }

    /** Defaults: 256 vectors of history, refit every 64, first fit at 64, 50 trees. */
    public static IsolationForestDetector withDefaults(int dimensions, TailModel tail) {
        return new IsolationForestDetector(dimensions, 256, 64, 64, 50, tail);
    }

    /**
     * Per-entity state.
     *
     * @param ring the last vectors, row-major ({@code history · d})
     * @param meta {@code [count (capped at history), next slot, vectors since the last fit]}
     * @param tail the tail model's slots
     * @param scaling column means then standard deviations used by {@link #forest} (derived)
     * @param forest the forest fitted at the last refit, or null (derived, not encoded)
     * @param scratch a standardised copy of the vector being scored (derived)
     */
    public record State(
            double[] ring,
            double[] meta,
            float[] tail,
            double[] scaling,
            IsolationForest[] forest,
            double[] scratch) {
        public byte[] encode() {
            int size =
                    1 + 4 + 8 * ring.length + StateCodec.size(meta) + StateCodec.sizeFloats(tail);
            ByteBuffer out = ByteBuffer.allocate(size);
            out.put(VERSION);
            out.putInt(ring.length);
            for (double v : ring) {
                out.putDouble(v);
            }
            StateCodec.write(out, VERSION, meta);
            StateCodec.writeFloats(out, tail);
            return out.array();
        }
    }

    /**
     * Reads what {@link State#encode()} wrote; the forest is refit on the next vector once {@code
     * minFit} are held.
     */
    public State decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        StateCodec.expectVersion(in, VERSION, "isolation forest");
        int length = in.remaining() >= 4 ? in.getInt() : -1;
        if (length != history * dimensions || in.remaining() < 8L * length) {
            throw new IllegalArgumentException(
                    "isolation forest ring: "
                            + length
                            + " values, expected "
                            + history * dimensions);
        }
        double[] ring = new double[length];
        for (int i = 0; i < length; i++) {
            ring[i] = in.getDouble();
        }
        StateCodec.expectVersion(in, VERSION, "isolation forest");
        double[] meta = StateCodec.read(in, 3, "isolation forest meta");
        float[] t = StateCodec.readFloats(in, TailModel.SLOTS, "isolation forest tail");
        return new State(
                ring,
                meta,
                t,
                new double[2 * dimensions],
                new IsolationForest[1],
                new double[dimensions]);
    }

    public State newState() {
        return new State(
                new double[history * dimensions],
                new double[3],
                new float[TailModel.SLOTS],
                new double[2 * dimensions],
                new IsolationForest[1],
                new double[dimensions]);
    }

    /**
     * Tail probability of {@code vector} (d finite values), then learns it. 1 until the first fit.
     */
    public double tailProbability(State s, double[] vector) {
        if (vector.length != dimensions) {
            throw new IllegalArgumentException(
                    "vector of " + vector.length + " values, expected " + dimensions);
        }
        double p = 1.0;
        if (s.forest[0] != null) {
            System.arraycopy(vector, 0, s.scratch, 0, dimensions);
            p = tail.probabilityThenLearn(s.tail, 0, s.forest[0].score(standardised(s, s.scratch)));
        }
        add(s, vector);
        if (s.meta[COUNT] >= minFit && (s.forest[0] == null || s.meta[SINCE_FIT] >= refitEvery)) {
            refit(s);
        }
        return p;
    }

    /** {@link AnomalyScore#of} of {@link #tailProbability}. */
    public double score(State s, double[] vector) {
        return AnomalyScore.of(tailProbability(s, vector));
    }

    private void add(State s, double[] vector) {
        int slot = (int) s.meta[NEXT];
        System.arraycopy(vector, 0, s.ring, slot * dimensions, dimensions);
        s.meta[NEXT] = (slot + 1) % history;
        s.meta[COUNT] = Math.min(s.meta[COUNT] + 1, history);
        s.meta[SINCE_FIT] = Math.min(s.meta[SINCE_FIT] + 1, refitEvery);
    }

    private void refit(State s) {
        int n = (int) s.meta[COUNT];
        computeScaling(s, n);
        double[][] data = new double[n][];
        for (int i = 0; i < n; i++) {
            double[] row = new double[dimensions];
            System.arraycopy(s.ring, i * dimensions, row, 0, dimensions);
            data[i] = standardised(s, row);
        }
        int k = (int) Math.round(n * SUBSAMPLE);
        // depth limit log2 of the subsample, as in Liu et al.; fully extended (random hyperplane
        // cuts, Hariri et al. 2019) so that a vector that breaks the usual relation between
        // metrics is isolated, not only one extreme in one metric
        int depth = Math.max(1, (int) Math.ceil(Math.log(k) / Math.log(2)));
        long seed = SEED + (long) s.meta[COUNT] * history + (long) s.meta[NEXT];
        MathEx.setSeed(seed);
        Random draw = new Random(seed);
        IsolationTree[] grown = new IsolationTree[trees];
        for (int t = 0; t < trees; t++) {
            grown[t] = new IsolationTree(subsample(data, k, draw), depth, dimensions - 1);
        }
        s.forest[0] = new IsolationForest(k, dimensions - 1, grown);
        s.meta[SINCE_FIT] = 0;
    }

    /** {@code k} of the rows, drawn without replacement (a partial Fisher–Yates shuffle). */
    private static List<double[]> subsample(double[][] data, int k, Random draw) {
        double[][] rows = data.clone();
        List<double[]> sample = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            int j = i + draw.nextInt(rows.length - i);
            double[] picked = rows[j];
            rows[j] = rows[i];
            rows[i] = picked;
            sample.add(picked);
        }
        return sample;
    }

    private void computeScaling(State s, int n) {
        for (int j = 0; j < dimensions; j++) {
            double sum = 0;
            double squares = 0;
            for (int i = 0; i < n; i++) {
                double v = s.ring[i * dimensions + j];
                sum += v;
                squares += v * v;
            }
            double mean = sum / n;
            double sd = Math.sqrt(Math.max(0, squares / n - mean * mean));
            s.scaling[j] = mean;
            s.scaling[dimensions + j] = sd > 1e-12 * (1 + Math.abs(mean)) ? sd : 1.0;
        }
    }

    /** Standardises {@code v} in place with the state's scaling; returns it. */
    private double[] standardised(State s, double[] v) {
        for (int j = 0; j < dimensions; j++) {
            v[j] = (v[j] - s.scaling[j]) / s.scaling[dimensions + j];
        }
        return v;
    }

    public int encodedSize(State s) {
        return s.encode().length;
    }
}
