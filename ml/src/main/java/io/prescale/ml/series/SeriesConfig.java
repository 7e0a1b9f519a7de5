package io.prescale.ml.series;

import io.prescale.ml.anomaly.AnomalyConfig;
import io.prescale.ml.forecast.ForecastConfig;
import io.prescale.ml.forecast.QuantileLevelSet;
import java.time.Duration;
import java.util.Arrays;

/**
 * Everything that shapes one series' {@link SeriesModel}, the same for every series of a job.
 *
 * @param forecast the forecast stack: step, H, anchor horizons, AR order
 * @param anomaly the detectors' parameters ({@link AnomalyConfig#defaults()} in the job); the
 *     forecast-residual detector's range is the stack's one-step range at {@code 1 −
 *     anomaly.rangeLevel()}
 * @param levels the quantile levels read out for every horizon (each in [0.5, 0.999])
 * @param scoredHorizons the horizons whose forecasts are remembered until their target step and
 *     scored against it: 1..4 of them, strictly increasing within 1..H (e.g. 1 and the policy's
 *     lead)
 */
public record SeriesConfig(
        ForecastConfig forecast,
        AnomalyConfig anomaly,
        QuantileLevelSet levels,
        int[] scoredHorizons) {

    public SeriesConfig {
        if (forecast == null || anomaly == null || levels == null) {
            throw new IllegalArgumentException("forecast, anomaly and levels must be given");
        }
        if (scoredHorizons == null || scoredHorizons.length < 1 || scoredHorizons.length > 4) {
            throw new IllegalArgumentException(
                    "scoredHorizons must hold 1..4 horizons, was "
                            + Arrays.toString(scoredHorizons));
        }
        scoredHorizons = scoredHorizons.clone();
        for (int i = 0; i < scoredHorizons.length; i++) {
            int h = scoredHorizons[i];
            if (h < 1 || h > forecast.maxHorizon() || (i > 0 && h <= scoredHorizons[i - 1])) {
                throw new IllegalArgumentException(
                        "scoredHorizons must increase strictly within 1..H ("
                                + forecast.maxHorizon()
                                + "), were "
                                + Arrays.toString(scoredHorizons));
            }
        }
    }

    /**
     * What the streaming job runs each series with under its default options, with {@code step} its
     * window size: {@link ForecastConfig#defaults} (H = 12, calibrated at the lead, 2 steps,
     * AR(6)), {@code anomaly}, the levels 0.5, 0.9, 0.95, 0.99 and the horizons 1 and the lead
     * scored. {@code prescale detect} scores with it, so that its scores are the job's; a test in
     * {@code jobs/} keeps it equal to the job's options' defaults.
     */
    public static SeriesConfig jobDefaults(Duration step, AnomalyConfig anomaly) {
        ForecastConfig forecast = ForecastConfig.defaults(step);
        return new SeriesConfig(
                forecast,
                anomaly,
                QuantileLevelSet.of(0.5, 0.9, 0.95, 0.99),
                oneAndLead(forecast.anchorHorizons()[0]));
    }

    /** Horizon 1 and {@code lead} (just 1 when the lead is 1). */
    public static int[] oneAndLead(int lead) {
        return lead <= 1 ? new int[] {1} : new int[] {1, lead};
    }

    @Override
    public int[] scoredHorizons() {
        return scoredHorizons.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SeriesConfig c
                && forecast.equals(c.forecast)
                && anomaly.equals(c.anomaly)
                && levels.equals(c.levels)
                && Arrays.equals(scoredHorizons, c.scoredHorizons);
    }

    @Override
    public int hashCode() {
        return ((forecast.hashCode() * 31 + anomaly.hashCode()) * 31 + levels.hashCode()) * 31
                + Arrays.hashCode(scoredHorizons);
    }

    @Override
    public String toString() {
        return "SeriesConfig[forecast="
                + forecast
                + ", anomaly="
                + anomaly
                + ", levels="
                + levels
                + ", scoredHorizons="
                + Arrays.toString(scoredHorizons)
                + "]";
    }
}
