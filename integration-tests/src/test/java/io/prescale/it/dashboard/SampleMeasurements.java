package io.prescale.it.dashboard;

import io.prescale.jobs.influx.AccuracyRow;
import io.prescale.model.Alert;
import io.prescale.model.AlertKind;
import io.prescale.model.Forecast;
import io.prescale.model.Severity;
import io.prescale.model.WindowAggregate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Realistic points for the measurements the scaling job does NOT write yet, derived from what the
 * scaling job did write during a replay (windows and forecasts), so that every dashboard panel has
 * data to show. Each is marked in {@link #NOT_YET_WRITTEN_BY_THE_JOBS}; when the job writes one,
 * drop it here and from that list.
 *
 * <ul>
 *   <li>forecast quantiles {@code q0.5, q0.95, q0.99}: the forecast mean plus z_q·σ, σ the standard
 *       deviation of the series' window-to-window change (model {@code sample-quantiles});
 *   <li>{@code accuracy}: those quantiles scored against the window that ended at the target;
 *   <li>{@code alert}: robust z-score of the window mean against the series' median and MAD, |z|
 *       &gt; 3 (WARNING, CRITICAL above 6);
 * </ul>
 */
final class SampleMeasurements {
    /** The measurements (or fields) written by this class until the jobs write them. */
    static final List<String> NOT_YET_WRITTEN_BY_THE_JOBS =
            List.of("forecast q0.5/q0.95/q0.99", "accuracy", "alert");

    static final String DEMAND_METRIC = "cpu_max_pct";
    private static final double Z50 = 0;
    private static final double Z90 = 1.2816;
    private static final double Z95 = 1.6449;
    private static final double Z99 = 2.3263;

    final List<Forecast> forecasts = new ArrayList<>();
    final List<AccuracyRow> accuracy = new ArrayList<>();
    final List<Alert> alerts = new ArrayList<>();

    SampleMeasurements(List<WindowAggregate> windows, List<Forecast> jobForecasts) {
        Map<String, List<WindowAggregate>> series =
                windows.stream()
                        .sorted((a, b) -> a.windowStart().compareTo(b.windowStart()))
                        .collect(Collectors.groupingBy(w -> w.entity() + "|" + w.metric()));
        series.values().forEach(this::alerts);
        forecastsAndAccuracy(series, jobForecasts);
    }

    private void forecastsAndAccuracy(
            Map<String, List<WindowAggregate>> series, List<Forecast> jobForecasts) {
        Map<String, Double> sigma = new HashMap<>();
        Map<String, WindowAggregate> byEnd = new HashMap<>();
        series.forEach(
                (k, ws) -> {
                    sigma.put(k, changeSigma(ws));
                    ws.forEach(w -> byEnd.put(k + "|" + w.windowEnd(), w));
                });
        for (Forecast f : jobForecasts) {
            String k = f.entity() + "|" + f.metric();
            double s = sigma.getOrDefault(k, 0.0);
            double m = f.mean();
            forecasts.add(
                    new Forecast(
                            f.entity(),
                            f.metric(),
                            f.issuedAt(),
                            f.stepSeconds(),
                            f.horizon(),
                            m,
                            Map.of(0.5, m + Z50 * s, 0.95, m + Z95 * s, 0.99, m + Z99 * s),
                            "sample-quantiles"));
            WindowAggregate actual = byEnd.get(k + "|" + f.target());
            if (actual != null) {
                double y = actual.mean();
                accuracy.add(
                        new AccuracyRow(
                                f.entity(),
                                f.metric(),
                                f.horizon(),
                                pinball(0.5, y, m + Z50 * s),
                                pinball(0.9, y, m + Z90 * s),
                                pinball(0.99, y, m + Z99 * s),
                                y <= m + Z95 * s,
                                y <= m + Z99 * s,
                                y,
                                m,
                                f.target()));
            }
        }
    }

    /** L_q(y, ŷ) = max(q (y − ŷ), (q − 1)(y − ŷ)). */
    static double pinball(double q, double y, double yq) {
        double d = y - yq;
        return Math.max(q * d, (q - 1) * d);
    }

    private static double changeSigma(List<WindowAggregate> ws) {
        double sum = 0;
        double sumSq = 0;
        for (int i = 1; i < ws.size(); i++) {
            double d = ws.get(i).mean() - ws.get(i - 1).mean();
            sum += d;
            sumSq += d * d;
        }
        int n = ws.size() - 1;
        return n < 2 ? 0 : Math.sqrt(Math.max(0, (sumSq - sum * sum / n) / (n - 1)));
    }

    private void alerts(List<WindowAggregate> ws) {
        double[] means = ws.stream().mapToDouble(WindowAggregate::mean).sorted().toArray();
        double median = median(means);
        double mad =
                1.4826
                        * median(
                                Arrays.stream(means)
                                        .map(v -> Math.abs(v - median))
                                        .sorted()
                                        .toArray());
        if (mad == 0) {
            return;
        }
        for (WindowAggregate w : ws) {
            double z = (w.mean() - median) / mad;
            if (Math.abs(z) > 3) {
                alerts.add(
                        new Alert(
                                "sample-" + w.entity() + "-" + w.metric() + "-" + w.windowStart(),
                                w.entity(),
                                w.metric(),
                                z > 0 ? AlertKind.SPIKE : AlertKind.LEVEL_SHIFT,
                                Math.abs(z) > 6 ? Severity.CRITICAL : Severity.WARNING,
                                Math.min(1, Math.abs(z) / 10),
                                w.mean(),
                                median - 3 * mad,
                                median + 3 * mad,
                                w.windowEnd()));
            }
        }
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n == 0 ? 0 : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
