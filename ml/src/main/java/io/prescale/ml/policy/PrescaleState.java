package io.prescale.ml.policy;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Per-entity state of the {@link PrescalePolicy}, updated in place and stored by the streaming job
 * as the bytes of {@link #encode()}.
 *
 * @param histogram the decaying histograms of both forecasters, laid out by {@link ForecastPair}
 * @param demands ring of the last L + 2 demands, indexed by {@code step mod (L + 2)}
 * @param pending three rings of L + 1 (by {@code step mod (L + 1)}): the allocations decided for
 *     the next steps, then each forecaster's own forecast for them
 * @param scalars {@code [θ (feedback correction, log units), current allocation, decayed mean
 *     demand, last forecast, weight of the next histogram sample, θ of the ratio forecaster, θ of
 *     the level forecaster, decayed mean forecast of each]}
 * @param steps {@code [first step seen, last step seen, lease expiry step]}
 */
public record PrescaleState(
        double[] histogram, double[] demands, double[] pending, double[] scalars, long[] steps) {
    /** Format version of {@link #encode()}; bumped on any layout change. */
    public static final byte VERSION = 1;

    static final int THETA = 0;
    static final int CURRENT = 1;
    static final int MEAN = 2;
    static final int FORECAST = 3;
    static final int WEIGHT = 4;
    static final int THETA_RATIO = 5;
    static final int THETA_LEVEL = 6;
    static final int COST_RATIO = 7;
    static final int COST_LEVEL = 8;
    static final int SCALARS = 9;
    static final int FIRST = 0;
    static final int LAST = 1;
    static final int LEASE = 2;

    public double currentAllocation() {
        return scalars[CURRENT];
    }

    /** The feedback correction θ: the forecast quantile is multiplied by {@code e^θ}. */
    public double correction() {
        return scalars[THETA];
    }

    /** Bytes: the version, then each array as an int length and its elements. */
    public byte[] encode() {
        int size =
                1
                        + 5 * 4
                        + 8
                                * (histogram.length
                                        + demands.length
                                        + pending.length
                                        + scalars.length
                                        + steps.length);
        ByteBuffer b = ByteBuffer.allocate(size);
        b.put(VERSION);
        for (double[] a : new double[][] {histogram, demands, pending, scalars}) {
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
        double[][] arrays = new double[4][];
        String[] names = {"histogram", "demands", "pending", "scalars"};
        for (int i = 0; i < 4; i++) {
            arrays[i] = new double[length(b, names[i], 8)];
            for (int j = 0; j < arrays[i].length; j++) {
                arrays[i][j] = b.getDouble();
            }
        }
        long[] steps = new long[length(b, "steps", 8)];
        for (int j = 0; j < steps.length; j++) {
            steps[j] = b.getLong();
        }
        return new PrescaleState(arrays[0], arrays[1], arrays[2], arrays[3], steps);
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
        return Arrays.equals(histogram, o.histogram)
                && Arrays.equals(demands, o.demands)
                && Arrays.equals(pending, o.pending)
                && Arrays.equals(scalars, o.scalars)
                && Arrays.equals(steps, o.steps);
    }
}
