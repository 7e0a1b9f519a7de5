package io.prescale.benchmarks.job;

import io.prescale.ml.trace.DemandGrid;
import io.prescale.ml.trace.TraceReader;
import io.prescale.model.Ingested;
import io.prescale.model.MetricPoint;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

/**
 * An in-memory source of a real trace: point {@code i} is step {@code i / (E·M)} of entity {@code
 * (i / M) mod E} and metric {@code i mod M}, in time order. The trace is read once per source
 * reader in {@link #open}, so the generator itself is small to ship.
 */
final class TracePoints implements GeneratorFunction<Long, Ingested> {
    static final String[] METRICS = {"cpu_max_pct", "cpu_avg_pct"};

    private final String trace;
    private transient DemandGrid[] grids;

    TracePoints(Path trace) {
        this.trace = trace.toString();
    }

    @Override
    public void open(SourceReaderContext context) {
        grids = new DemandGrid[METRICS.length];
        for (int m = 0; m < METRICS.length; m++) {
            grids[m] = TraceReader.read(Path.of(trace), METRICS[m], Duration.ofMinutes(5));
        }
    }

    static long count(Path trace) {
        DemandGrid g = TraceReader.read(trace, METRICS[0], Duration.ofMinutes(5));
        return (long) g.entities().size() * g.steps() * METRICS.length;
    }

    @Override
    public Ingested map(Long index) {
        int m = (int) (index % METRICS.length);
        DemandGrid g = grids[m];
        long rest = index / METRICS.length;
        int e = (int) (rest % g.entities().size());
        int t = (int) (rest / g.entities().size());
        return Ingested.of(
                new MetricPoint(
                        g.entities().get(e),
                        null,
                        METRICS[m],
                        g.timeOf(t).toEpochMilli(),
                        g.values()[e][t]));
    }
}
