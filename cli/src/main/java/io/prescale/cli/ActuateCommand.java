package io.prescale.cli;

import io.prescale.jobs.ActuatorJob;
import io.prescale.jobs.JobOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Runs the actuator job in an embedded Flink MiniCluster against real endpoints. */
@Command(
        name = "actuate",
        mixinStandardHelpOptions = true,
        description = {
            "Runs ActuatorJob in a local Flink MiniCluster: applies prescale.commands through a"
                    + " backend and reports to prescale.actuations. Options as in the README"
                    + " table (actuator.*): --config FILE, -Dkey=value or --key value.",
            "Example: prescale actuate -Dkafka.bootstrap-servers=127.0.0.1:9092"
                    + " -Dactuator.backend=log"
        })
final class ActuateCommand implements Callable<Integer> {

    static final LocalJob.Job JOB =
            new LocalJob.Job(
                    "prescale-actuator",
                    new LocalJob.JobTopics(
                            List.of(JobOptions.TOPIC_COMMANDS),
                            List.of(JobOptions.TOPIC_ACTUATIONS, JobOptions.TOPIC_DEADLETTER),
                            List.of(),
                            JobOptions.ACTUATOR_GROUP_ID),
                    List.of(
                            "commandsReceived",
                            "commandsApplied",
                            "commandsSuperseded",
                            "commandsRejected",
                            "commandsFailed",
                            "commandsReconciled",
                            "reconcilesFailed",
                            "recordsDeadLettered"),
                    conf -> ActuatorJob.fromConfig(conf)::build);

    @Spec CommandSpec spec;

    @Option(names = "--parallelism", defaultValue = "1", description = "Task slots (default 1).")
    int parallelism;

    @Mixin ResumeOption resume;

    @Parameters(arity = "0..*", description = "Job options.", paramLabel = "OPTION")
    List<String> jobArgs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        return LocalJob.run(spec, JOB, parallelism, resume.fresh, jobArgs);
    }
}
