package io.prescale.ml.forecast;

/**
 * Online detection of the seasonal periods that matter, from the {@link Seasonality}'s own
 * out-of-sample errors (each bucket is read before it learns the hour), as root-mean-square errors
 * decayed per hour (ρ = 1/72):
 *
 * <pre>
 *   e₀ = ȳ − ℓ,   e_D = e₀ − D[d],   e_W = e_D − W[w]
 *   R²_D = 1 − rms(e_D)² / rms(e₀)²,     R²_W = 1 − rms(e_W)² / rms(e_D)²
 * </pre>
 *
 * A profile is used once it has seen enough (36 hours for D, 8 days for W) and its R² reaches
 * {@value #ON}; it is dropped below {@value #OFF}. A series without a cycle has R² ≤ 0 (its profile
 * is noise learned out of sample); one with a cycle gets a matching profile within a day or two of
 * it showing. When the daily profile is used, its shortest period is found by folding: if the
 * 8-hour (or 12-hour) average of D keeps {@value #FOLD} of D's variance, the period is 8 (12) hours
 * and the folded, three (two) times better averaged profile is used.
 */
final class PeriodDetector {
    /** R² at which a profile is switched on. */
    static final double ON = 0.10;

    /** R² below which a profile is switched off. */
    static final double OFF = 0.05;

    /** Share of D's variance its 8- or 12-hour fold must keep to be the period. */
    static final double FOLD = 0.8;

    private static final int[] FOLDS = {8, 12};
    private static final int MIN_HOURS_DAILY = 36;
    private static final int MIN_HOURS_WEEKLY = 8 * 24;

    private PeriodDetector() {}

    /** Updates the state's daily period (0, 8, 12, 24) and weekly flag after an hour closed. */
    static void detect(ForecastState s) {
        float[] f = s.season();
        double hours = f[Seasonality.HOURS];
        double r2d =
                hours >= MIN_HOURS_DAILY && f[Seasonality.RMS_NONE] > 0
                        ? 1 - sq(f[Seasonality.RMS_DAILY] / f[Seasonality.RMS_NONE])
                        : 0;
        boolean daily = f[Seasonality.DAILY_PERIOD] > 0 ? r2d >= OFF : r2d >= ON;
        f[Seasonality.DAILY_PERIOD] = daily ? foldedPeriod(s.profile()) : 0;
        double r2w =
                hours >= MIN_HOURS_WEEKLY && f[Seasonality.RMS_DAILY] > 0
                        ? 1 - sq(f[Seasonality.RMS_WEEKLY] / f[Seasonality.RMS_DAILY])
                        : 0;
        boolean weekly = f[Seasonality.WEEKLY_ON] > 0 ? r2w >= OFF : r2w >= ON;
        f[Seasonality.WEEKLY_ON] = weekly ? 1 : 0;
    }

    /** 8 or 12 when D's fold over that period keeps {@link #FOLD} of its variance, else 24. */
    static int foldedPeriod(short[] p) {
        double total = 0;
        for (int j = 0; j < Seasonality.DAILY; j++) {
            total += sq(p[j]);
        }
        for (int period : FOLDS) {
            double kept = 0;
            for (int i = 0; i < period; i++) {
                double sum = 0;
                for (int j = i; j < Seasonality.DAILY; j += period) {
                    sum += p[j];
                }
                kept += sq(sum) * period / Seasonality.DAILY;
            }
            if (total > 0 && kept >= FOLD * total) {
                return period;
            }
        }
        return Seasonality.DAILY;
    }

    private static double sq(double v) {
        return v * v;
    }
}
