package io.prescale.agent;

import io.prescale.model.MetricSample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Turns successive rounds of {@link Reading}s into {@link MetricSample}s. Gauges (memory) are
 * published from every reading; rates (CPU, disk, network) need the entity's previous reading, so
 * an entity's first round yields gauges only (see {@link RateCalculator} for the edge cases). An
 * entity missing from a round (a process that exited) is forgotten, so a new process that reuses
 * its name and pid starts afresh. Time is an argument: {@code now} is when the round was read.
 *
 * <p>Not thread-safe; one agent loop owns it.
 */
public final class SampleBuilder {
    private final String tenant;
    private Map<String, Timed> previous = new HashMap<>();

    /**
     * @param tenant the tenant every sample is published under, or {@code null}
     */
    public SampleBuilder(String tenant) {
        this.tenant = tenant;
    }

    /** Builds this round's samples and remembers the readings for the next round. */
    public List<MetricSample> build(List<Reading> readings, Instant now) {
        Map<String, Timed> next = new HashMap<>();
        List<MetricSample> samples = new ArrayList<>(readings.size());
        for (Reading r : readings) {
            Timed before = previous.get(r.entity());
            Map<String, Double> metrics = metrics(before, r, now);
            next.put(r.entity(), new Timed(r, now));
            if (!metrics.isEmpty()) {
                samples.add(new MetricSample(r.entity(), tenant, now, metrics, r.labels()));
            }
        }
        previous = next;
        return samples;
    }

    private static Map<String, Double> metrics(Timed before, Reading r, Instant now) {
        Map<String, Double> m = new LinkedHashMap<>();
        if (before != null) {
            Reading p = before.reading();
            Duration dt = Duration.between(before.at(), now);
            put(
                    m,
                    MetricNames.CPU_PCT,
                    RateCalculator.busyPercent(
                            p.cpuBusy(), r.cpuBusy(), p.cpuCapacity(), r.cpuCapacity()));
            put(
                    m,
                    MetricNames.DISK_READ_BPS,
                    RateCalculator.perSecond(p.io().diskReadBytes(), r.io().diskReadBytes(), dt));
            put(
                    m,
                    MetricNames.DISK_WRITE_BPS,
                    RateCalculator.perSecond(p.io().diskWriteBytes(), r.io().diskWriteBytes(), dt));
            put(
                    m,
                    MetricNames.NET_RX_BPS,
                    RateCalculator.perSecond(p.io().netRxBytes(), r.io().netRxBytes(), dt));
            put(
                    m,
                    MetricNames.NET_TX_BPS,
                    RateCalculator.perSecond(p.io().netTxBytes(), r.io().netTxBytes(), dt));
        }
        if (r.memUsedBytes() >= 0) {
            m.put(MetricNames.MEM_USED_BYTES, (double) r.memUsedBytes());
            put(
                    m,
                    MetricNames.MEM_USED_PCT,
                    RateCalculator.percent(r.memUsedBytes(), r.memTotalBytes()));
        }
        return m;
    }

    private static void put(Map<String, Double> m, String name, OptionalDouble v) {
        if (v.isPresent()) {
            m.put(name, v.getAsDouble());
        }
    }

    private record Timed(Reading reading, Instant at) {}
}
