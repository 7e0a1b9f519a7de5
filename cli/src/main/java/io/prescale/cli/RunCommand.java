package io.prescale.cli;

import io.prescale.jobs.CommandLatency;
import io.prescale.jobs.JobOptions;
import io.prescale.jobs.PredictiveScalingJob;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

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

    /**
     * The metrics topic is read by name and must exist; actuations, feedback and config are side
     * inputs, subscribed by pattern and read once they appear ({@code JobSources}); config, the
     * policy overrides, should be compacted (a fresh start reads it from the beginning).
     */
    static final LocalJob.JobTopics TOPICS =
            new LocalJob.JobTopics(
                    List.of(JobOptions.TOPIC_METRICS),
                    List.of(
                            JobOptions.TOPIC_ACTUATIONS,
                            JobOptions.TOPIC_FEEDBACK,
                            JobOptions.TOPIC_CONFIG,
                            JobOptions.TOPIC_COMMANDS,
                            JobOptions.TOPIC_ALERTS,
                            JobOptions.TOPIC_DEADLETTER,
                            JobOptions.TOPIC_WINDOWS,
                            JobOptions.TOPIC_FORECASTS),
                    List.of(JobOptions.TOPIC_CONFIG),
                    JobOptions.KAFKA_GROUP_ID);

    /** The counters of the job's progress lines. */
    static final List<String> PROGRESS =
            List.of(
                    "pointsAccepted",
                    "recordsDeadLettered",
                    "samplesLate",
                    "forecastsScored",
                    "sessionsStarted",
                    "sessionsEnded",
                    "commandsIssued",
                    "alertsRaised",
                    "influxPointsWritten",
                    "influxPointsDropped",
                    "influxWritesFailed");

    static final LocalJob.Job JOB =
            new LocalJob.Job(
                    "prescale-predictive-scaling",
                    TOPICS,
                    PROGRESS,
                    conf -> PredictiveScalingJob.fromConfig(conf)::build,
                    RunCommand::mode,
                    "no sample was read (are the agents and the broker up?). Windows, leases,"
                            + " releases and session ends follow the samples' event time, so"
                            + " they wait for the next sample: while"
                            + " every sender is silent, allocations are held, as when telemetry"
                            + " fails (README, \"When every sender stops\").");

    /**
     * Recommend-only mode, said on the start line: its commands are counted but not sent; or, with
     * options that make commands come after the step they are for begins, a note saying so.
     */
    static String mode(Configuration conf) {
        if (!conf.get(JobOptions.ACTUATION_ENABLED)) {
            return "; RECOMMEND-ONLY (actuation.enabled: false): commands are computed, counted"
                    + (conf.getOptional(JobOptions.INFLUX_URL).isPresent()
                            ? " and written to InfluxDB"
                            : "")
                    + ", none is sent to "
                    + conf.get(JobOptions.TOPIC_COMMANDS);
        }
        String late = CommandLatency.lateNote(conf);
        return late == null ? "" : "; note: " + late;
    }

    @Spec CommandSpec spec;

    @Option(names = "--parallelism", defaultValue = "2", description = "Task slots (default 2).")
    int parallelism;

    @Mixin ResumeOption resume;

    @Parameters(arity = "0..*", description = "Job options.", paramLabel = "OPTION")
    List<String> jobArgs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        return LocalJob.run(spec, JOB, parallelism, resume.fresh, jobArgs);
    }
}
