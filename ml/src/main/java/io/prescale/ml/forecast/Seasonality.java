package io.prescale.ml.forecast;

/**
 * Coarse seasonal profiles, learned from hourly means, and the seasonal component S(t) they give.
 *
 * <p>Values are averaged per UTC clock hour; when an hour closes with mean ȳ (clipped to ±{@value
 * #CLIP} rms(e₀) around its fitted value, so one burst cannot write itself into a bucket), the
 * deseasonalised level ℓ, then the hour-of-day profile D (24 buckets), then the hour-of-week
 * profile W (168 buckets, Monday 00:00 UTC first) learn from it, Holt–Winters style:
 *
 * <pre>
 *   ℓ' = ℓ + α (ȳ − ℓ − D[d] − W[w])                        (d = hour of day, w = hour of week)
 *   D[d] += γ_D (ȳ − ℓ' − W[w] − D[d]),    then    W[w] += γ_W (ȳ − ℓ' − D[d] − W[w])
 * </pre>
 *
 * with α = 0.1, γ_D = 0.2, γ_W = 0.3 per visit, each raised to 1 / visits so the first visits
 * average instead of smoothing: the profile helps from the second day and never needs two full
 * seasons. W is kept at zero mean over the 7 buckets of each hour of day (its mean moves into D)
 * and D at zero mean (into ℓ). S(t) is D (folded to the detected period) plus W, each only when
 * {@link PeriodDetector} finds that it helps, interpolated linearly between the centres of adjacent
 * hours (smoothed, not stepped). Buckets are stored in {@link FixedPoint}.
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

    /** Hourly innovations are clipped to ±CLIP times the recent rms(e₀) before anything learns. */
    static final double CLIP = 4;

    private static final double LEVEL_RATE = 0.1;
    private static final double DAILY_RATE = 0.2;
    private static final double WEEKLY_RATE = 0.3;
    private static final double STAT_RATE = 1.0 / 72;
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
        f[UNIT] = FixedPoint.unitFor(0.25 * Math.abs(value));
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
        double scale = f[UNIT] / FixedPoint.Q;
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
        double scale = f[UNIT] / FixedPoint.Q;
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
        double scale = f[UNIT] / FixedPoint.Q;
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
        p[d] = FixedPoint.fixed(p[d] + dD / scale);
        double dW =
                Math.max(WEEKLY_RATE, 1 / (Math.floor(hours / WEEKLY) + 1))
                        * (mean - level - p[d] * scale - p[w] * scale);
        // W keeps zero mean over the 7 buckets of this hour of day (the mean goes to D) ...
        for (int j = DAILY + (w - DAILY) % DAILY; j < BUCKETS; j += DAILY) {
            p[j] = FixedPoint.fixed(p[j] - dW / 7 / scale);
        }
        p[w] = FixedPoint.fixed(p[w] + dW / scale);
        p[d] = FixedPoint.fixed(p[d] + dW / 7 / scale);
        // ... and D zero mean over the day (the mean goes to the level).
        double shift = (dD + dW / 7) / DAILY;
        for (int j = 0; j < DAILY; j++) {
            p[j] = FixedPoint.fixed(p[j] - shift / scale);
        }
        f[LEVEL] = (float) (level + shift);
        f[HOURS] = (float) (hours + 1);
        PeriodDetector.detect(s);
        FixedPoint.requantise(s);
    }

    private static float rms(float current, double e, double rate) {
        return (float) Math.sqrt((1 - rate) * current * (double) current + rate * e * e);
    }
}
