package io.prescale.benchmarks.anomaly;

import io.prescale.ml.anomaly.AnomalyConfig;
import io.prescale.ml.anomaly.ExpectedRange;
import io.prescale.ml.anomaly.ForecastRange;
import io.prescale.ml.anomaly.IsolationForestDetector;
import io.prescale.ml.anomaly.RobustZScoreDetector;
import io.prescale.ml.anomaly.UnivariateAnomalyStack;
import io.prescale.ml.forecast.ForecastConfig;
import io.prescale.ml.forecast.ForecastStack;
import io.prescale.ml.forecast.ForecastState;
import io.prescale.ml.nab.NabCsv;
import io.prescale.ml.nab.NabSeries;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Encoded state bytes of the anomaly detectors after a replay of a real series: each member of the
 * per-series stack, the stack, the forecasting state the residual reads (shared with forecasting),
 * the robust z-score outside the stack, and the per-entity Isolation Forest (lag-3 embedding).
 *
 * <p>Usage: {@code AnomalyStateSize NAB_CSV}
 */
public final class AnomalyStateSize {
    private AnomalyStateSize() {}

    public static void main(String[] args) {
        NabSeries s = NabCsv.read(Path.of(args[0]), "size");
        AnomalyConfig config = AnomalyConfig.defaults();
        ForecastStack forecasts =
                new ForecastStack(ForecastConfig.defaults(Duration.ofMinutes(5)).withAnchors(1));
        UnivariateAnomalyStack stack =
                new UnivariateAnomalyStack(config, ForecastRange.defaults(forecasts));
        UnivariateAnomalyStack.State state = stack.newState();
        ForecastState forecastState = forecasts.newState();
        RobustZScoreDetector robust = config.robustZ();
        RobustZScoreDetector.State robustState = robust.newState();
        IsolationForestDetector forest = IsolationForestDetector.withDefaults(3, config.tail());
        IsolationForestDetector.State forestState = forest.newState();
        double[] lag = new double[3];
        for (int i = 0; i < s.size(); i++) {
            Instant t = s.timestamps()[i].toInstant(ZoneOffset.UTC);
            double v = s.values()[i];
            stack.score(state, forecastState, t, v);
            forecasts.update(forecastState, t.getEpochSecond(), v);
            robust.tailProbability(robustState, t, v, ExpectedRange.NONE);
            if (i >= 2) {
                lag[0] = v;
                lag[1] = s.values()[i - 1];
                lag[2] = s.values()[i - 2];
                forest.tailProbability(forestState, lag);
            }
        }
        var d = state.detector();
        System.out.printf("points replayed            %d (%s)%n", s.size(), args[0]);
        System.out.printf("forecast residual          %4d bytes%n", d.residual().encode().length);
        System.out.printf("CUSUM                      %4d bytes%n", d.cusum().encode().length);
        System.out.printf("level rarity               %4d bytes%n", d.level().encode().length);
        System.out.printf("seasonal envelope          %4d bytes%n", d.envelope().encode().length);
        System.out.printf("combined detectors         %4d bytes%n", d.encode().length);
        System.out.printf("stand-in range             %4d bytes%n", state.range().encode().length);
        System.out.printf("per-series stack           %4d bytes%n", stack.encodedSize(state));
        System.out.printf(
                "forecast state (anchor 1)  %4d bytes (shared with forecasting)%n",
                forecasts.encode(forecastState).length);
        System.out.printf(
                "robust z-score (w = %d)    %4d bytes (not in the stack)%n",
                config.window(), robustState.encode().length);
        System.out.printf(
                "isolation forest (entity)  %4d bytes encoded (256 x 3 ring)%n",
                forest.encodedSize(forestState));
    }
}
