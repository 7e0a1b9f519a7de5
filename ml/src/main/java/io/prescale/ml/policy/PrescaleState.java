package io.prescale.ml.policy;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Per-entity state of the {@link PrescalePolicy}, updated in place; the streaming job keeps it in
 * keyed state and a snapshot holds the bytes of {@link #encode()}.
 *
 * @param history ring of recent demands (floats: the lag features need no more precision), indexed
 *     by {@code step mod history.length}; laid out by {@link LeadQuantileModel}
 * @param model the online quantile regression's weights then its AdaGrad accumulators
 * @param pending ring of L + 1 decision records, indexed by {@code step mod (L + 1)}: what was
 *     decided for that step (normalised features, their scale, each learner's quantile, the
 *     allocation), kept until the step's demand arrives and scores it
 * @param scalars the running statistics named by the constants of {@link LeadQuantileModel} and
 *     {@link PrescalePolicy}
 * @param steps {@code [first step seen, last step seen, lease expiry step]}
 */
public record PrescaleState(
        float[] history, double[] model, double[] pending, double[] scalars, long[] steps) {
    /** Format version of {@link #encode()}; bumped on any layout change. */
    public static final byte VERSION = 2;

    static final int FIRST = 0;
    static final int LAST = 1;
    static final int LEASE = 2;

    public double currentAllocation() {
        return scalars[PrescalePolicy.CURRENT];
    }

    /** The feedback correction θ, in units of the entity's demand scale. */
    public double correction() {
        return scalars[PrescalePolicy.THETA];
    }

    /** Bytes: the version, then each array as an int length and its elements. */
    public byte[] encode() {
        int size =
                1
                        + 5 * 4
                        + 4 * history.length
                        + 8 * (model.length + pending.length + scalars.length + steps.length);
        ByteBuffer b = ByteBuffer.allocate(size);
        b.put(VERSION);
        b.putInt(history.length);
        for (float v : history) {
            b.putFloat(v);
        }
        for (double[] a : new double[][] {model, pending, scalars}) {
            b.putInt(a.length);
            for (double v : a) {
                b.putDouble(v);
            }
        }
        b.putInt(steps.length);
        for (long v : steps) {
            b.putLong(v);
        }
        return b.array();
    }

    /**
     * Reads what {@link #encode()} wrote.
     *
     * @throws IllegalArgumentException naming the version or the field that does not fit
     */
    public static PrescaleState decode(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        if (bytes.length < 1 || b.get() != VERSION) {
            throw new IllegalArgumentException(
                    "PrescaleState version must be "
                            + VERSION
                            + ", was "
                            + (bytes.length < 1 ? "missing" : bytes[0]));
        }
        float[] history = new float[length(b, "history", 4)];
        for (int j = 0; j < history.length; j++) {
            history[j] = b.getFloat();
        }
        double[][] arrays = new double[3][];
        String[] names = {"model", "pending", "scalars"};
        for (int i = 0; i < 3; i++) {
            arrays[i] = new double[length(b, names[i], 8)];
            for (int j = 0; j < arrays[i].length; j++) {
                arrays[i][j] = b.getDouble();
            }
        }
        long[] steps = new long[length(b, "steps", 8)];
        for (int j = 0; j < steps.length; j++) {
            steps[j] = b.getLong();
        }
        return new PrescaleState(history, arrays[0], arrays[1], arrays[2], steps);
    }

    private static int length(ByteBuffer b, String field, int elementBytes) {
        int n = b.remaining() >= 4 ? b.getInt() : -1;
        if (n < 0 || (long) n * elementBytes > b.remaining()) {
            throw new IllegalArgumentException("PrescaleState field " + field + " is truncated");
        }
        return n;
    }

    /** Value equality over the arrays (records compare arrays by identity). */
    public boolean sameAs(PrescaleState o) {
        return Arrays.equals(history, o.history)
                && Arrays.equals(model, o.model)
                && Arrays.equals(pending, o.pending)
                && Arrays.equals(scalars, o.scalars)
                && Arrays.equals(steps, o.steps);
    }
}
