package io.prescale.ml.forecast;

/**
 * Seasonal naive at hour resolution: the forecast for t + h is the mean of the clock hour one
 * detected period P before it ({@link Seasonality#dailyPeriodHours}: 8, 12 or 24 hours; 24 when
 * only the weekly profile is in use), read from a ring of the last 24 hourly means; the last value
 * when no period is in use, or when that hour is missing (within the first period, or after a gap).
 *
 * <p>State {@code [last value, sum and count of the open hour, last closed hour (epoch hours),
 * consecutive closed hours, 24 hourly means by hour of day]}: 29 floats.
 */
final class SeasonalNaiveForecaster implements Forecaster {
    static final int FLOATS = 5 + 24;

    private static final int LAST = 0;
    private static final int SUM = 1;
    private static final int COUNT = 2;
    private static final int CLOSED = 3;
    private static final int RUN = 4;
    private static final int RING = 5;
    private static final long HOUR = 3600;

    private final int offset;
    private final Seasonality season;
    private final long stepSeconds;

    SeasonalNaiveForecaster(int offset, Seasonality season, ForecastConfig config) {
        this.offset = offset;
        this.season = season;
        this.stepSeconds = config.stepSeconds();
    }

    @Override
    public String name() {
        return "seasonal-naive";
    }

    @Override
    public void start(ForecastState s, long epochSeconds, double value) {
        float[] f = s.members();
        f[offset + LAST] = (float) value;
        f[offset + SUM] = (float) value;
        f[offset + COUNT] = 1;
        f[offset + CLOSED] = Math.floorDiv(epochSeconds, HOUR) - 1;
        f[offset + RUN] = 0;
    }

    @Override
    public void update(ForecastState s, long epochSeconds, double value) {
        float[] f = s.members();
        long previous = Math.floorDiv(s.clock()[ForecastState.LAST_TIME], HOUR);
        if (Math.floorDiv(epochSeconds, HOUR) != previous && f[offset + COUNT] > 0) {
            f[offset + RING + (int) Math.floorMod(previous, 24L)] =
                    f[offset + SUM] / f[offset + COUNT];
            boolean consecutive = previous == (long) f[offset + CLOSED] + 1;
            f[offset + RUN] = consecutive ? Math.min(f[offset + RUN] + 1, 24) : 1;
            f[offset + CLOSED] = previous;
            f[offset + SUM] = 0;
            f[offset + COUNT] = 0;
        }
        f[offset + SUM] += (float) value;
        f[offset + COUNT] += 1;
        f[offset + LAST] = (float) value;
    }

    @Override
    public double forecast(ForecastState s, int h) {
        return forecast(s, h, period(s));
    }

    @Override
    public void forecastAll(ForecastState s, int maxHorizon, double[] out, int from, int stride) {
        int period = period(s);
        for (int h = 1; h <= maxHorizon; h++) {
            out[from + (h - 1) * stride] = forecast(s, h, period);
        }
    }

    /** The period in hours: the daily one, 24 with only a weekly profile, 0 without profile. */
    private int period(ForecastState s) {
        int period = season.dailyPeriodHours(s);
        return period == 0 && season.weekly(s) ? 24 : period;
    }

    private double forecast(ForecastState s, int h, int period) {
        float[] f = s.members();
        if (period == 0) {
            return f[offset + LAST];
        }
        long target = s.clock()[ForecastState.LAST_TIME] + h * stepSeconds;
        long source = Math.floorDiv(target, HOUR) - period;
        long closed = (long) f[offset + CLOSED];
        if (source <= closed && source > closed - f[offset + RUN]) {
            return f[offset + RING + (int) Math.floorMod(source, 24L)];
        }
        if (source == closed + 1 && f[offset + COUNT] > 0) {
            return f[offset + SUM] / f[offset + COUNT];
        }
        return f[offset + LAST];
    }
}
