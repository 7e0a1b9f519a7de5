package io.prescale.operators.forecast;

import io.prescale.ml.anomaly.AnomalyConfig;
import io.prescale.ml.forecast.ForecastConfig;
import io.prescale.ml.forecast.QuantileLevelSet;
import io.prescale.ml.series.SeriesConfig;
import java.io.Serializable;
import java.time.Duration;
import java.util.Arrays;

/**
 * How the per-series forecasting operator runs, in plain serializable values ({@link #series()}
 * builds the {@code ml/} config from them).
 *
 * @param step the window size: one forecast step
 * @param horizons H: forecasts are put out for horizons 1..H steps (1..64)
 * @param levels the quantile levels put out with every forecast, strictly increasing within [0.5,
 *     0.999]
 * @param leadSteps the allocation policy's lead L: the stack's quantiles are calibrated at L, and
 *     the forecasts for 1 and L steps ahead are remembered and scored (1 ≤ L ≤ H)
 * @param statistic the window statistic the forecaster learns
 * @param stateTtl how long a series' state lives after its last window (event time), &gt; 0
 */
public record ForecastSettings(
        Duration step,
        int horizons,
        double[] levels,
        int leadSteps,
        WindowStatistic statistic,
        Duration stateTtl)
        implements Serializable {
    /** The AR order of the stack's RLS AR member. */
    public static final int AR_ORDER = 6;

    public ForecastSettings {
        if (statistic == null) {
            throw new IllegalArgumentException("statistic must be given");
        }
        if (stateTtl == null || stateTtl.isNegative() || stateTtl.isZero()) {
            throw new IllegalArgumentException("state TTL must be > 0, was " + stateTtl);
        }
        if (leadSteps < 1 || leadSteps > horizons) {
            throw new IllegalArgumentException(
                    "the lead ("
                            + leadSteps
                            + " steps) must be within the horizons 1.."
                            + horizons);
        }
        levels = levels == null ? null : levels.clone();
        series(step, horizons, levels, leadSteps);
    }

    /** H = 12, levels 0.5, 0.9, 0.95, 0.99, the window maximum, a TTL of one day. */
    public static ForecastSettings defaults(Duration step, int leadSteps) {
        return new ForecastSettings(
                step,
                12,
                new double[] {0.5, 0.9, 0.95, 0.99},
                leadSteps,
                WindowStatistic.MAX,
                Duration.ofDays(1));
    }

    /** The series model's config; the detectors take {@link AnomalyConfig#defaults()}. */
    public SeriesConfig series() {
        return series(step, horizons, levels, leadSteps);
    }

    private static SeriesConfig series(Duration step, int horizons, double[] levels, int lead) {
        return new SeriesConfig(
                new ForecastConfig(step, horizons, new int[] {lead}, AR_ORDER),
                AnomalyConfig.defaults(),
                QuantileLevelSet.of(levels),
                SeriesConfig.oneAndLead(lead));
    }

    @Override
    public double[] levels() {
        return levels.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ForecastSettings s
                && step.equals(s.step)
                && horizons == s.horizons
                && Arrays.equals(levels, s.levels)
                && leadSteps == s.leadSteps
                && statistic == s.statistic
                && stateTtl.equals(s.stateTtl);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(levels) * 31 + step.hashCode() + horizons * 7 + leadSteps;
    }

    @Override
    public String toString() {
        return "ForecastSettings[step="
                + step
                + ", horizons="
                + horizons
                + ", levels="
                + Arrays.toString(levels)
                + ", leadSteps="
                + leadSteps
                + ", statistic="
                + statistic
                + ", stateTtl="
                + stateTtl
                + "]";
    }
}
