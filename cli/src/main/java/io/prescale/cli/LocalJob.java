package io.prescale.cli;

import io.prescale.cli.infra.KafkaPreflight;
import io.prescale.jobs.JobConfig;
import io.prescale.jobs.JobOptions;
import java.time.Duration;
import java.util.List;
import java.util.function.BiConsumer;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Runs one of the jobs in a local Flink MiniCluster with job options from the command line, saying
 * where it reads and writes and, every {@link #PROGRESS_SECONDS} s while its counters move, how far
 * it got ({@link ProgressReporter}).
 */
final class LocalJob {
    static final int PROGRESS_SECONDS = 10;
    private static final Duration PREFLIGHT_TIMEOUT = Duration.ofSeconds(10);

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
                StreamExecutionEnvironment.createLocalEnvironment(parallelism, cluster);
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
        env.execute(name);
        return 0;
    }
}
