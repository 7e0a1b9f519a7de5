package io.prescale.ml.stats;

/**
 * A 16-bit float for state that needs about three significant digits (a history of demands, a
 * remembered forecast): half the bytes of a {@code float}. Layout: sign (1 bit), exponent (6 bits,
 * bias 31), mantissa (9 bits, implicit leading 1). Rounded to nearest, so the relative error is at
 * most 2<sup>−10</sup> (0.1 %); magnitudes below 2<sup>−30</sup> (about 9.3·10<sup>−10</sup>)
 * become 0, finite magnitudes above the largest (about 4.29·10<sup>9</sup>) are clamped to it;
 * infinities and NaN are kept. Unlike IEEE half precision (largest 65,504) it holds memory in MiB
 * or requests per minute without overflow.
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

    private Float16() {}

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
