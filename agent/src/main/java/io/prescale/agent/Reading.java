package io.prescale.agent;

import java.util.Map;

/**
 * One raw reading of an entity's resource counters, as a {@link MetricSource} took it. Counters
 * only grow while the entity lives; {@link SampleBuilder} turns two successive readings into rates.
 *
 * @param entity the entity the counters belong to (host name, or {@code <host>/<name>-<pid>})
 * @param labels labels to publish with the sample; never {@code null}
 * @param cpuBusy CPU time spent busy, in any unit shared with {@code cpuCapacity} (OSHI ticks for a
 *     host; milliseconds for a process)
 * @param cpuCapacity CPU time available over the same span in the same unit (all ticks for a host;
 *     process up-time milliseconds times logical CPUs for a process)
 * @param memUsedBytes memory in use now (host: total minus available; process: resident set)
 * @param memTotalBytes physical memory of the host
 * @param io cumulative disk and network byte counters
 */
public record Reading(
        String entity,
        Map<String, String> labels,
        long cpuBusy,
        long cpuCapacity,
        long memUsedBytes,
        long memTotalBytes,
        IoCounters io) {

    public Reading {
        if (entity == null || entity.isBlank()) {
            throw new IllegalArgumentException("entity must not be blank");
        }
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        if (io == null) {
            throw new IllegalArgumentException("io must not be null");
        }
    }
}
