package io.prescale.cli;

import io.prescale.cli.infra.KafkaPreflight;
import io.prescale.cli.infra.LocalCluster;
import io.prescale.jobs.JobConfig;
import io.prescale.jobs.JobOptions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.executiongraph.ErrorInfo;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ExceptionUtils;

/**
 * Runs one of the jobs in a local Flink MiniCluster with job options from the command line, saying
 * where it reads and writes and, every {@link #PROGRESS_SECONDS} s while its counters move, how far
 * it got ({@link ProgressReporter}).
 */
final class LocalJob {
    static final int PROGRESS_SECONDS = 10;
    private static final Duration PREFLIGHT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration FAILURE_POLL = Duration.ofSeconds(1);

    private LocalJob() {}

    /**
     * @param command the command's name, which starts every line printed
     * @param topics the options naming the job's topics, checked before it starts ({@link
     *     KafkaPreflight})
     * @param progress the job's counters to print, in this order
     */
    static int run(
            String command,
            String name,
            int parallelism,
            List<String> jobArgs,
            List<ConfigOption<String>> topics,
            List<String> progress,
            BiConsumer<Configuration, StreamExecutionEnvironment> build)
            throws Exception {
        if (parallelism < 1) {
            throw new IllegalArgumentException("--parallelism must be >= 1, was " + parallelism);
        }
        Configuration conf = JobConfig.fromArgs(jobArgs.toArray(String[]::new));
        String prefix = "prescale " + command + ": ";
        Configuration cluster = new Configuration();
        ProgressReporter.configure(cluster, prefix, progress, PROGRESS_SECONDS);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(
                        environment(command, conf, Path.of("")));
        env.setParallelism(parallelism);
        env.enableCheckpointing(conf.get(JobOptions.CHECKPOINT_INTERVAL).toMillis());
        // the job's own settings first: a bad one is named before any service is asked
        build.accept(conf, env);
        String problem =
                KafkaPreflight.problem(
                        conf.get(JobOptions.KAFKA_BOOTSTRAP),
                        topics.stream().map(conf::get).toList(),
                        PREFLIGHT_TIMEOUT);
        if (problem != null) {
            throw new IllegalStateException(problem);
        }
        System.err.println(
                prefix
                        + name
                        + " on a local MiniCluster (parallelism "
                        + parallelism
                        + "), Kafka at "
                        + conf.get(JobOptions.KAFKA_BOOTSTRAP)
                        + ", InfluxDB "
                        + conf.getOptional(JobOptions.INFLUX_URL).orElse("off (influx.url unset)")
                        + "; its counters every "
                        + PROGRESS_SECONDS
                        + " s while they move; Ctrl-C stops it");
        try (LocalCluster flink = LocalCluster.start(parallelism, cluster)) {
            JobID job = flink.submit(name, env);
            awaitSayingFailures(flink, job, prefix, System.err);
        }
        return 0;
    }

    /**
     * The job's own Flink settings: its checkpoints go to {@code execution.checkpointing.dir}, by
     * default {@code .prescale/checkpoints/<command>} under {@code workDir}. Never the JobManager's
     * memory, Flink's default without a directory, whose 5 MiB limit fails every checkpoint of a
     * few thousand series (1.6 KiB of forecast state each), and a job restarts after the first
     * failed one.
     */
    static Configuration environment(String command, Configuration conf, Path workDir) {
        if (conf.contains(JobOptions.CHECKPOINT_DIR)) {
            return JobConfig.environment(conf);
        }
        Path dir = workDir.resolve(".prescale/checkpoints/" + command).toAbsolutePath();
        Configuration withDir = new Configuration(conf);
        withDir.set(JobOptions.CHECKPOINT_DIR, dir.normalize().toUri().toString());
        return JobConfig.environment(withDir);
    }

    /**
     * Waits for the job to end, saying each time it failed and restarts, and why: Flink itself
     * restarts silently (its logging is off on the command line).
     */
    static void awaitSayingFailures(LocalCluster flink, JobID job, String prefix, PrintStream err)
            throws Exception {
        long said = Long.MIN_VALUE;
        while (true) {
            JobStatus status = flink.status(job);
            Optional<ErrorInfo> failure = flink.lastFailure(job);
            // the failure a job ends with is await's to report
            if (failure.isPresent()
                    && failure.get().getTimestamp() != said
                    && status != JobStatus.FAILED) {
                said = failure.get().getTimestamp();
                err.println(
                        prefix
                                + "the job failed and restarts from its last checkpoint: "
                                + cause(failure.get().getException()));
            }
            if (status.isGloballyTerminalState()) {
                break;
            }
            Thread.sleep(FAILURE_POLL.toMillis());
        }
        flink.await(job, Duration.ofMinutes(1));
    }

    /** The failure and, when another, its root cause: each the exception's class and message. */
    static String cause(Throwable failure) {
        Throwable root =
                ExceptionUtils.findThrowable(failure, t -> t.getCause() == null).orElse(failure);
        return root == failure ? failure.toString() : failure + " (root cause: " + root + ")";
    }
}
