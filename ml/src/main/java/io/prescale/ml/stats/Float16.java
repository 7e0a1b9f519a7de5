package io.prescale.ml.stats;

/**
 * A 16-bit float for state that needs about three significant digits (a history of demands, a
 * remembered forecast): half the bytes of a {@code float}. Layout: sign (1 bit), exponent (6 bits,
 * bias 31), mantissa (9 bits, implicit leading 1). Rounded to nearest, so the relative error is at
 * most 2<sup>−10</sup> (0.1 %); magnitudes below 2<sup>−30</sup> (about 9.3·10<sup>−10</sup>)
 * become 0, finite magnitudes above the largest (about 4.29·10<sup>9</sup>) are clamped to it;
 * infinities and NaN are kept. Unlike IEEE half precision (largest 65,504) it holds memory in MiB
 * or requests per minute without overflow.
 *
 * <p><b>Shifted.</b> A state whose values may exceed that range (memory or network in bytes) keeps
 * them at a binary shift {@code e}: {@code v · 2^−e} is stored, {@link #shiftFor} raises e just
 * enough when a larger value comes, and {@link #raise} re-expresses what was stored. Scaling by a
 * power of two keeps every mantissa, so such a state behaves exactly as the same state of the
 * series divided by {@code 2^e} (apart from magnitudes that drop below the range, which were
 * negligible next to the largest); at e = 0 the shifted methods equal the plain ones bit for bit.
 */
public final class Float16 {
    private static final int EXPONENT_SHIFT = 9;
    private static final int MANTISSA_MASK = 0x1FF;
    private static final int SPECIAL = 63;
    private static final int LARGEST = (62 << EXPONENT_SHIFT) | MANTISSA_MASK;

    /** Float exponent bias (127) minus this format's (31). */
    private static final int REBIAS = 96;

    /** Mantissa bits a float has beyond this format's (23 − 9). */
    private static final int DROPPED = 14;

    /** The largest binary exponent stored at shift 0: magnitudes below 2<sup>31</sup>. */
    private static final int SHIFT_FREE_EXPONENT = 30;

    /**
     * The largest shift {@link #shiftFor} gives: every stored value (below 2<sup>32</sup>) decodes
     * to a finite double at it; magnitudes from about 2<sup>1023</sup> on are clamped there.
     */
    public static final int MAX_SHIFT = Double.MAX_EXPONENT - 32;

    private Float16() {}

    /**
     * The shift at which {@code v} is stored without clamping, given a state at {@code shift}:
     * {@code shift} itself unless |v| ≥ 2<sup>31 + shift</sup>, never lower, at most {@link
     * #MAX_SHIFT} (non-finite values change nothing).
     */
    public static int shiftFor(double v, int shift) {
        if (!Double.isFinite(v)) {
            return shift;
        }
        return Math.max(shift, Math.min(MAX_SHIFT, Math.getExponent(v) - SHIFT_FREE_EXPONENT));
    }

    /** {@link #encode(double)} of {@code v · 2^−shift}. */
    public static short encode(double v, int shift) {
        return encode(shift == 0 ? v : Math.scalb(v, -shift));
    }

    /** {@link #decode(short)} times {@code 2^shift}. */
    public static double decode(short h, int shift) {
        float v = decode(h);
        return shift == 0 ? v : Math.scalb((double) v, shift);
    }

    /**
     * The shift at which {@code v} is stored ({@link #shiftFor}), given values stored at {@code
     * shift}: when it is higher, every array of {@code stored} is re-expressed at it first.
     */
    public static int raise(double v, int shift, short[]... stored) {
        int raised = shiftFor(v, shift);
        for (short[] values : stored) {
            rescale(values, raised - shift);
        }
        return raised;
    }

    /**
     * Re-expresses values stored at one shift at a shift {@code delta} higher: exact but for
     * magnitudes that fall below the range (which become 0).
     */
    public static void rescale(short[] values, int delta) {
        if (delta == 0) {
            return;
        }
        for (int i = 0; i < values.length; i++) {
            values[i] = encode(Math.scalb((double) decode(values[i]), -delta));
        }
    }

    /** The nearest 16-bit value to {@code v} (see the class comment for range and rounding). */
    public static short encode(double v) {
        int bits = Float.floatToRawIntBits((float) v);
        int sign = (bits >>> 16) & 0x8000;
        int magnitude = bits & 0x7FFFFFFF;
        if (magnitude >= 0x7F800000) { // infinity or NaN
            int nan = magnitude > 0x7F800000 ? 1 : 0;
            return (short) (sign | (SPECIAL << EXPONENT_SHIFT) | nan);
        }
        magnitude += 1 << (DROPPED - 1); // round half up; a carry moves into the exponent
        int exponent = (magnitude >>> 23) - REBIAS;
        if (exponent <= 0) {
            return (short) sign;
        }
        if (exponent >= SPECIAL) {
            return (short) (sign | LARGEST);
        }
        return (short)
                (sign | (exponent << EXPONENT_SHIFT) | ((magnitude >>> DROPPED) & MANTISSA_MASK));
    }

    /** The value {@link #encode} stored in {@code h}. */
    public static float decode(short h) {
        int x = h & 0xFFFF;
        int sign = (x & 0x8000) << 16;
        int exponent = (x >>> EXPONENT_SHIFT) & SPECIAL;
        int mantissa = x & MANTISSA_MASK;
        if (exponent == 0) {
            return Float.intBitsToFloat(sign);
        }
        if (exponent == SPECIAL) {
            return mantissa != 0 ? Float.NaN : Float.intBitsToFloat(sign | 0x7F800000);
        }
        return Float.intBitsToFloat(sign | ((exponent + REBIAS) << 23) | (mantissa << DROPPED));
    }
}
