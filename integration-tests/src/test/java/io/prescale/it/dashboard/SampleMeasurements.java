package io.prescale.it.dashboard;

import io.prescale.jobs.influx.AccuracyRow;
import io.prescale.jobs.influx.AllocationRow;
import io.prescale.jobs.influx.LedgerRow;
import io.prescale.jobs.influx.PoolRow;
import io.prescale.model.ActuationResult;
import io.prescale.model.ActuationStatus;
import io.prescale.model.Alert;
import io.prescale.model.AlertKind;
import io.prescale.model.Forecast;
import io.prescale.model.ScaleCommand;
import io.prescale.model.Severity;
import io.prescale.model.WindowAggregate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Realistic points for the measurements the scaling job does NOT write yet, derived from what the
 * jobs did write during a replay (windows, forecasts, commands, actuation results), so that every
 * dashboard panel has data to show. Each is marked in {@link #NOT_YET_WRITTEN_BY_THE_JOBS}; when
 * the job writes one, drop it here and from that list.
 *
 * <ul>
 *   <li>forecast quantiles {@code q0.5, q0.95, q0.99}: the forecast mean plus z_q·σ, σ the standard
 *       deviation of the series' window-to-window change (model {@code sample-quantiles});
 *   <li>{@code accuracy}: those quantiles scored against the window that ended at the target;
 *   <li>{@code alert}: robust z-score of the window mean against the series' median and MAD, |z|
 *       &gt; 3 (WARNING, CRITICAL above 6);
 *   <li>{@code allocation} and {@code pool}: each command a request to pool {@code default} at its
 *       needed-by time; capacity 80 % of the largest total request, granted by tier then
 *       proportionally (the arbiter's rule), speculative = the part above the last window max;
 *   <li>{@code ledger}: each actuation result against the command of its version.
 * </ul>
 */
final class SampleMeasurements {
    /** The measurements (or fields) written by this class until the jobs write them. */
    static final List<String> NOT_YET_WRITTEN_BY_THE_JOBS =
            List.of(
                    "forecast q0.5/q0.95/q0.99",
                    "accuracy",
                    "alert",
                    "allocation",
                    "pool",
                    "ledger");

    static final String POOL = "default";
    static final String DEMAND_METRIC = "cpu_max_pct";
    private static final double Z50 = 0;
    private static final double Z90 = 1.2816;
    private static final double Z95 = 1.6449;
    private static final double Z99 = 2.3263;

    final List<Forecast> forecasts = new ArrayList<>();
    final List<AccuracyRow> accuracy = new ArrayList<>();
    final List<Alert> alerts = new ArrayList<>();
    final List<AllocationRow> allocations = new ArrayList<>();
    final List<PoolRow> pools = new ArrayList<>();
    final List<LedgerRow> ledger = new ArrayList<>();

    SampleMeasurements(
            List<WindowAggregate> windows,
            List<Forecast> jobForecasts,
            List<ScaleCommand> commands,
            List<ActuationResult> results) {
        Map<String, List<WindowAggregate>> series =
                windows.stream()
                        .sorted((a, b) -> a.windowStart().compareTo(b.windowStart()))
                        .collect(Collectors.groupingBy(w -> w.entity() + "|" + w.metric()));
        series.values().forEach(this::alerts);
        forecastsAndAccuracy(series, jobForecasts);
        allocationsAndPools(series, commands);
        ledger(commands, results);
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

    private void allocationsAndPools(
            Map<String, List<WindowAggregate>> series, List<ScaleCommand> commands) {
        Map<Instant, List<ScaleCommand>> steps = new TreeMap<>();
        commands.forEach(c -> steps.computeIfAbsent(c.neededBy(), t -> new ArrayList<>()).add(c));
        double capacity =
                0.8
                        * steps.values().stream()
                                .mapToDouble(
                                        cs ->
                                                cs.stream()
                                                        .mapToDouble(ScaleCommand::targetAmount)
                                                        .sum())
                                .max()
                                .orElse(0);
        steps.forEach((t, cs) -> arbitrate(t, cs, capacity, series));
    }

    /** Higher tiers first, then proportionally within the tier that no longer fits. */
    private void arbitrate(
            Instant step,
            List<ScaleCommand> cs,
            double capacity,
            Map<String, List<WindowAggregate>> series) {
        Map<Integer, List<ScaleCommand>> tiers =
                new TreeMap<>(cs.stream().collect(Collectors.groupingBy(ScaleCommand::tier)));
        double left = capacity;
        for (Map.Entry<Integer, List<ScaleCommand>> tier : tiers.entrySet()) {
            double requested =
                    tier.getValue().stream().mapToDouble(ScaleCommand::targetAmount).sum();
            double share = requested <= 0 ? 1 : Math.min(1, left / requested);
            double granted = 0;
            double shadow = 0;
            for (ScaleCommand c : tier.getValue()) {
                double g = c.targetAmount() * share;
                double reactive = lastMaxBefore(series, c.entity(), c.issuedAt());
                double speculative =
                        Math.max(0, Math.min(c.targetAmount(), c.targetAmount() - reactive));
                allocations.add(
                        new AllocationRow(
                                c.entity(),
                                c.resource(),
                                POOL,
                                share < 1 ? "CUT_BY_CAPACITY" : c.action().name(),
                                c.targetAmount(),
                                g,
                                speculative,
                                c.tier(),
                                c.forecastQuantile(),
                                c.confidence(),
                                c.neededBy()));
                granted += g;
                shadow += Math.min(g, speculative);
            }
            left = Math.max(0, left - granted);
            String resource = tier.getValue().get(0).resource();
            pools.add(
                    new PoolRow(
                            POOL,
                            resource,
                            tier.getKey(),
                            capacity,
                            requested,
                            granted,
                            shadow,
                            Math.max(0, requested - granted),
                            step));
        }
    }

    /** The max of the demand metric's last window that ended by {@code t}: the reactive level. */
    private static double lastMaxBefore(
            Map<String, List<WindowAggregate>> series, String entity, Instant t) {
        double last = 0;
        for (WindowAggregate w : series.getOrDefault(entity + "|" + DEMAND_METRIC, List.of())) {
            if (!w.windowEnd().isAfter(t)) {
                last = w.max();
            }
        }
        return last;
    }

    private void ledger(List<ScaleCommand> commands, List<ActuationResult> results) {
        Map<String, ScaleCommand> byVersion = new HashMap<>();
        commands.forEach(c -> byVersion.put(c.entity() + "|" + c.version(), c));
        Map<String, Long> appliedVersion = new HashMap<>();
        results.stream()
                .sorted((a, b) -> a.time().compareTo(b.time()))
                .forEach(
                        r -> {
                            ScaleCommand c = byVersion.get(r.entity() + "|" + r.version());
                            if (c == null) {
                                return;
                            }
                            if (r.status() == ActuationStatus.APPLIED) {
                                appliedVersion.put(r.entity(), r.version());
                            }
                            ledger.add(
                                    new LedgerRow(
                                            r.entity(),
                                            r.resource(),
                                            c.targetAmount(),
                                            r.appliedAmount(),
                                            r.version(),
                                            appliedVersion.getOrDefault(r.entity(), 0L),
                                            r.status(),
                                            r.time()));
                        });
    }
}
