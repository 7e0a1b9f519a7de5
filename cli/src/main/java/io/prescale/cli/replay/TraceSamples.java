package io.prescale.cli.replay;

import io.prescale.ml.trace.TraceFormatException;
import io.prescale.ml.trace.TraceReader;
import io.prescale.ml.trace.TraceRow;
import io.prescale.model.MetricSample;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongConsumer;
import java.util.function.Predicate;

/**
 * Turns a canonical trace ({@code timestamp,entity,metric,value}) into the samples an agent would
 * have sent: one sample per (timestamp, entity) holding all its metrics, in time order whatever the
 * order of the file's rows.
 */
public final class TraceSamples {
    private TraceSamples() {}

    /**
     * The samples of the entities {@code keep} accepts, in time order (entities within one
     * timestamp in the order they first appear there): a shuffled trace is sent as agents would
     * have sent it, not in file order, in which the job would take most of it as late. The rows of
     * one entity and timestamp are one sample wherever they are in the file; a metric given twice
     * there sends the larger value, as the backtest's grid takes the larger of a step's samples
     * (the last was sent, and the job's windows then held another maximum than the backtest's).
     *
     * @throws TraceFormatException naming the file and line of a malformed row or of a value the
     *     job would dead-letter ({@link TraceReader}), or naming an entity a few of whose
     *     timestamps lie far from its others, as the backtest refuses them ({@link
     *     TraceReader.Strays}): a mistyped year would make the replay's span, and the job's
     *     windows, run over decades
     */
    public static List<MetricSample> read(Path trace, Predicate<String> keep) {
        return read(trace, keep, Map.of());
    }

    /**
     * As {@link #read(Path, Predicate)}, each sample of an entity {@code tenants} names carrying
     * that tenant (the others none).
     */
    public static List<MetricSample> read(
            Path trace, Predicate<String> keep, Map<String, String> tenants) {
        return read(trace, keep, tenants, repeats -> {});
    }

    /**
     * As {@link #read(Path, Predicate, Map)}, telling {@code repeated} how many rows repeated an
     * (entity, metric, timestamp) of an earlier row, when any did.
     */
    public static List<MetricSample> read(
            Path trace,
            Predicate<String> keep,
            Map<String, String> tenants,
            LongConsumer repeated) {
        TreeMap<Instant, Map<String, Map<String, Double>>> byTime = new TreeMap<>();
        long[] repeats = {0};
        TraceReader.forEachRow(
                trace,
                lines -> {},
                row -> {
                    if (keep.test(row.entity())) {
                        Map<String, Double> metrics =
                                byTime.computeIfAbsent(row.time(), t -> new LinkedHashMap<>())
                                        .computeIfAbsent(row.entity(), e -> new LinkedHashMap<>());
                        Double before = metrics.get(row.metric());
                        if (before != null) {
                            repeats[0]++;
                        }
                        metrics.put(
                                row.metric(),
                                before == null ? row.value() : Math.max(before, row.value()));
                    }
                });
        if (repeats[0] > 0) {
            repeated.accept(repeats[0]);
        }
        List<MetricSample> samples = new ArrayList<>();
        byTime.forEach(
                (time, entities) ->
                        entities.forEach(
                                (entity, metrics) ->
                                        samples.add(
                                                new MetricSample(
                                                        entity,
                                                        tenants.get(entity),
                                                        time,
                                                        metrics,
                                                        Map.of()))));
        refuseStrays(trace, samples);
        return samples;
    }

    /** Refuses an entity a few of whose timestamps lie far from its others (in milliseconds). */
    private static void refuseStrays(Path trace, List<MetricSample> samples) {
        Map<String, List<Long>> times = new LinkedHashMap<>();
        for (MetricSample s : samples) {
            times.computeIfAbsent(s.entity(), e -> new ArrayList<>()).add(s.ts().toEpochMilli());
        }
        for (Map.Entry<String, List<Long>> e : times.entrySet()) {
            TraceReader.Strays s =
                    TraceReader.Strays.among(
                            e.getValue().stream().mapToLong(Long::longValue).toArray());
            if (s != null) {
                throw new TraceFormatException(
                        trace,
                        s.line(trace, e.getKey(), null, Duration.ofMillis(1)),
                        s.describe(e.getKey(), "timestamp", "", Duration.ofMillis(1))
                                + "; is a timestamp wrong?");
            }
        }
    }

    /** The first {@code n} entities of a trace, in order of first appearance. */
    public static List<String> firstEntities(Path trace, int n) {
        List<String> entities = new ArrayList<>();
        TraceReader.forEachRow(
                trace,
                lines -> {},
                (TraceRow row) -> {
                    if (entities.size() < n && !entities.contains(row.entity())) {
                        entities.add(row.entity());
                    }
                });
        return entities;
    }
}
