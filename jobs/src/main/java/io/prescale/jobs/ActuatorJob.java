package io.prescale.jobs;

import io.prescale.connectors.actuation.ActuatorSink;
import io.prescale.connectors.actuation.KafkaResultPublisher;
import io.prescale.connectors.actuation.RetryPolicy;
import io.prescale.connectors.kafka.CommandDeserializer;
import io.prescale.connectors.kafka.JsonRecordSerializer;
import io.prescale.model.ActuationResult;
import io.prescale.model.CommandIngested;
import io.prescale.model.DeadLetter;
import io.prescale.model.ScaleCommand;
import io.prescale.operators.actuation.CommandKey;
import io.prescale.operators.actuation.VersionGate;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The actuator job: commands from {@code prescale.commands} (read_committed) → keyed by (entity,
 * resource) → {@link VersionGate} (only a newer version passes; the rest are reported SUPERSEDED) →
 * the {@link ActuatorSink}, which applies each command through the configured backend and reports
 * every result to {@code prescale.actuations}. Commands that do not decode go to the dead-letter
 * topic.
 */
public final class ActuatorJob {
    private final Source<CommandIngested, ?, ?> source;
    private final Sink<ScaleCommand> actuator;
    private final Sink<ActuationResult> superseded;
    private final Sink<DeadLetter> deadLetters;
    private final Duration versionTtl;

    public ActuatorJob(
            Source<CommandIngested, ?, ?> source,
            Sink<ScaleCommand> actuator,
            Sink<ActuationResult> superseded,
            Sink<DeadLetter> deadLetters,
            Duration versionTtl) {
        this.source = Objects.requireNonNull(source, "source");
        this.actuator = Objects.requireNonNull(actuator, "actuator");
        this.superseded = Objects.requireNonNull(superseded, "superseded");
        this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
        this.versionTtl = Objects.requireNonNull(versionTtl, "versionTtl");
    }

    public void build(StreamExecutionEnvironment env) {
        DataStream<CommandIngested> in =
                env.fromSource(source, WatermarkStrategy.noWatermarks(), "commands")
                        .uid("commands-source");
        in.filter(c -> c.deadLetter() != null)
                .map(CommandIngested::deadLetter)
                .returns(DeadLetter.class)
                .name("bad-commands")
                .sinkTo(deadLetters)
                .name("deadletter-sink");
        SingleOutputStreamOperator<ScaleCommand> newest =
                in.filter(c -> c.command() != null)
                        .map(CommandIngested::command)
                        .returns(ScaleCommand.class)
                        .keyBy(CommandKey::of, TypeInformation.of(CommandKey.class))
                        .process(new VersionGate(versionTtl, Clock.systemUTC()))
                        .name("version-gate")
                        .uid("version-gate");
        newest.sinkTo(actuator).name("actuator").uid("actuator");
        newest.getSideOutput(VersionGate.SUPERSEDED).sinkTo(superseded).name("superseded-results");
    }

    /** The Kafka endpoints and the backend named in {@code conf}. */
    public static ActuatorJob fromConfig(Configuration conf) {
        String bootstrap = conf.get(JobOptions.KAFKA_BOOTSTRAP);
        KafkaSource<CommandIngested> source =
                KafkaWiring.source(
                        conf,
                        conf.get(JobOptions.TOPIC_COMMANDS),
                        conf.get(JobOptions.ACTUATOR_GROUP_ID),
                        new CommandDeserializer(Clock.systemUTC()));
        String results = conf.get(JobOptions.TOPIC_ACTUATIONS);
        RetryPolicy retry =
                new RetryPolicy(
                        conf.get(JobOptions.ACTUATOR_RETRIES),
                        conf.get(JobOptions.ACTUATOR_INITIAL_BACKOFF),
                        conf.get(JobOptions.ACTUATOR_MAX_BACKOFF));
        ActuatorSink actuator =
                new ActuatorSink(
                        Backends.fromConfig(conf),
                        retry,
                        KafkaResultPublisher.factory(bootstrap, results),
                        Clock.systemUTC());
        KafkaSink<ActuationResult> superseded =
                KafkaSink.<ActuationResult>builder()
                        .setBootstrapServers(bootstrap)
                        .setRecordSerializer(
                                new JsonRecordSerializer<>(results, ActuationResult::entity))
                        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                        .build();
        return new ActuatorJob(
                source,
                actuator,
                superseded,
                KafkaWiring.deadLetterSink(conf),
                conf.get(JobOptions.ACTUATOR_VERSION_TTL));
    }

    public static void main(String[] args) throws Exception {
        Configuration conf;
        try {
            conf = JobConfig.fromArgs(args);
        } catch (IllegalArgumentException e) {
            System.err.println("prescale actuator: " + e.getMessage());
            System.exit(2);
            return;
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.enableCheckpointing(conf.get(JobOptions.CHECKPOINT_INTERVAL).toMillis());
        fromConfig(conf).build(env);
        env.execute("prescale-actuator");
    }
}
