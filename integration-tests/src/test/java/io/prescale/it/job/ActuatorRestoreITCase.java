package io.prescale.it.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.cli.demo.WorkerProcesses;
import io.prescale.cli.kafka.TopicReader;
import io.prescale.cli.replay.Replayer;
import io.prescale.it.services.InfluxService;
import io.prescale.it.services.KafkaService;
import io.prescale.it.services.MiniClusters;
import io.prescale.jobs.ActuatorJob;
import io.prescale.jobs.JobConfig;
import io.prescale.model.ActuationResult;
import io.prescale.model.ActuationStatus;
import io.prescale.model.JsonCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.influxdb.InfluxDB;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The actuator with the process-pool backend, restarted from its last checkpoint, runs each
 * entity's workers of its last applied command again before any new command arrives: the first run
 * is cancelled without a savepoint, which stops its workers as the restarted backend stops those of
 * a killed actuator, so the restored run starts with none; no new command is sent, and no second
 * result is published for a command already reported. Its InfluxDB writer, tagging one entity per
 * subtask, tags the same ones after the restore: no entity's {@code actuation} points are split
 * between the tag and a bucket (a restored writer that forgot them tagged whichever came first).
 * The same when the first run used the log backend: the process pool restored from its checkpoint
 * brings the entities it logged back.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ActuatorRestoreITCase {
    private static final Duration WITHIN = Duration.ofSeconds(60);

    @RegisterExtension static final KafkaService KAFKA = new KafkaService();

    @RegisterExtension static final InfluxService INFLUX = new InfluxService();

    @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.withSlots(2);

    @TempDir Path checkpoints;
    @TempDir Path workers;

    @AfterEach
    void stopWorkers() {
        WorkerProcesses.killAll();
    }

    @ParameterizedTest(name = "first run with the {0} backend")
    @ValueSource(strings = {"process-pool", "log"})
    void aRestoredActuatorRunsEachEntitysLastAppliedWorkersBeforeAnyNewCommand(String firstBackend)
            throws Exception {
        // one partition: both runs' subtasks see the entities in the order sent
        String commands = KAFKA.createTopic("commands", 1, false);
        String actuations = KAFKA.createTopic("actuations", 2, false);
        Instant lease = Instant.now().plus(Duration.ofMinutes(15));
        Instant lapsed = Instant.now().minus(Duration.ofMinutes(1));
        Replayer.send(
                KAFKA.bootstrapServers(),
                commands,
                List.of(
                        ActuatorJobITCase.command("svc-a", 1, 2, lease),
                        ActuatorJobITCase.command("svc-a", 2, 3, lease),
                        ActuatorJobITCase.command("svc-b", 1, 1, lease),
                        // applied (the actuator does not act on leases), not brought back
                        ActuatorJobITCase.command("svc-c", 1, 2, lapsed),
                        ActuatorJobITCase.command("svc-d", 1, 2, lease),
                        ActuatorJobITCase.command("svc-d", 2, 0, lease)),
                n -> {});
        String database = INFLUX.createDatabase("actuator_restore");
        List<String> args =
                List.of(
                        "-Dkafka.bootstrap-servers=" + KAFKA.bootstrapServers(),
                        "-Dactuator.group-id=act-" + commands,
                        "-Dtopics.commands=" + commands,
                        "-Dtopics.actuations=" + actuations,
                        "-Dtopics.deadletter=" + KAFKA.createTopic("deadletter", 1, false),
                        "-Dexecution.checkpointing.dir=" + checkpoints.toUri(),
                        "-Dactuator.process-pool.command=" + WorkerProcesses.COMMAND,
                        "-Dactuator.process-pool.state-dir=" + workers,
                        "-Dactuator.process-pool.grace-period=1s",
                        "-Dinflux.url=" + INFLUX.url(),
                        "-Dinflux.database=" + database,
                        "-Dinflux.max-entity-tags=1");
        // a tester switched an actuator from the log backend to the process pool on its
        // checkpoint: the entities already commanded ran no workers until their next command
        Configuration conf = withBackend(args, "process-pool");

        JobClient first = start(withBackend(args, firstBackend), null);
        List<ActuationResult> results = read(actuations, 6);
        assertThat(results)
                .extracting(r -> r.entity() + "@" + r.version() + ":" + r.status())
                .containsExactlyInAnyOrder(
                        "svc-a@1:APPLIED",
                        "svc-a@2:APPLIED",
                        "svc-b@1:APPLIED",
                        "svc-c@1:APPLIED",
                        "svc-d@1:APPLIED",
                        "svc-d@2:APPLIED");
        Map<String, Integer> firstWorkers =
                firstBackend.equals("process-pool")
                        ? Map.of("svc-a", 3, "svc-b", 1, "svc-c", 2)
                        : Map.of();
        await(() -> WorkerProcesses.liveByEntity().equals(firstWorkers), "the first run's workers");
        Path jobDir = checkpoints.resolve(first.getJobID().toString());
        int after = latestCheckpoint(jobDir).orElse(0);
        // a checkpoint begun after the last command was applied holds every key's command
        await(() -> latestCheckpoint(jobDir).orElse(0) >= after + 2, "two more checkpoints");
        first.cancel().get();
        await(() -> first.getJobStatus().get() == JobStatus.CANCELED, "the first run's end");
        await(() -> WorkerProcesses.live() == 0, "the first run's workers stopped");

        Path restoreFrom = jobDir.resolve("chk-" + latestCheckpoint(jobDir).orElseThrow());
        JobClient second = start(conf, restoreFrom.toUri().toString());
        try {
            await(
                    () -> WorkerProcesses.liveByEntity().equals(Map.of("svc-a", 3, "svc-b", 1)),
                    "svc-a's 3 and svc-b's 1 workers again, none for svc-c (its lease expired)"
                            + " nor svc-d (released to 0), with no new command");
            assertThat(second.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
            assertThat(read(actuations, 6))
                    .as("the restore publishes no second result for a command reported")
                    .hasSize(6)
                    .allSatisfy(r -> assertThat(r.status()).isEqualTo(ActuationStatus.APPLIED));

            // in the reverse order: each subtask sees first an entity it did not tag before
            Replayer.send(
                    KAFKA.bootstrapServers(),
                    commands,
                    Stream.of("svc-d", "svc-c", "svc-b", "svc-a")
                            .map(e -> ActuatorJobITCase.command(e, 3, 1, lease))
                            .toList(),
                    n -> {});
            assertThat(read(actuations, 10)).hasSize(10);
            INFLUX.awaitCount(database, "actuation", "version", 10, WITHIN);
            Map<String, Set<String>> written = actuationEntities(database);
            assertThat(written.get("tag"))
                    .as("entities tagged in either run are bucketed in neither")
                    .doesNotContainAnyElementsOf(written.get("bucket"))
                    .isNotEmpty();
            Set<String> all = new TreeSet<>(written.get("tag"));
            all.addAll(written.get("bucket"));
            assertThat(all).containsExactly("svc-a", "svc-b", "svc-c", "svc-d");
        } finally {
            second.cancel().get();
        }
    }

    /** The job options {@code args} with {@code actuator.backend} {@code backend}. */
    private static Configuration withBackend(List<String> args, String backend) {
        List<String> all = new ArrayList<>(args);
        all.add("-Dactuator.backend=" + backend);
        return JobConfig.fromArgs(all.toArray(String[]::new));
    }

    /** The entities of the {@code actuation} points written as the tag and into a bucket. */
    private static Map<String, Set<String>> actuationEntities(String database) {
        Map<String, Set<String>> out = Map.of("tag", new TreeSet<>(), "bucket", new TreeSet<>());
        try (InfluxDB influx = INFLUX.connect()) {
            QueryResult r =
                    influx.query(
                            new Query(
                                    "SELECT \"version\", \"entity\", \"entity_name\""
                                            + " FROM \"actuation\"",
                                    database));
            assertThat(r.getError()).isNull();
            for (List<Object> row : r.getResults().get(0).getSeries().get(0).getValues()) {
                if (row.get(2) != null) {
                    out.get("tag").add((String) row.get(2));
                } else {
                    out.get("bucket").add((String) row.get(3));
                }
            }
        }
        return out;
    }

    /** Runs the actuator job, from {@code restoreFrom} unless null, keeping its last checkpoint. */
    private static JobClient start(Configuration conf, String restoreFrom) throws Exception {
        Configuration flinkConf = JobConfig.environment(conf);
        flinkConf.set(PipelineOptions.GENERIC_TYPES, false);
        flinkConf.set(
                CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        if (restoreFrom != null) {
            flinkConf.set(StateRecoveryOptions.SAVEPOINT_PATH, restoreFrom);
        }
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(flinkConf);
        env.setParallelism(2);
        env.enableCheckpointing(300);
        ActuatorJob.fromConfig(conf).build(env);
        return env.executeAsync("actuator-restore-itcase");
    }

    /** The number of the newest complete checkpoint in {@code jobDir}, if any. */
    private static OptionalInt latestCheckpoint(Path jobDir) throws Exception {
        if (!Files.isDirectory(jobDir)) {
            return OptionalInt.empty();
        }
        try (Stream<Path> dirs = Files.list(jobDir)) {
            return dirs.filter(d -> d.getFileName().toString().startsWith("chk-"))
                    .filter(d -> Files.exists(d.resolve("_metadata")))
                    .mapToInt(d -> Integer.parseInt(d.getFileName().toString().substring(4)))
                    .max();
        }
    }

    @FunctionalInterface
    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void await(Condition condition, String what) throws Exception {
        long deadline = System.nanoTime() + WITHIN.toNanos();
        while (!condition.holds()) {
            assertThat(System.nanoTime())
                    .as(
                            "waited %s for %s; workers: %s",
                            WITHIN, what, WorkerProcesses.liveByEntity())
                    .isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static List<ActuationResult> read(String topic, int expected) {
        try (TopicReader<ActuationResult> reader =
                new TopicReader<>(
                        KAFKA.bootstrapServers(),
                        topic,
                        b -> JsonCodec.decode(b, ActuationResult.class))) {
            reader.pollUntil(expected, WITHIN);
            reader.poll(Duration.ofSeconds(1));
            return List.copyOf(reader.records());
        }
    }
}
