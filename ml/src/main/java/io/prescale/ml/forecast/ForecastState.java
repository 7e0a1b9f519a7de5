package io.prescale.ml.forecast;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Everything one series' {@link ForecastStack} remembers, as primitive arrays updated in place.
 * Sizes follow the stack's {@link ForecastConfig}; the stack's {@code newState} and {@code decode}
 * are the only ways to make one.
 *
 * @param clock {@code [time of the last update (epoch s), updates seen, updates since the last gap,
 *     1 once a negative value was folded in (else 0)]}
 * @param season the seasonality's scalars (see {@link Seasonality})
 * @param profile the 24 hour-of-day then 168 hour-of-week buckets, fixed point in units of {@code
 *     season[UNIT] / 4096}
 * @param members each member forecaster's slice, in {@link ForecastStack#MEMBER_NAMES} order
 * @param calibration per anchor and model, a residual scale and one offset per tracked level
 * @param weights per anchor and tracked level, the ensemble weight of each member
 * @param pending per anchor a, a ring of a slots holding what was issued a steps before the slot's
 *     target: each member's point forecast, every model's scale, the ensemble's quantiles
 * @param scratch derived from the rest and never encoded: the seasonal offsets and the members'
 *     forecasts for h = 1..H, the AR paths, the ensemble's quantiles at the anchors, and
 *     temporaries (recomputed by {@code decode})
 */
public record ForecastState(
        long[] clock,
        float[] season,
        short[] profile,
        float[] members,
        float[] calibration,
        float[] weights,
        float[] pending,
        double[] scratch) {
    /** Format version of {@link #encode()}: the first byte; bumped on any layout change. */
    public static final byte VERSION = 2;

    /** The version before the clock's negative bit; read as a series never negative. */
    private static final byte VERSION_WITHOUT_SIGN = 1;

    static final int LAST_TIME = 0;
    static final int STEPS = 1;
    static final int SINCE_GAP = 2;
    static final int NEGATIVE = 3;
    static final int CLOCK = 4;

    static ForecastState allocate(StateLayout layout) {
        return new ForecastState(
                new long[CLOCK],
                new float[Seasonality.FLOATS],
                new short[Seasonality.BUCKETS],
                new float[layout.memberFloats()],
                new float[layout.calibrationFloats()],
                new float[layout.weightFloats()],
                new float[layout.pendingFloats()],
                new double[layout.scratchDoubles()]);
    }

    /** Updates seen so far (0 for a new state). */
    public long updates() {
        return clock[STEPS];
    }

    /** Whether no value folded in so far was negative (true for a new state). */
    public boolean neverNegative() {
        return clock[NEGATIVE] == 0;
    }

    /** Time of the last update in epoch seconds (meaningless before the first). */
    public long lastEpochSeconds() {
        return clock[LAST_TIME];
    }

    /** Size of the encoding in bytes under {@code config}. */
    int encodedSize(ForecastConfig config) {
        return header(config).length
                + 8 * clock.length
                + 2 * profile.length
                + 4
                        * (season.length
                                + members.length
                                + calibration.length
                                + weights.length
                                + pending.length);
    }

    /**
     * Bytes: {@link #VERSION}, the config signature {@code [H, p, anchor count, anchors...]}, the
     * clock as longs, the profile as shorts, then the float arrays in component order; big endian.
     * The scratch is not written.
     */
    byte[] encode(ForecastConfig config) {
        ByteBuffer b = ByteBuffer.allocate(encodedSize(config));
        b.put(header(config));
        for (long v : clock) {
            b.putLong(v);
        }
        for (short v : profile) {
            b.putShort(v);
        }
        for (float[] a : floatArrays()) {
            for (float v : a) {
                b.putFloat(v);
            }
        }
        return b.array();
    }

    /**
     * Reads what {@link #encode} wrote under {@code layout}, or what version 1 wrote (the clock
     * without its negative bit: read as a series never negative).
     *
     * @throws IllegalArgumentException naming the version, signature or length that does not fit
     */
    static ForecastState decode(byte[] bytes, StateLayout layout) {
        if (bytes == null
                || bytes.length == 0
                || (bytes[0] != VERSION && bytes[0] != VERSION_WITHOUT_SIGN)) {
            throw new IllegalArgumentException(
                    "forecast state: unknown version "
                            + (bytes == null || bytes.length == 0 ? "(empty)" : bytes[0])
                            + ", expected "
                            + VERSION
                            + " or "
                            + VERSION_WITHOUT_SIGN);
        }
        ForecastState s = allocate(layout);
        int clocks = bytes[0] == VERSION ? CLOCK : NEGATIVE;
        byte[] expected = header(layout.config());
        expected[0] = bytes[0];
        if (bytes.length < expected.length
                || !Arrays.equals(Arrays.copyOf(bytes, expected.length), expected)) {
            throw new IllegalArgumentException(
                    "forecast state: encoded for another config than " + layout.config());
        }
        int size = s.encodedSize(layout.config()) - 8 * (CLOCK - clocks);
        if (bytes.length != size) {
            throw new IllegalArgumentException(
                    "forecast state: " + bytes.length + " bytes, expected " + size);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes, expected.length, bytes.length - expected.length);
        try {
            for (int i = 0; i < clocks; i++) {
                s.clock[i] = b.getLong();
            }
            for (int i = 0; i < s.profile.length; i++) {
                s.profile[i] = b.getShort();
            }
            for (float[] a : s.floatArrays()) {
                for (int i = 0; i < a.length; i++) {
                    a[i] = b.getFloat();
                }
            }
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("forecast state: truncated", e);
        }
        return s;
    }

    /** True when every encoded array equals {@code other}'s (the scratch is ignored). */
    public boolean sameAs(ForecastState other) {
        return Arrays.equals(clock, other.clock)
                && Arrays.equals(season, other.season)
                && Arrays.equals(profile, other.profile)
                && Arrays.equals(members, other.members)
                && Arrays.equals(calibration, other.calibration)
                && Arrays.equals(weights, other.weights)
                && Arrays.equals(pending, other.pending);
    }

    private float[][] floatArrays() {
        return new float[][] {season, members, calibration, weights, pending};
    }

    /** The version and the config signature. */
    private static byte[] header(ForecastConfig config) {
        int[] anchors = config.anchorHorizons();
        byte[] h = new byte[4 + anchors.length];
        h[0] = VERSION;
        h[1] = (byte) config.maxHorizon();
        h[2] = (byte) config.arOrder();
        h[3] = (byte) anchors.length;
        for (int i = 0; i < anchors.length; i++) {
            h[4 + i] = (byte) anchors[i];
        }
        return h;
    }
}
