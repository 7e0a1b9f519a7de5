package io.prescale.cli;

import io.prescale.jobs.JobConfig;
import io.prescale.jobs.JobOptions;
import java.util.List;
import java.util.function.BiConsumer;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Runs one of the jobs in a local Flink MiniCluster with job options from the command line. */
final class LocalJob {
    private LocalJob() {}

    static int run(
            String name,
            int parallelism,
            List<String> jobArgs,
            BiConsumer<Configuration, StreamExecutionEnvironment> build)
            throws Exception {
        if (parallelism < 1) {
            throw new IllegalArgumentException("--parallelism must be >= 1, was " + parallelism);
        }
        Configuration conf = JobConfig.fromArgs(jobArgs.toArray(String[]::new));
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(parallelism);
        env.enableCheckpointing(conf.get(JobOptions.CHECKPOINT_INTERVAL).toMillis());
        build.accept(conf, env);
        env.execute(name);
        return 0;
    }
}
