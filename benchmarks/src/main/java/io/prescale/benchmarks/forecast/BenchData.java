package io.prescale.benchmarks.forecast;

import io.prescale.ml.trace.DemandGrid;
import io.prescale.ml.trace.TraceReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

/**
 * The series the forecasting benchmarks replay: the first {@code entities} entities of a real
 * trace, one metric, on its grid. Read once per JVM (JMH forks read it in their own setup).
 */
final class BenchData {
    /** Trace file, metric and step of the JMH benchmarks (system property {@code bench.trace}). */
    static final String TRACE =
            System.getProperty("bench.trace", "../shared/data/azure-vm-2017.csv.gz");

    static final String METRIC = System.getProperty("bench.metric", "cpu_max_pct");

    private BenchData() {}

    /**
     * The first {@code entities} rows of {@code metric} in {@code trace} on a grid of {@code step}.
     */
    static DemandGrid read(String trace, String metric, Duration step, int entities) {
        DemandGrid g = TraceReader.read(Path.of(trace), metric, step);
        int n = Math.min(entities, g.entities().size());
        return new DemandGrid(
                g.start(),
                g.step(),
                g.entities().subList(0, n),
                Arrays.copyOf(g.values(), n),
                Arrays.copyOf(g.firstObservedStep(), n),
                Arrays.copyOf(g.lastObservedStep(), n),
                Arrays.copyOf(g.filled(), n));
    }
}
