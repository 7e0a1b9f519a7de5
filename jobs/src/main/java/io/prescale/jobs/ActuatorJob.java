package io.prescale.jobs;

import io.prescale.connectors.actuation.ActuatorSink;
import io.prescale.connectors.actuation.InfluxResultPublisher;
import io.prescale.connectors.actuation.KafkaResultPublisher;
import io.prescale.connectors.actuation.ResultPublisher;
import io.prescale.connectors.actuation.RetryPolicy;
import io.prescale.connectors.influx.InfluxSink;
import io.prescale.connectors.kafka.CommandDeserializer;
import io.prescale.connectors.kafka.TopicCheck;
import io.prescale.model.CommandIngested;
import io.prescale.model.DeadLetter;
import io.prescale.model.GatedCommand;
import io.prescale.model.ScaleCommand;
import io.prescale.operators.actuation.CommandKey;
import io.prescale.operators.actuation.VersionGate;
import io.prescale.operators.ingest.DeadLetterSplit;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The actuator job: commands from {@code prescale.commands} (read_committed) → keyed by (entity,
 * resource) → {@link VersionGate} (marks a command not newer than the newest passed as superseded)
 * → the {@link ActuatorSink}, forward-connected, which applies each command passed through the
 * configured backend, reports a superseded one SUPERSEDED with the amount in force, and publishes
 * every result to {@code prescale.actuations} (and to InfluxDB's {@code actuation} measurement when
 * {@code influx.url} is set). Commands that do not decode go to the dead-letter topic. Restored
 * from a checkpoint, the actuator brings a backend that restarts empty (the process pool) back to
 * each key's last applied command before it reads a new one.
 */
public final class ActuatorJob {

    /** Where the job's outputs go. */
    public record Sinks(Sink<GatedCommand> actuator, Sink<DeadLetter> deadLetters) {
        public Sinks {
            Objects.requireNonNull(actuator, "actuator sink");
            Objects.requireNonNull(deadLetters, "deadLetters sink");
        }
    }

    /**
     * The version gate's key, also the actuator's: a restored actuator applies again only the
     * commands of the keys routed to its subtask ({@link ActuatorSink}).
     */
    private static final KeySelector<ScaleCommand, CommandKey> BY_KEY = CommandKey::of;

    private final Source<CommandIngested, ?, ?> source;
    private final String sourceUid;
    private final Sinks sinks;
    private final Duration versionTtl;

    public ActuatorJob(Source<CommandIngested, ?, ?> source, Sinks sinks, Duration versionTtl) {
        this(source, "commands-source", sinks, versionTtl);
    }

    /**
     * @param sourceUid the uid of the source's operator ({@link KafkaWiring#sourceUid})
     */
    public ActuatorJob(
            Source<CommandIngested, ?, ?> source,
            String sourceUid,
            Sinks sinks,
            Duration versionTtl) {
        this.source = Objects.requireNonNull(source, "source");
        this.sourceUid = Objects.requireNonNull(sourceUid, "sourceUid");
        this.sinks = Objects.requireNonNull(sinks, "sinks");
        this.versionTtl = Objects.requireNonNull(versionTtl, "versionTtl");
    }

    public void build(StreamExecutionEnvironment env) {
        // the sink applies one command at a time per subtask: an aligned checkpoint's barrier
        // waits behind every command queued before it, so a slow backend with a backlog expired
        // checkpoints and restarted the job from the last one, sending the same commands again,
        // for ever; unaligned, the barrier passes the queued commands (kept in the checkpoint)
        env.getCheckpointConfig().enableUnalignedCheckpoints();
        SingleOutputStreamOperator<ScaleCommand> in =
                env.fromSource(source, WatermarkStrategy.noWatermarks(), "commands")
                        .uid(sourceUid)
                        .process(DeadLetterSplit.commands())
                        .returns(ScaleCommand.class)
                        .name("split-bad-commands")
                        .uid("split-bad-commands");
        in.getSideOutput(DeadLetterSplit.DEAD_LETTERS)
                .sinkTo(sinks.deadLetters())
                .name("deadletter-sink");
        in.keyBy(BY_KEY, TypeInformation.of(CommandKey.class))
                .process(new VersionGate(versionTtl))
                .name("version-gate")
                .uid("version-gate")
                .sinkTo(sinks.actuator())
                .name("actuator")
                .uid("actuator");
    }

    /** The Kafka endpoints, the backend and (when configured) InfluxDB named in {@code conf}. */
    public static ActuatorJob fromConfig(Configuration conf) {
        return new ActuatorJob(
                KafkaWiring.source(
                        conf,
                        conf.get(JobOptions.TOPIC_COMMANDS),
                        conf.get(JobOptions.ACTUATOR_GROUP_ID),
                        new CommandDeserializer(Clock.systemUTC())),
                KafkaWiring.sourceUid("commands", conf, JobOptions.TOPIC_COMMANDS),
                sinks(conf),
                conf.get(JobOptions.ACTUATOR_VERSION_TTL));
    }

    private static Sinks sinks(Configuration conf) {
        String results = conf.get(JobOptions.TOPIC_ACTUATIONS);
        InfluxPoints points = InfluxWiring.points(conf);
        List<ResultPublisher.Factory> publishers = new ArrayList<>();
        publishers.add(
                KafkaResultPublisher.factory(
                        conf.get(JobOptions.KAFKA_BOOTSTRAP),
                        results,
                        KafkaWiring.producerOutageSettings(conf)));
        InfluxWiring.config(conf)
                .ifPresent(
                        c ->
                                publishers.add(
                                        InfluxResultPublisher.factory(
                                                new InfluxSink<>(
                                                        c,
                                                        points::actuation,
                                                        points.entityTags()))));
        RetryPolicy retry =
                new RetryPolicy(
                        conf.get(JobOptions.ACTUATOR_RETRIES),
                        conf.get(JobOptions.ACTUATOR_INITIAL_BACKOFF),
                        conf.get(JobOptions.ACTUATOR_MAX_BACKOFF));
        ActuatorSink actuator =
                new ActuatorSink(
                        Backends.fromConfig(conf),
                        retry,
                        ResultPublisher.all(publishers),
                        Clock.systemUTC(),
                        BY_KEY);
        return new Sinks(actuator, KafkaWiring.deadLetterSink(conf));
    }

    /**
     * Runs the job as {@link PredictiveScalingJob#main} does: a bad option throws, naming it, and
     * never exits the JVM, which on a cluster is the JobManager's.
     */
    public static void main(String[] args) throws Exception {
        Configuration conf = JobConfig.fromArgs(args);
        // every setting, the backend's included, is read before Flink starts
        ActuatorJob job = fromConfig(conf);
        // on a cluster a missing topic would restart the job without end: refuse the submission
        TopicCheck.requireInputs(
                conf.get(JobOptions.KAFKA_BOOTSTRAP),
                List.of(conf.get(JobOptions.TOPIC_COMMANDS)),
                TopicCheck.TIMEOUT,
                System.err);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(JobConfig.environment(conf));
        env.enableCheckpointing(conf.get(JobOptions.CHECKPOINT_INTERVAL).toMillis());
        job.build(env);
        env.execute("prescale-actuator");
    }
}
