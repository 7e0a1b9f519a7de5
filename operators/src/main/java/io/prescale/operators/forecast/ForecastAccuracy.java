package io.prescale.operators.forecast;

import java.time.Instant;

/**
 * One forecast scored against the value of the step it was for (InfluxDB measurement {@code
 * accuracy}). With the observed value {@code y} and the forecast's q-quantile {@code ŷ_q}, the
 * pinball loss is {@code max(q (y − ŷ_q), (q − 1)(y − ŷ_q))}; an upper bound covers when {@code y ≤
 * ŷ_q}.
 *
 * @param horizon how many steps before its target the forecast was issued
 * @param pinball50 pinball loss of the issued 0.5 quantile
 * @param pinball90 pinball loss of the issued 0.9 quantile
 * @param pinball99 pinball loss of the issued 0.99 quantile
 * @param covered95 whether {@code y ≤ ŷ_0.95}
 * @param covered99 whether {@code y ≤ ŷ_0.99}
 * @param observed the value y (the configured window statistic)
 * @param forecastMean the issued point forecast
 * @param anomalyScore the observed value's anomaly score in [0, 1], the detectors' judgement of the
 *     same value (the same on each horizon's row)
 * @param window the start of the window the forecast was for (its {@link
 *     io.prescale.model.Forecast#target()} is that window's end): the time of the window's other
 *     rows in InfluxDB
 */
public record ForecastAccuracy(
        String entity,
        String metric,
        int horizon,
        double pinball50,
        double pinball90,
        double pinball99,
        boolean covered95,
        boolean covered99,
        double observed,
        double forecastMean,
        double anomalyScore,
        Instant window) {}
