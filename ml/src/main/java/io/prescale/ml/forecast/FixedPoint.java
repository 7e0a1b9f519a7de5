package io.prescale.ml.forecast;

/**
 * The profile buckets' storage: 16-bit fixed point in units of {@code UNIT / 4096} (range ±8
 * units), UNIT a power of two following the noise (rms(e₀)) and the largest bucket, re-quantised
 * when its target moves by a factor of 2 or more; a bucket that would leave the range saturates.
 * Halves the state of the 192 buckets against floats, at a resolution of 1/4096 of the noise.
 */
final class FixedPoint {
    /** Fixed-point steps per UNIT. */
    static final double Q = 4096;

    private static final float MIN_UNIT = 0x1p-100f;

    private FixedPoint() {}

    /**
     * Moves UNIT to the power of two at or above max(rms(e₀), max |bucket| / 4) (0.25 |ℓ| before
     * rms is known) when that is at least twice or at most a quarter of it: fine enough for the
     * noise, wide enough (±8 units) for every bucket.
     */
    static void requantise(ForecastState s) {
        float[] f = s.season();
        short[] p = s.profile();
        int largest = 0;
        for (int j = 0; j < p.length; j++) {
            largest = Math.max(largest, Math.abs(p[j]));
        }
        double noise =
                f[Seasonality.RMS_NONE] > 0
                        ? f[Seasonality.RMS_NONE]
                        : 0.25 * Math.abs(f[Seasonality.LEVEL]);
        float unit = f[Seasonality.UNIT];
        float target = unitFor(Math.max(noise, largest * (unit / Q) / 4));
        if (target < 2 * unit && target > unit / 4) {
            return;
        }
        double factor = unit / (double) target;
        for (int j = 0; j < p.length; j++) {
            p[j] = fixed(p[j] * factor);
        }
        f[Seasonality.UNIT] = target;
    }

    /** The smallest power of two above {@code magnitude}, at least 2^−100. */
    static float unitFor(double magnitude) {
        if (!(magnitude > MIN_UNIT)) {
            return MIN_UNIT;
        }
        return (float) Math.scalb(1.0, Math.getExponent(magnitude) + 1);
    }

    /** {@code v} rounded and saturated to ±32767. */
    static short fixed(double v) {
        return (short) Math.max(-32767, Math.min(32767, Math.round(v)));
    }
}
