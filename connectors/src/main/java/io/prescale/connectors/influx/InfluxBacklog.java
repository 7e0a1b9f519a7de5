package io.prescale.connectors.influx;

import java.util.List;
import java.util.Objects;

/**
 * An InfluxDB sink writer's state in a checkpoint: the points it had not written (the server was
 * down), in line protocol with times in nanoseconds, so that a job resumed from the checkpoint
 * writes them; and the entities it wrote as tags ({@link EntityTags#tagged}), so that it writes
 * them so again.
 */
public record InfluxBacklog(List<String> lines, List<String> tagged) {
    public InfluxBacklog {
        lines = List.copyOf(Objects.requireNonNull(lines, "lines"));
        tagged = List.copyOf(Objects.requireNonNull(tagged, "tagged"));
    }

    /** Points only. */
    public InfluxBacklog(List<String> lines) {
        this(lines, List.of());
    }
}
