package io.prescale.ml.policy;

import io.prescale.ml.stats.Float16;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Per-entity state of the {@link PrescalePolicy}, updated in place; the streaming job keeps it in
 * keyed state and a snapshot holds the bytes of {@link #encode()}.
 *
 * @param history ring of recent demands as 16-bit floats ({@link Float16}: the lag features need no
 *     more precision), indexed by {@code step mod history.length}; laid out by {@link
 *     LeadQuantileModel}
 * @param model the online quantile regression's weights then its AdaGrad accumulators
 * @param pending ring of L + 1 decision records, indexed by {@code step mod (L + 1)}: what was
 *     decided for that step (the scale, the features the history cannot give again, each learner's
 *     level and quantile), kept until the step's demand arrives and scores it
 * @param scalars the running statistics named by the constants of {@link LeadQuantileModel} and
 *     {@link PrescalePolicy}, then the allocations decided for the L + 1 steps ahead
 * @param steps {@code [first step seen, last step seen, lease expiry step]}
 */
public record PrescaleState(
        short[] history, float[] model, float[] pending, double[] scalars, long[] steps) {
    /** Format version of {@link #encode()}; bumped on any layout change. */
    public static final byte VERSION = 6;

    /**
     * The version before the last demand as it came was kept ({@link
     * LeadQuantileModel#LAST_DEMAND}): {@link #decode} reads it, taking the history's last demand
     * for it.
     */
    static final byte VERSION_WITHOUT_LAST_DEMAND = 5;

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

    /** Bytes: the version, then each array as an int length and its elements, big endian. */
    public byte[] encode() {
        int size =
                1
                        + 5 * 4
                        + 2 * history.length
                        + 4 * (model.length + pending.length)
                        + 8 * (scalars.length + steps.length);
        ByteBuffer b = ByteBuffer.allocate(size);
        b.put(VERSION);
        b.putInt(history.length);
        for (short v : history) {
            b.putShort(v);
        }
        for (float[] a : new float[][] {model, pending}) {
            b.putInt(a.length);
            for (float v : a) {
                b.putFloat(v);
            }
        }
        b.putInt(scalars.length);
        for (double v : scalars) {
            b.putDouble(v);
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
        byte version = bytes.length < 1 ? 0 : b.get();
        if (version != VERSION && version != VERSION_WITHOUT_LAST_DEMAND) {
            throw new IllegalArgumentException(
                    "PrescaleState version must be "
                            + VERSION
                            + ", was "
                            + (bytes.length < 1 ? "missing" : bytes[0]));
        }
        short[] history = new short[length(b, "history", 2)];
        for (int j = 0; j < history.length; j++) {
            history[j] = b.getShort();
        }
        float[] model = floats(b, "model");
        float[] pending = floats(b, "pending");
        double[] scalars = new double[length(b, "scalars", 8)];
        for (int j = 0; j < scalars.length; j++) {
            scalars[j] = b.getDouble();
        }
        long[] steps = new long[length(b, "steps", 8)];
        for (int j = 0; j < steps.length; j++) {
            steps[j] = b.getLong();
        }
        PrescaleState st = new PrescaleState(history, model, pending, scalars, steps);
        return version == VERSION ? st : withLastDemand(st);
    }

    /** A state of {@link #VERSION_WITHOUT_LAST_DEMAND} with the history's last demand inserted. */
    private static PrescaleState withLastDemand(PrescaleState old) {
        int at = LeadQuantileModel.LAST_DEMAND;
        if (old.scalars.length < at) {
            throw new IllegalArgumentException("PrescaleState field scalars is truncated");
        }
        double[] scalars = new double[old.scalars.length + 1];
        System.arraycopy(old.scalars, 0, scalars, 0, at);
        System.arraycopy(old.scalars, at, scalars, at + 1, old.scalars.length - at);
        PrescaleState st =
                new PrescaleState(old.history, old.model, old.pending, scalars, old.steps);
        scalars[at] =
                old.history.length == 0 || old.steps.length <= LAST
                        ? 0
                        : LeadQuantileModel.demandAt(st, old.steps[LAST]);
        return st;
    }

    private static float[] floats(ByteBuffer b, String field) {
        float[] a = new float[length(b, field, 4)];
        for (int j = 0; j < a.length; j++) {
            a[j] = b.getFloat();
        }
        return a;
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
