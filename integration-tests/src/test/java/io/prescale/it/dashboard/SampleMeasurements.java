package io.prescale.it.dashboard;

import io.prescale.model.Alert;
import io.prescale.model.AlertKind;
import io.prescale.model.Severity;
import io.prescale.model.WindowAggregate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Realistic points for the measurements the scaling job does NOT write yet, derived from what the
 * scaling job did write during a replay (windows), so that every dashboard panel has data to show.
 * Each is marked in {@link #NOT_YET_WRITTEN_BY_THE_JOBS}; when the job writes one, drop it here and
 * from that list.
 *
 * <ul>
 *   <li>{@code alert}: robust z-score of the window mean against the series' median and MAD, |z|
 *       &gt; 3 (WARNING, CRITICAL above 6). The job's own detectors need 250 points of a series
 *       before they alert, more than one day of 15-minute windows.
 * </ul>
 */
final class SampleMeasurements {
    /** The measurements (or fields) written by this class until the jobs write them. */
    static final List<String> NOT_YET_WRITTEN_BY_THE_JOBS = List.of("alert");

    static final String DEMAND_METRIC = "cpu_max_pct";
    final List<Alert> alerts = new ArrayList<>();

    SampleMeasurements(List<WindowAggregate> windows) {
        Map<String, List<WindowAggregate>> series =
                windows.stream()
                        .sorted((a, b) -> a.windowStart().compareTo(b.windowStart()))
                        .collect(Collectors.groupingBy(w -> w.entity() + "|" + w.metric()));
        series.values().forEach(this::alerts);
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
