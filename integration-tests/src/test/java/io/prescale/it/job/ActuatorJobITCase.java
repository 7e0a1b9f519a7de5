package io.prescale.it.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.cli.kafka.TopicReader;
import io.prescale.cli.replay.Replayer;
import io.prescale.it.services.KafkaService;
import io.prescale.jobs.ActuatorJob;
import io.prescale.jobs.JobConfig;
import io.prescale.model.ActuationResult;
import io.prescale.model.ActuationStatus;
import io.prescale.model.DeadLetter;
import io.prescale.model.JsonCodec;
import io.prescale.model.ScaleAction;
import io.prescale.model.ScaleCommand;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The actuator job against a real broker: every command gets exactly one result; a repeated or
 * older version is SUPERSEDED; a record that is no command is dead-lettered.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ActuatorJobITCase {
    private static final Instant T = Instant.parse("2024-03-01T12:00:00Z");

    @RegisterExtension static final KafkaService KAFKA = new KafkaService();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private static Replayer.Payload command(String entity, long version, double target) {
        ScaleCommand c =
                new ScaleCommand(
                        entity + "/" + version,
                        entity,
                        "replicas",
                        ScaleAction.SCALE_UP,
                        target,
                        "replicas",
                        0,
                        version,
                        "test",
                        0.99,
                        2,
                        0.9,
                        0,
                        T,
                        T,
                        T.plusSeconds(600));
        return new Replayer.Payload(entity, JsonCodec.encode(c));
    }

    @Test
    void everyCommandGetsOneResultAndOldVersionsAreSuperseded() throws Exception {
        String commands = KAFKA.createTopic("commands", 2, false);
        String actuations = KAFKA.createTopic("actuations", 2, false);
        String deadletter = KAFKA.createTopic("deadletter", 1, false);
        List<Replayer.Payload> payloads =
                new ArrayList<>(
                        List.of(
                                command("svc-a", 1, 2),
                                command("svc-a", 2, 3),
                                command("svc-a", 1, 2),
                                command("svc-b", 1, 1),
                                new Replayer.Payload(
                                        "svc-x", "not a command".getBytes(StandardCharsets.UTF_8)),
                                command("svc-a", 2, 3),
                                command("svc-b", 2, 4)));
        Replayer.send(KAFKA.bootstrapServers(), commands, payloads, n -> {});

        Configuration conf =
                JobConfig.fromArgs(
                        "-Dkafka.bootstrap-servers=" + KAFKA.bootstrapServers(),
                        "-Dkafka.bounded=true",
                        "-Dactuator.group-id=act-" + commands,
                        "-Dtopics.commands=" + commands,
                        "-Dtopics.actuations=" + actuations,
                        "-Dtopics.deadletter=" + deadletter,
                        "-Dactuator.backend=log");
        Configuration flinkConf = new Configuration();
        flinkConf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(flinkConf);
        env.setParallelism(2);
        env.enableCheckpointing(1_000);
        ActuatorJob.fromConfig(conf).build(env);
        env.execute("actuator-itcase");

        List<ActuationResult> results = read(actuations, ActuationResult.class, 6);
        assertThat(results)
                .extracting(r -> r.entity() + "@" + r.version() + ":" + r.status())
                .containsExactlyInAnyOrder(
                        "svc-a@1:" + ActuationStatus.APPLIED,
                        "svc-a@2:" + ActuationStatus.APPLIED,
                        "svc-a@1:" + ActuationStatus.SUPERSEDED,
                        "svc-a@2:" + ActuationStatus.SUPERSEDED,
                        "svc-b@1:" + ActuationStatus.APPLIED,
                        "svc-b@2:" + ActuationStatus.APPLIED);
        assertThat(results)
                .filteredOn(r -> r.status() == ActuationStatus.APPLIED)
                .allSatisfy(r -> assertThat(r.backend()).isEqualTo("log"));
        assertThat(read(deadletter, DeadLetter.class, 1))
                .singleElement()
                .satisfies(d -> assertThat(d.reason()).startsWith("bad command: malformed json"));
    }

    private static <T> List<T> read(String topic, Class<T> type, int expected) {
        try (TopicReader<T> reader =
                new TopicReader<>(
                        KAFKA.bootstrapServers(), topic, b -> JsonCodec.decode(b, type))) {
            reader.pollUntil(expected, Duration.ofSeconds(60));
            reader.poll(Duration.ofSeconds(1));
            return List.copyOf(reader.records());
        }
    }
}
