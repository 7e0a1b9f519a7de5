package io.prescale.ml.forecast;

/**
 * Coarse seasonal profiles and the online detection of the periods that matter.
 *
 * <p><b>Profiles.</b> Values are averaged per UTC clock hour; when an hour closes with mean ȳ, the
 * deseasonalised level ℓ, the hour-of-day profile D (24 buckets) and the hour-of-week profile W
 * (168 buckets, Monday 00:00 UTC first) learn from it, Holt–Winters style:
 *
 * <pre>
 *   e₀ = ȳ − ℓ,  e_D = e₀ − D[d],  e_W = e_D − W[w]        (d = hour of day, w = hour of week)
 *   D[d] += γ_D e_D,   W[w] += γ_W e_W,   ℓ += α e_W
 * </pre>
 *
 * with γ = max(rate, 1 / visits) so the first visits average instead of smoothing: the profile
 * helps from the second day and never needs two full seasons. W is kept at zero mean over the 7
 * buckets of each hour of day (its mean moves into D) and D at zero mean (into ℓ). The value at a
 * time is interpolated linearly between the centres of adjacent hours (smoothed, not stepped).
 *
 * <p><b>Detection.</b> The out-of-sample errors above (the buckets are read before they learn the
 * hour) give the explained variance of each profile, with root-mean-square errors decayed per hour
 * (ρ = 1/72):
 *
 * <pre>
 *   R²_D = 1 − rms(e_D)² / rms(e₀)²,     R²_W = 1 − rms(e_W)² / rms(e_D)²
 * </pre>
 *
 * A profile is used when its R² reaches {@value #ON} and dropped below {@value #OFF}; a series
 * without a cycle has R² ≤ 0 (its profile is noise learned out of sample), one with a cycle gets a
 * matching profile within a day or two of it showing. When the daily profile is used, its shortest
 * period is found by folding: if the 8-hour (or 12-hour) average of D keeps {@value #FOLD} of its
 * variance, the period is 8 (12) hours and the folded, three (two) times better averaged profile is
 * used.
 *
 * <p><b>Storage.</b> Buckets are 16-bit fixed point in units of {@code UNIT / 4096} (range ±8
 * units), UNIT a power of two following rms(e₀), re-quantised when it moves by a factor 2 or more;
 * a bucket that would leave the range saturates.
 */
final class Seasonality {
    static final int DAILY = 24;
    static final int WEEKLY = 168;
    static final int BUCKETS = DAILY + WEEKLY;

    static final int LEVEL = 0;
    static final int UNIT = 1;
    static final int HOUR_SUM = 2;
    static final int HOUR_COUNT = 3;
    static final int RMS_NONE = 4;
    static final int RMS_DAILY = 5;
    static final int RMS_WEEKLY = 6;
    static final int HOURS = 7;
    static final int DAILY_PERIOD = 8;
    static final int WEEKLY_ON = 9;
    static final int FLOATS = 10;

    /** R² at which a profile is switched on. */
    static final double ON = 0.10;

    /** R² below which a profile is switched off. */
    static final double OFF = 0.05;

    /** Share of D's variance its 8- or 12-hour fold must keep to be the period. */
    static final double FOLD = 0.8;

    private static final int[] FOLDS = {8, 12};
    private static final double LEVEL_RATE = 0.1;

    /** Hourly innovations are clipped to ±CLIP times the recent rms(e₀) before anything learns. */
    static final double CLIP = 4;

    private static final double DAILY_RATE = 0.2;
    private static final double WEEKLY_RATE = 0.3;
    private static final double STAT_RATE = 1.0 / 72;
    private static final int MIN_HOURS_DAILY = 36;
    private static final int MIN_HOURS_WEEKLY = 8 * 24;
    private static final double Q = 4096;
    private static final float MIN_UNIT = 0x1p-100f;
    private static final long HOUR = 3600;

    /**
     * 1970-01-01 was a Thursday: hour 72 of the epoch is Sunday 00:00, so +72 puts Monday first.
     */
    private static final long WEEK_SHIFT = 72;

    private final double halfStepHours;
    private final long stepSeconds;
    private final int maxHorizon;

    /** Scratch: S(t) of the last update, then S(t + h) for h = 1..H. */
    private final int cache;

    Seasonality(ForecastConfig config, int scratchOffset) {
        this.halfStepHours = config.stepSeconds() / 2.0 / HOUR;
        this.stepSeconds = config.stepSeconds();
        this.maxHorizon = config.maxHorizon();
        this.cache = scratchOffset;
    }

    /** Doubles of scratch this needs. */
    static int scratchDoubles(ForecastConfig config) {
        return 1 + config.maxHorizon();
    }

    void start(ForecastState s, double value) {
        float[] f = s.season();
        f[LEVEL] = (float) value;
        f[UNIT] = unitFor(0.25 * Math.abs(value));
        f[HOUR_SUM] = (float) value;
        f[HOUR_COUNT] = 1;
    }

    /** Adds the value of the step at {@code epochSeconds}; closes the previous hour first. */
    void update(ForecastState s, long epochSeconds, double value) {
        float[] f = s.season();
        long previousHour = Math.floorDiv(s.clock()[ForecastState.LAST_TIME], HOUR);
        if (Math.floorDiv(epochSeconds, HOUR) != previousHour && f[HOUR_COUNT] > 0) {
            closeHour(s, previousHour, f[HOUR_SUM] / f[HOUR_COUNT]);
            f[HOUR_SUM] = 0;
            f[HOUR_COUNT] = 0;
        }
        f[HOUR_SUM] += (float) value;
        f[HOUR_COUNT] += 1;
    }

    /** S(t) of the step last updated (valid after {@link #refresh}). */
    double current(ForecastState s) {
        return s.scratch()[cache];
    }

    /** S(t + h) for the step h after the last update (valid after {@link #refresh}). */
    double ahead(ForecastState s, int h) {
        return s.scratch()[cache + h];
    }

    /**
     * Caches S(t) and S(t + h), h = 1..H, for the step at {@code epochSeconds}; reads each clock
     * hour's bucket sum once.
     */
    void refresh(ForecastState s, long epochSeconds) {
        double[] x = s.scratch();
        float[] f = s.season();
        int period = (int) f[DAILY_PERIOD];
        boolean weekly = f[WEEKLY_ON] > 0;
        if (period == 0 && !weekly) {
            java.util.Arrays.fill(x, cache, cache + 1 + maxHorizon, 0);
            return;
        }
        double scale = f[UNIT] / Q;
        long hour = Long.MIN_VALUE;
        double lo = 0;
        double hi = 0;
        for (int h = 0; h <= maxHorizon; h++) {
            double centre = (epochSeconds + h * stepSeconds) / (double) HOUR + halfStepHours - 0.5;
            long h0 = (long) Math.floor(centre);
            if (h0 != hour) {
                lo = h0 == hour + 1 ? hi : at(s, h0, period, weekly);
                hi = at(s, h0 + 1, period, weekly);
                hour = h0;
            }
            double frac = centre - h0;
            x[cache + h] = scale * ((1 - frac) * lo + frac * hi);
        }
    }

    /**
     * The seasonal component of the step starting at {@code epochSeconds} (0 when none is used).
     */
    double offset(ForecastState s, long epochSeconds) {
        float[] f = s.season();
        int period = (int) f[DAILY_PERIOD];
        boolean weekly = f[WEEKLY_ON] > 0;
        if (period == 0 && !weekly) {
            return 0;
        }
        double centre = epochSeconds / (double) HOUR + halfStepHours - 0.5;
        long h0 = (long) Math.floor(centre);
        double frac = centre - h0;
        double scale = f[UNIT] / Q;
        return scale
                * ((1 - frac) * at(s, h0, period, weekly) + frac * at(s, h0 + 1, period, weekly));
    }

    /** The detected daily period in hours (8, 12 or 24; 0 when no daily profile is used). */
    int dailyPeriodHours(ForecastState s) {
        return (int) s.season()[DAILY_PERIOD];
    }

    /** Whether the hour-of-week profile is used. */
    boolean weekly(ForecastState s) {
        return s.season()[WEEKLY_ON] > 0;
    }

    /** Explained variance of the daily profile, out of sample (0 before it is known). */
    double dailyR2(ForecastState s) {
        float[] f = s.season();
        return f[RMS_NONE] > 0 ? 1 - sq(f[RMS_DAILY] / f[RMS_NONE]) : 0;
    }

    /** Explained variance of the weekly profile beyond the daily one (0 before it is known). */
    double weeklyR2(ForecastState s) {
        float[] f = s.season();
        return f[RMS_DAILY] > 0 ? 1 - sq(f[RMS_WEEKLY] / f[RMS_DAILY]) : 0;
    }

    /** Bucket sum at absolute hour {@code h}, in fixed-point units. */
    private static double at(ForecastState s, long h, int period, boolean weekly) {
        short[] p = s.profile();
        double v = 0;
        if (period > 0) {
            int i = (int) Math.floorMod(h, (long) period);
            v = p[i];
            for (int j = i + period; j < DAILY; j += period) {
                v += p[j];
            }
            v *= period / (double) DAILY;
        }
        if (weekly) {
            v += p[DAILY + (int) Math.floorMod(h + WEEK_SHIFT, (long) WEEKLY)];
        }
        return v;
    }

    private void closeHour(ForecastState s, long hour, double mean) {
        float[] f = s.season();
        short[] p = s.profile();
        double scale = f[UNIT] / Q;
        int d = (int) Math.floorMod(hour, (long) DAILY);
        int w = DAILY + (int) Math.floorMod(hour + WEEK_SHIFT, (long) WEEKLY);
        double hours = f[HOURS];
        double fitted = f[LEVEL] + (p[d] + p[w]) * scale;
        if (f[RMS_NONE] > 0) {
            double cap = CLIP * f[RMS_NONE];
            mean = fitted + Math.max(-cap, Math.min(cap, mean - fitted));
        }
        double e0 = mean - f[LEVEL];
        double eD = e0 - p[d] * scale;
        if (hours >= DAILY) {
            double rate = Math.max(STAT_RATE, 1 / (hours - DAILY + 1));
            f[RMS_NONE] = rms(f[RMS_NONE], e0, rate);
            f[RMS_DAILY] = rms(f[RMS_DAILY], eD, rate);
            f[RMS_WEEKLY] = rms(f[RMS_WEEKLY], hours >= WEEKLY ? eD - p[w] * scale : eD, rate);
        }
        // Level first, then each profile on what the level and the other profile leave.
        double level = f[LEVEL] + Math.max(LEVEL_RATE, 1 / (hours + 1)) * (eD - p[w] * scale);
        double dD =
                Math.max(DAILY_RATE, 1 / (Math.floor(hours / DAILY) + 1))
                        * (mean - level - p[w] * scale - p[d] * scale);
        p[d] = fixed(p[d] + dD / scale);
        double dW =
                Math.max(WEEKLY_RATE, 1 / (Math.floor(hours / WEEKLY) + 1))
                        * (mean - level - p[d] * scale - p[w] * scale);
        // W keeps zero mean over the 7 buckets of this hour of day (the mean goes to D) ...
        for (int j = DAILY + (w - DAILY) % DAILY; j < BUCKETS; j += DAILY) {
            p[j] = fixed(p[j] - dW / 7 / scale);
        }
        p[w] = fixed(p[w] + dW / scale);
        p[d] = fixed(p[d] + dW / 7 / scale);
        // ... and D zero mean over the day (the mean goes to the level).
        double shift = (dD + dW / 7) / DAILY;
        for (int j = 0; j < DAILY; j++) {
            p[j] = fixed(p[j] - shift / scale);
        }
        f[LEVEL] = (float) (level + shift);
        f[HOURS] = (float) (hours + 1);
        detect(s);
        requantise(s);
    }

    private static void detect(ForecastState s) {
        float[] f = s.season();
        double hours = f[HOURS];
        double r2d =
                hours >= MIN_HOURS_DAILY && f[RMS_NONE] > 0
                        ? 1 - sq(f[RMS_DAILY] / f[RMS_NONE])
                        : 0;
        boolean daily = f[DAILY_PERIOD] > 0 ? r2d >= OFF : r2d >= ON;
        f[DAILY_PERIOD] = daily ? foldedPeriod(s.profile()) : 0;
        double r2w =
                hours >= MIN_HOURS_WEEKLY && f[RMS_DAILY] > 0
                        ? 1 - sq(f[RMS_WEEKLY] / f[RMS_DAILY])
                        : 0;
        f[WEEKLY_ON] = (f[WEEKLY_ON] > 0 ? r2w >= OFF : r2w >= ON) ? 1 : 0;
    }

    /** 8 or 12 when D's fold over that period keeps {@link #FOLD} of its variance, else 24. */
    static int foldedPeriod(short[] p) {
        double total = 0;
        for (int j = 0; j < DAILY; j++) {
            total += sq(p[j]);
        }
        for (int period : FOLDS) {
            double kept = 0;
            for (int i = 0; i < period; i++) {
                double sum = 0;
                for (int j = i; j < DAILY; j += period) {
                    sum += p[j];
                }
                kept += sq(sum) * period / DAILY;
            }
            if (total > 0 && kept >= FOLD * total) {
                return period;
            }
        }
        return DAILY;
    }

    /**
     * Moves UNIT to the power of two at or above max(rms(e₀), max |bucket| / 4) (0.25 |ℓ| before
     * rms is known) when that is at least twice or at most a quarter of it: fine enough for the
     * noise, wide enough (±8 units) for every bucket.
     */
    private static void requantise(ForecastState s) {
        float[] f = s.season();
        short[] p = s.profile();
        int largest = 0;
        for (int j = 0; j < BUCKETS; j++) {
            largest = Math.max(largest, Math.abs(p[j]));
        }
        double noise = f[RMS_NONE] > 0 ? f[RMS_NONE] : 0.25 * Math.abs(f[LEVEL]);
        float target = unitFor(Math.max(noise, largest * (f[UNIT] / Q) / 4));
        if (target < 2 * f[UNIT] && target > f[UNIT] / 4) {
            return;
        }
        double factor = f[UNIT] / (double) target;
        for (int j = 0; j < BUCKETS; j++) {
            p[j] = fixed(p[j] * factor);
        }
        f[UNIT] = target;
    }

    /** The smallest power of two at or above {@code magnitude}, at least 2^−100. */
    static float unitFor(double magnitude) {
        if (!(magnitude > MIN_UNIT)) {
            return MIN_UNIT;
        }
        return (float) Math.scalb(1.0, Math.getExponent(magnitude) + 1);
    }

    private static short fixed(double v) {
        return (short) Math.max(-32767, Math.min(32767, Math.round(v)));
    }

    private static float rms(float current, double e, double rate) {
        return (float) Math.sqrt((1 - rate) * current * (double) current + rate * e * e);
    }

    private static double sq(double v) {
        return v * v;
    }
}
