package io.prescale.ml.forecast;

/**
 * Seasonal naive at hour resolution: the forecast for t + h is the mean of the clock hour one
 * detected period P before it ({@link Seasonality#dailyPeriodHours}: 8, 12 or 24 hours; 24 when
 * only the weekly profile is in use), read from a ring of the last 24 hourly means (the open hour's
 * running mean when P is that short); the last value when no period is in use, or when that hour is
 * missing (within the first period, or after a gap).
 *
 * <p>State {@code [last value, sum and count of the open hour, consecutive closed hours before the
 * open one (≤ 24), 24 hourly means by hour of day]}: 28 floats.
 */
final class SeasonalNaiveForecaster implements Forecaster {
    static final int FLOATS = 4 + 24;

    private static final int LAST = 0;
    private static final int SUM = 1;
    private static final int COUNT = 2;
    private static final int RUN = 3;
    private static final int RING = 4;
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
        f[offset + RUN] = 0;
    }

    @Override
    public void update(ForecastState s, long epochSeconds, double value) {
        float[] f = s.members();
        long previous = Math.floorDiv(s.clock()[ForecastState.LAST_TIME], HOUR);
        long now = Math.floorDiv(epochSeconds, HOUR);
        if (now != previous && f[offset + COUNT] > 0) {
            f[offset + RING + (int) Math.floorMod(previous, 24L)] =
                    f[offset + SUM] / f[offset + COUNT];
            f[offset + RUN] = now == previous + 1 ? Math.min(f[offset + RUN] + 1, 24) : 0;
            f[offset + SUM] = 0;
            f[offset + COUNT] = 0;
        }
        f[offset + SUM] += (float) value;
        f[offset + COUNT] += 1;
        f[offset + LAST] = (float) value;
    }

    @Override
    public double forecast(ForecastState s, int h) {
        return forecast(s, h, period(s), Math.floorDiv(s.clock()[ForecastState.LAST_TIME], HOUR));
    }

    @Override
    public void forecastAll(ForecastState s, int maxHorizon, double[] out, int from, int stride) {
        int period = period(s);
        long open = Math.floorDiv(s.clock()[ForecastState.LAST_TIME], HOUR);
        for (int h = 1; h <= maxHorizon; h++) {
            out[from + (h - 1) * stride] = forecast(s, h, period, open);
        }
    }

    /** The period in hours: the daily one, 24 with only a weekly profile, 0 without profile. */
    private int period(ForecastState s) {
        int period = season.dailyPeriodHours(s);
        return period == 0 && season.weekly(s) ? 24 : period;
    }

    private double forecast(ForecastState s, int h, int period, long open) {
        float[] f = s.members();
        if (period == 0) {
            return f[offset + LAST];
        }
        long target = s.clock()[ForecastState.LAST_TIME] + h * stepSeconds;
        long source = Math.floorDiv(target, HOUR) - period;
        if (source < open && source >= open - f[offset + RUN]) {
            return f[offset + RING + (int) Math.floorMod(source, 24L)];
        }
        if (source == open && f[offset + COUNT] > 0) {
            return f[offset + SUM] / f[offset + COUNT];
        }
        return f[offset + LAST];
    }
}
