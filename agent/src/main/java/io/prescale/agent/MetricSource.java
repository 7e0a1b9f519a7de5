package io.prescale.agent;

import java.util.List;

/** Where the agent's readings come from: OSHI on a real machine, a script in tests. */
public interface MetricSource {
    /**
     * Reads the counters of every entity this source covers, once. An entity that cannot be read
     * this time (a process that just exited) is left out rather than failing the round.
     */
    List<Reading> read();
}
