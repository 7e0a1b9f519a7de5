package io.prescale.cli.replay;

import io.prescale.ml.trace.TraceReader;
import io.prescale.ml.trace.TraceRow;
import io.prescale.model.MetricSample;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Turns a canonical trace ({@code timestamp,entity,metric,value}, sorted by time) into the samples
 * an agent would have sent: one sample per (timestamp, entity) holding all its metrics.
 */
public final class TraceSamples {
    private TraceSamples() {}

    /** The samples of the entities {@code keep} accepts, in time order. */
    public static List<MetricSample> read(Path trace, Predicate<String> keep) {
        List<MetricSample> samples = new ArrayList<>();
        Map<String, Map<String, Double>> current = new LinkedHashMap<>();
        Instant[] currentTime = {null};
        TraceReader.forEachRow(
                trace,
                lines -> {},
                row -> {
                    if (!keep.test(row.entity())) {
                        return;
                    }
                    if (!row.time().equals(currentTime[0])) {
                        flush(currentTime[0], current, samples);
                        currentTime[0] = row.time();
                    }
                    current.computeIfAbsent(row.entity(), e -> new LinkedHashMap<>())
                            .put(row.metric(), row.value());
                });
        flush(currentTime[0], current, samples);
        return samples;
    }

    private static void flush(
            Instant time, Map<String, Map<String, Double>> current, List<MetricSample> out) {
        for (Map.Entry<String, Map<String, Double>> e : current.entrySet()) {
            out.add(new MetricSample(e.getKey(), null, time, e.getValue(), Map.of()));
        }
        current.clear();
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
