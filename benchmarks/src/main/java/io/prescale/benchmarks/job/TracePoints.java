package io.prescale.benchmarks.job;

import io.prescale.ml.trace.DemandGrid;
import io.prescale.ml.trace.TraceReader;
import io.prescale.model.Ingested;
import io.prescale.model.MetricPoint;
import io.prescale.model.RecordOrigin;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

/**
 * An in-memory source of a real trace (5-minute steps), in time order: each step's values as {@code
 * K} samples per entity and metric ({@code perStep}), {@code 5 min / K} apart, all with the step's
 * value, as an agent sampling every {@code 5 min / K} would send a demand that held for the step (K
 * = 1: the trace as it is, one sample per 5-minute window; K = 30: the agent's default 10 s
 * interval). Point {@code i} is metric {@code i mod M} of entity {@code (i / M) mod E}, sample
 * {@code (i / (E·M)) mod K} of step {@code i / (E·M·K)}. The trace is parsed once per JVM (the
 * MiniCluster runs in the benchmark's JVM), by {@link #count} before any run is timed, and the
 * readers take it from there in {@link #open}, so the generator itself is small to ship and no
 * run's clock includes parsing a CSV file.
 *
 * <p>The generator notes when it hands out point 0 ({@link ProcessCpu#markStart}), so a run can be
 * timed from its first point rather than from the MiniCluster's start.
 */
final class TracePoints implements GeneratorFunction<Long, Ingested> {
    static final String[] METRICS = {"cpu_max_pct", "cpu_avg_pct"};

    /** The topic each point names as its origin, as the job's Kafka source's points do. */
    private static final String TOPIC = "prescale.metrics";

    private static final Map<String, DemandGrid[]> PARSED = new ConcurrentHashMap<>();

    private final String trace;
    private final int perStep;
    private transient DemandGrid[] grids;

    TracePoints(Path trace, int perStep) {
        if (perStep < 1) {
            throw new IllegalArgumentException("samples per step must be >= 1, was " + perStep);
        }
        this.trace = trace.toString();
        this.perStep = perStep;
    }

    @Override
    public void open(SourceReaderContext context) {
        grids = grids(trace);
    }

    static DemandGrid[] grids(String trace) {
        return PARSED.computeIfAbsent(
                trace,
                t -> {
                    DemandGrid[] g = new DemandGrid[METRICS.length];
                    for (int m = 0; m < METRICS.length; m++) {
                        g[m] = TraceReader.read(Path.of(t), METRICS[m], Duration.ofMinutes(5));
                    }
                    return g;
                });
    }

    /**
     * The points of {@code trace} at {@code perStep} samples a step, parsing it for the runs to
     * come.
     */
    static long count(Path trace, int perStep) {
        DemandGrid g = grids(trace.toString())[0];
        return (long) g.entities().size() * g.steps() * METRICS.length * perStep;
    }

    @Override
    public Ingested map(Long index) {
        if (index == 0) {
            ProcessCpu.markStart();
        }
        int m = (int) (index % METRICS.length);
        DemandGrid g = grids[m];
        long rest = index / METRICS.length;
        int e = (int) (rest % g.entities().size());
        long sample = rest / g.entities().size();
        int t = (int) (sample / perStep);
        long offset = (sample % perStep) * g.step().toMillis() / perStep;
        return Ingested.of(
                new MetricPoint(
                        g.entities().get(e),
                        null,
                        METRICS[m],
                        g.timeOf(t).toEpochMilli() + offset,
                        g.values()[e][t],
                        new RecordOrigin(TOPIC, 0, index)));
    }
}
