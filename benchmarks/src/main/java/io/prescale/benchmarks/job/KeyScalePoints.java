package io.prescale.benchmarks.job;

import io.prescale.ml.trace.DemandGrid;
import io.prescale.model.Ingested;
import io.prescale.model.MetricPoint;
import io.prescale.model.RecordOrigin;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

/**
 * An in-memory source of {@code N} concurrent entities, each {@code S} 5-minute steps long, made
 * from a real trace: entity {@code c} is the trace's VM {@code c mod E} from step {@code 37 ⌊c / E⌋
 * mod (T − S)} on, so copies of one VM are its other hours. All entities share the time axis, so
 * all {@code N} keys are live at once. Point {@code i} is metric {@code i mod M} of entity {@code
 * (i / M) mod N} at step {@code i / (M·N)}.
 *
 * <p>When it hands out the point at {@code markAt}, the generator collects the heap in full and
 * notes the bytes in use and how long the collection took ({@link #liveHeap}, {@link
 * #collectionNanos}): the job's state for all {@code N} entities is then held.
 */
final class KeyScalePoints implements GeneratorFunction<Long, Ingested> {
    private static final String TOPIC = "prescale.metrics";
    private static volatile long liveHeap = -1;
    private static volatile long collectionNanos;

    private final String trace;
    private final int entities;
    private final int steps;
    private final long markAt;
    private transient DemandGrid[] grids;
    private transient String[] names;
    private transient int[] vm;
    private transient int[] from;

    KeyScalePoints(Path trace, int entities, int steps, long markAt) {
        this.trace = trace.toString();
        this.entities = entities;
        this.steps = steps;
        this.markAt = markAt;
    }

    /** The points of {@code entities × steps} on the trace's metrics. */
    static long count(int entities, int steps) {
        return (long) entities * steps * TracePoints.METRICS.length;
    }

    /** Bytes in use after the full collection at {@code markAt}; -1 before it. */
    static long liveHeap() {
        return liveHeap;
    }

    static long collectionNanos() {
        return collectionNanos;
    }

    static void reset() {
        liveHeap = -1;
        collectionNanos = 0;
    }

    @Override
    public void open(SourceReaderContext context) {
        grids = TracePoints.grids(trace);
        int e = grids[0].entities().size();
        int span = grids[0].steps() - steps;
        if (span <= 0) {
            throw new IllegalArgumentException(
                    "the trace has " + grids[0].steps() + " steps, fewer than " + steps);
        }
        names = new String[entities];
        vm = new int[entities];
        from = new int[entities];
        for (int c = 0; c < entities; c++) {
            names[c] = String.format("s-%07d", c);
            vm[c] = c % e;
            from[c] = (int) (37L * (c / e) % span);
        }
    }

    @Override
    public Ingested map(Long index) {
        if (index == 0) {
            ProcessCpu.markStart();
        }
        if (index == markAt) {
            long t0 = System.nanoTime();
            System.gc();
            collectionNanos = System.nanoTime() - t0;
            liveHeap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        }
        int m = (int) (index % TracePoints.METRICS.length);
        long rest = index / TracePoints.METRICS.length;
        int c = (int) (rest % entities);
        int t = (int) (rest / entities);
        DemandGrid g = grids[m];
        return Ingested.of(
                new MetricPoint(
                        names[c],
                        null,
                        TracePoints.METRICS[m],
                        g.timeOf(t).toEpochMilli(),
                        g.values()[vm[c]][from[c] + t],
                        new RecordOrigin(TOPIC, 0, index)));
    }
}
