package io.prescale.connectors.influx;

import java.util.List;
import java.util.Objects;

/**
 * The points an InfluxDB sink writer had not written at a checkpoint (the server was down), in line
 * protocol with times in nanoseconds: its state, so that a job resumed from the checkpoint writes
 * them.
 */
public record InfluxBacklog(List<String> lines) {
    public InfluxBacklog {
        lines = List.copyOf(Objects.requireNonNull(lines, "lines"));
    }
}
