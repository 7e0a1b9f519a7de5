package io.prescale.cli.replay;

import io.prescale.model.MetricSample;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The window aggregates a replay must produce, computed straight from the samples (independently of
 * the job's operators): per (entity, metric, window start) the count and mean.
 */
public final class ExpectedWindows {
    private ExpectedWindows() {}

    /** Identifies one window of one series. */
    public record Key(String entity, String metric, Instant windowStart)
            implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = entity.compareTo(o.entity);
            c = c != 0 ? c : metric.compareTo(o.metric);
            return c != 0 ? c : windowStart.compareTo(o.windowStart);
        }
    }

    /** Count, sum and max of one window. */
    public record Totals(long count, double sum, double max) {
        public double mean() {
            return sum / count;
        }

        Totals plus(double v) {
            return new Totals(count + 1, sum + v, Math.max(max, v));
        }
    }

    /**
     * Groups samples into tumbling windows of {@code window} aligned to the epoch, metric names
     * prefixed with {@code metricPrefix} (e.g. {@code "azure_"} for line protocol).
     */
    public static Map<Key, Totals> of(
            List<MetricSample> samples, Duration window, String metricPrefix) {
        long w = window.toMillis();
        Map<Key, Totals> out = new TreeMap<>();
        for (MetricSample s : samples) {
            Instant start = Instant.ofEpochMilli(Math.floorDiv(s.ts().toEpochMilli(), w) * w);
            for (Map.Entry<String, Double> m : s.metrics().entrySet()) {
                out.merge(
                        new Key(s.entity(), metricPrefix + m.getKey(), start),
                        new Totals(1, m.getValue(), m.getValue()),
                        (a, b) -> a.plus(b.sum()));
            }
        }
        return out;
    }
}
