package io.prescale.cli;

import io.prescale.jobs.JobConfig;
import io.prescale.jobs.JobOptions;
import io.prescale.jobs.PredictiveScalingJob;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Runs the predictive scaling job in an embedded Flink MiniCluster against real endpoints. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Runs PredictiveScalingJob in a local Flink MiniCluster. Job options as in the"
                    + " README table: --config FILE, -Dkey=value or --key value.",
            "Example: prescale run -Dkafka.bootstrap-servers=127.0.0.1:9092"
                    + " -Dinflux.url=http://127.0.0.1:8086"
        })
final class RunCommand implements Callable<Integer> {

    @Option(names = "--parallelism", defaultValue = "2", description = "Task slots (default 2).")
    int parallelism;

    @Parameters(arity = "0..*", description = "Job options.", paramLabel = "OPTION")
    List<String> jobArgs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Configuration conf = JobConfig.fromArgs(jobArgs.toArray(String[]::new));
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(parallelism);
        env.enableCheckpointing(conf.get(JobOptions.CHECKPOINT_INTERVAL).toMillis());
        PredictiveScalingJob.fromConfig(conf).build(env);
        env.execute("prescale-predictive-scaling");
        return 0;
    }
}
