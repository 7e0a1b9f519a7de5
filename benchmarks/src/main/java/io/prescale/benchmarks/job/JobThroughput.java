package io.prescale.benchmarks.job;

import io.prescale.cli.infra.LocalCluster;
import io.prescale.jobs.JobConfig;
import io.prescale.jobs.JobSettings;
import io.prescale.jobs.JobSinks;
import io.prescale.jobs.JobSources;
import io.prescale.jobs.PredictiveScalingJob;
import io.prescale.model.Ingested;
import io.prescale.operators.ingest.DeadLetterSplit;
import io.prescale.operators.types.MetricPointSerializer;
import io.prescale.operators.window.AttachWindowFunction;
import io.prescale.operators.window.SeriesKey;
import io.prescale.operators.window.WindowStatsAggregate;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;

/**
 * End-to-end throughput of the whole predictive scaling job against a pass-through job with the
 * same in-memory source (a real trace), keyBy and windows but no forecasting or policy, measured
 * alternately in one run on a local MiniCluster (heap state backend, parallelism 1).
 *
 * <p>Usage: {@code JobThroughput TRACE [ROUNDS] [--warmup N] [--samples-per-step K] [-Dkey=value
 * ...]}, the options going to the full job (e.g. {@code -Dforecast.horizons=2}); prints points/s
 * per round and the median ratio. The first {@code N} rounds (default 0) warm the JIT up and are
 * printed but left out of the medians: a job that runs for days runs compiled code, and the full
 * job has far more of it to compile than the pass-through (its second round still runs partly
 * interpreted). {@code K} (default 1) is the samples per series in each 5-minute window ({@link
 * TracePoints}): 1 is the trace as it is, 30 the agent's default interval of 10 s.
 *
 * <p>A run is timed from the moment the source hands out its first point to the end of the job, so
 * the figures leave out the MiniCluster's start and the job's deployment (the trace is parsed
 * before any run); the whole runs' wall times, start included, are printed next to them.
 */
public final class JobThroughput {
    /** Where both jobs write their checkpoints. */
    static final Path CHECKPOINTS = tempDir();

    private JobThroughput() {}

    private static Path tempDir() {
        try {
            return java.nio.file.Files.createTempDirectory("prescale-bench-checkpoints");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static void main(String[] args) throws Exception {
        Path trace = Path.of(args.length > 0 ? args[0] : "../shared/data/azure-vm-2017.csv.gz");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int warmup = 0;
        int perStep = 1;
        List<String> jobOptions = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            switch (args[i]) {
                case "--warmup" -> warmup = Integer.parseInt(value(args, ++i));
                case "--samples-per-step" -> perStep = Integer.parseInt(value(args, ++i));
                default -> {
                    if (!args[i].startsWith("-D")) {
                        throw new IllegalArgumentException(
                                "expected --warmup N, --samples-per-step K or -Dkey=value, was "
                                        + args[i]);
                    }
                    jobOptions.add(args[i]);
                }
            }
        }
        String[] options = jobOptions.toArray(new String[0]);
        int k = perStep; // effectively final, for the runs' lambdas
        long points = TracePoints.count(trace, k);
        System.out.printf(
                "%d points (%d samples per entity, metric and 5-minute step)%n", points, k);
        List<Double> full = new ArrayList<>();
        List<Double> pass = new ArrayList<>();
        List<Double> fullCpu = new ArrayList<>();
        List<Double> passCpu = new ArrayList<>();
        for (int i = 0; i < warmup + rounds; i++) {
            Timing p = measure(() -> passThrough(new TracePoints(trace, k), points));
            Timing f = measure(() -> fullJob(new TracePoints(trace, k), points, options));
            if (i < warmup) {
                System.out.printf(
                        "warm-up %d: pass-through %.0f points/s, full job %.0f points/s (not"
                                + " counted)%n",
                        i + 1, points / p.seconds(), points / f.seconds());
                continue;
            }
            int r = i - warmup;
            pass.add(points / p.seconds());
            full.add(points / f.seconds());
            passCpu.add(p.cpuSeconds() * 1e9 / points);
            fullCpu.add(f.cpuSeconds() * 1e9 / points);
            System.out.printf(
                    "round %d: pass-through %.0f points/s (%.0f ns CPU/point), full job %.0f"
                            + " points/s (%.0f ns CPU/point), ratio %.2f; whole runs %.1f s and"
                            + " %.1f s, ratio %.2f%n",
                    r + 1,
                    pass.get(r),
                    passCpu.get(r),
                    full.get(r),
                    fullCpu.get(r),
                    full.get(r) / pass.get(r),
                    p.wholeSeconds(),
                    f.wholeSeconds(),
                    p.wholeSeconds() / f.wholeSeconds());
        }
        List<Double> ratios = new ArrayList<>();
        List<Double> cpuRatios = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            ratios.add(full.get(r) / pass.get(r));
            cpuRatios.add(passCpu.get(r) / fullCpu.get(r));
        }
        System.out.printf(
                "%d points; median pass-through %.0f points/s, median full job %.0f points/s,"
                        + " ratio of the medians %.2f, median per-round ratio %.2f; CPU per point:"
                        + " pass-through %.0f ns, full job %.0f ns, median per-round ratio %.2f%n",
                points,
                median(pass),
                median(full),
                median(full) / median(pass),
                median(ratios),
                median(passCpu),
                median(fullCpu),
                median(cpuRatios));
    }

    interface Run {
        void run() throws Exception;
    }

    /**
     * One run: wall and CPU seconds from the source's first point to the job's end, and the whole
     * run's wall seconds (the MiniCluster's start included).
     */
    record Timing(double seconds, double cpuSeconds, double wholeSeconds) {}

    /**
     * Times one run after a full collection. The CPU time is the whole JVM's (every MiniCluster
     * thread, JIT and GC included), so it does not depend on what else the machine runs.
     */
    static Timing measure(Run run) throws Exception {
        // every run starts on a collected heap, so no run pays for the garbage of the one before
        System.gc();
        ProcessCpu.resetStart();
        long t0 = System.nanoTime();
        run.run();
        long t1 = System.nanoTime();
        long cpu1 = ProcessCpu.nanos();
        long[] first = ProcessCpu.started();
        return new Timing((t1 - first[0]) / 1e9, (cpu1 - first[1]) / 1e9, (t1 - t0) / 1e9);
    }

    /**
     * A local environment of parallelism 1 with checkpoints every 10 s to files, in the Flink
     * settings of the job options {@code options} ({@link JobConfig#environment}: e.g. the state
     * backend).
     */
    private static StreamExecutionEnvironment env(String[] options) {
        Configuration conf = JobConfig.environment(JobConfig.fromArgs(options));
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        // checkpoints to files: the job manager's in-memory storage caps state at 5 MB
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, CHECKPOINTS.toUri().toString());
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(1, LocalCluster.loopback(conf));
        env.enableCheckpointing(10_000);
        return env;
    }

    private static DataGeneratorSource<Ingested> source(
            GeneratorFunction<Long, Ingested> generator, long points) {
        return new DataGeneratorSource<>(generator, points, TypeInformation.of(Ingested.class));
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    static void fullJob(GeneratorFunction<Long, Ingested> generator, long points, String[] options)
            throws Exception {
        // one in-memory split read from its start, as the pass-through's: no split resumes, and a
        // watermark held at the first record would only pile up the first seconds' windows
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "-Dwindow.size=5m",
                                "-Dallocation.demand-metric=cpu_max_pct",
                                "-Dwatermark.resume-hold=0"));
        args.addAll(List.of(options));
        Configuration conf = JobConfig.fromArgs(args.toArray(new String[0]));
        StreamExecutionEnvironment env = env(options);
        new PredictiveScalingJob(
                        JobSettings.from(conf),
                        JobSources.metricsOnly(source(generator, points)),
                        JobSinks.discardAll(),
                        Clock.systemUTC())
                .build(env);
        env.execute("full");
    }

    static void passThrough(GeneratorFunction<Long, Ingested> generator, long points)
            throws Exception {
        passThrough(generator, points, new String[0]);
    }

    /**
     * The pass-through job in the environment of the job options {@code options} (only their Flink
     * settings matter to it, e.g. the state backend of its windows).
     */
    static void passThrough(
            GeneratorFunction<Long, Ingested> generator, long points, String[] options)
            throws Exception {
        StreamExecutionEnvironment env = env(options);
        env.fromSource(
                        source(generator, points),
                        WatermarkStrategy.<Ingested>forBoundedOutOfOrderness(Duration.ofSeconds(30))
                                .withTimestampAssigner((in, ts) -> in.eventTimeMillis()),
                        "metrics")
                .process(DeadLetterSplit.points())
                // the points' type in the full job, so that both shuffle them alike
                .returns(MetricPointSerializer.type())
                .keyBy(SeriesKey::of, TypeInformation.of(SeriesKey.class))
                .window(TumblingEventTimeWindows.of(Duration.ofMinutes(5)))
                .aggregate(new WindowStatsAggregate(), new AttachWindowFunction())
                .sinkTo(new DiscardingSink<>());
        env.execute("pass-through");
    }

    private static double median(List<Double> xs) {
        List<Double> s = xs.stream().sorted().toList();
        return s.get(s.size() / 2);
    }
}
