package io.prescale.benchmarks.job;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The whole predictive scaling job at many concurrent keys: for each entity count {@code N}, the
 * pass-through job and then the full job read {@code N} entities × {@code S} 5-minute steps × 2
 * metrics ({@link KeyScalePoints}: real Azure VM series, every entity live at once), on a local
 * MiniCluster as {@link JobThroughput} runs them (heap state backend unless told otherwise,
 * parallelism 1, checkpoints every 10 s to files). Prints points per second and CPU per point of
 * both, their ratio, the heap in use after a full collection at 95 % of the points, once all {@code
 * N} entities' state is held (the full job's minus the pass-through's, over {@code N}, is the heap
 * per entity), and the checkpoints each job completed with the bytes they wrote ({@link
 * CheckpointWrites}).
 *
 * <p>Usage: {@code JobKeyScale TRACE N1,N2,... [--steps S] [--warmup W] [--rocksdb] [-Dkey=value
 * ...]} (default {@code S} = 24, two hours of sessions; job options go to the full job, and their
 * Flink settings to both). {@code --rocksdb} runs both jobs on the RocksDB state backend with
 * incremental checkpoints ({@code -Dstate.backend.type=rocksdb
 * -Dexecution.checkpointing.incremental=true}). The first run of each job, on {@code W} entities
 * (default 10,000; 0 for none), warms the JIT up and is left out. The collection's pause is taken
 * out of the wall time; its CPU stays in the CPU per point. Run with a heap that holds the largest
 * {@code N} (e.g. {@code -Xmx16g} for 300,000 on the heap backend).
 */
public final class JobKeyScale {
    private JobKeyScale() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            throw new IllegalArgumentException(
                    "usage: JobKeyScale TRACE N1,N2,... [--steps S] [--warmup W] [--rocksdb]"
                            + " [-Dkey=value ...]");
        }
        Path trace = Path.of(args[0]);
        int[] counts = Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray();
        int steps = 24;
        int warmup = 10_000;
        List<String> options = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            if (args[i].equals("--steps") && i + 1 < args.length) {
                steps = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--warmup") && i + 1 < args.length) {
                warmup = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--rocksdb")) {
                options.add("-Dstate.backend.type=rocksdb");
                options.add("-Dexecution.checkpointing.incremental=true");
            } else if (args[i].startsWith("-D")) {
                options.add(args[i]);
            } else {
                throw new IllegalArgumentException(
                        "expected --steps S, --warmup W, --rocksdb or -Dkey=value, was " + args[i]);
            }
        }
        TracePoints.grids(trace.toString()); // parsed before any run is timed
        System.out.printf(
                "%d steps per entity, 2 metrics, heap max %.1f GiB, job options %s%n",
                steps, Runtime.getRuntime().maxMemory() / (double) (1L << 30), options);
        String[] jobOptions = options.toArray(new String[0]);
        if (warmup > 0) {
            long points = KeyScalePoints.count(warmup, steps);
            KeyScalePoints generator = new KeyScalePoints(trace, warmup, steps, -1);
            JobThroughput.passThrough(generator, points, jobOptions);
            JobThroughput.fullJob(generator, points, jobOptions);
            System.out.printf("warm-up on %,d entities done (not counted)%n", warmup);
        }
        for (int n : counts) {
            long points = KeyScalePoints.count(n, steps);
            long markAt = points * 95 / 100;
            KeyScalePoints generator = new KeyScalePoints(trace, n, steps, markAt);
            Result pass =
                    run(() -> JobThroughput.passThrough(generator, points, jobOptions), points);
            Result full = run(() -> JobThroughput.fullJob(generator, points, jobOptions), points);
            System.out.printf(
                    "%,d entities (%,d points): pass-through %,.0f points/s (%,.0f ns CPU/point,"
                            + " live heap %.2f GiB), full job %,.0f points/s (%,.0f ns CPU/point,"
                            + " live heap %.2f GiB), ratio %.2f; heap per entity %,.0f bytes;"
                            + " collections %.1f s and %.1f s; checkpoints %d and %d, writing"
                            + " %,.1f and %,.1f MiB (%,.1f and %,.1f MiB each); of the %d and %d timed, %,.0f"
                            + " and %,.0f ms on average, at most %,d and %,d ms%n",
                    n,
                    points,
                    pass.pointsPerSecond(),
                    pass.cpuNanosPerPoint(),
                    pass.liveHeap() / (double) (1L << 30),
                    full.pointsPerSecond(),
                    full.cpuNanosPerPoint(),
                    full.liveHeap() / (double) (1L << 30),
                    full.pointsPerSecond() / pass.pointsPerSecond(),
                    (full.liveHeap() - pass.liveHeap()) / (double) n,
                    pass.collectionSeconds(),
                    full.collectionSeconds(),
                    pass.checkpoints(),
                    full.checkpoints(),
                    pass.checkpointMiB(),
                    full.checkpointMiB(),
                    pass.checkpointMiB() / Math.max(1, pass.checkpoints()),
                    full.checkpointMiB() / Math.max(1, full.checkpoints()),
                    pass.timedCheckpoints(),
                    full.timedCheckpoints(),
                    pass.checkpointMeanMillis(),
                    full.checkpointMeanMillis(),
                    pass.checkpointLongestMillis(),
                    full.checkpointLongestMillis());
        }
    }

    private record Result(
            double pointsPerSecond,
            double cpuNanosPerPoint,
            long liveHeap,
            double collectionSeconds,
            int checkpoints,
            double checkpointMiB,
            int timedCheckpoints,
            double checkpointMeanMillis,
            long checkpointLongestMillis) {}

    private static Result run(JobThroughput.Run job, long points) throws Exception {
        KeyScalePoints.reset();
        JobThroughput.Timing t;
        CheckpointWrites writes;
        try (CheckpointWrites w = CheckpointWrites.watch(JobThroughput.CHECKPOINTS)) {
            t = JobThroughput.measure(job);
            writes = w;
        }
        double pause = KeyScalePoints.collectionNanos() / 1e9;
        return new Result(
                points / (t.seconds() - pause),
                t.cpuSeconds() * 1e9 / points,
                KeyScalePoints.liveHeap(),
                pause,
                writes.checkpoints(),
                writes.bytes() / (double) (1L << 20),
                writes.timed(),
                writes.meanMillis(),
                writes.longestMillis());
    }
}
