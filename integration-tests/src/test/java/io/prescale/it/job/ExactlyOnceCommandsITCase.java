package io.prescale.it.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.cli.kafka.TopicReader;
import io.prescale.cli.replay.Replayer;
import io.prescale.cli.replay.SampleFormats;
import io.prescale.cli.replay.TraceSamples;
import io.prescale.it.services.KafkaService;
import io.prescale.it.services.MiniClusters;
import io.prescale.jobs.JobConfig;
import io.prescale.jobs.PredictiveScalingJob;
import io.prescale.model.JsonCodec;
import io.prescale.model.ScaleCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Exactly-once commands: the task manager running the job is killed mid-stream, the job restarts
 * from its last checkpoint on a new one, and the commands committed to Kafka (read with
 * read_committed) have no duplicate and no missing (entity, resource, version). On the heap state
 * backend and on RocksDB with incremental checkpoints (whose files are in the checkpoints' {@code
 * shared/} directory as the job restarts: the restore reads them back on the new task manager).
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class ExactlyOnceCommandsITCase {
    private static final Path TRACE = TestData.shared("azure-vm-2017.csv.gz");
    private static final Instant END = Instant.parse("2017-01-08T00:00:00Z");

    @RegisterExtension static final KafkaService KAFKA = new KafkaService();

    @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.withSlots(2);

    /** The index of the task manager running, in the order the class's cluster started them. */
    private static int taskManager;

    @TempDir Path checkpoints;

    @ParameterizedTest
    @ValueSource(strings = {"hashmap", "rocksdb"})
    void noDuplicateAndNoMissingVersionAfterATaskManagerFailure(
            String backend, @InjectMiniCluster MiniCluster cluster) throws Exception {
        Set<String> vms = new HashSet<>(TraceSamples.firstEntities(TRACE, 40));
        List<Replayer.Payload> payloads = new ArrayList<>();
        TraceSamples.read(TRACE, vms::contains).stream()
                .filter(s -> s.ts().isBefore(END))
                .forEach(
                        s -> payloads.add(new Replayer.Payload(s.entity(), SampleFormats.json(s))));
        String metrics = KAFKA.createTopic("metrics", 2, false);
        String commands = KAFKA.createTopic("commands", 2, false);
        Replayer.send(KAFKA.bootstrapServers(), metrics, payloads, n -> {});

        JobClient job = startJob(metrics, commands, backend);
        try (TopicReader<ScaleCommand> reader =
                new TopicReader<>(
                        KAFKA.bootstrapServers(),
                        commands,
                        b -> JsonCodec.decode(b, ScaleCommand.class))) {
            reader.pollUntil(1, Duration.ofSeconds(60));
            assertThat(job.getJobStatus().get())
                    .as("the failure must hit a running job")
                    .isEqualTo(JobStatus.RUNNING);
            cluster.terminateTaskManager(taskManager++).get();
            cluster.startTaskManager();
            // the job restarts from its last checkpoint, whose files stay until it completes
            Path shared = checkpoints.resolve(job.getJobID().toString()).resolve("shared");
            if (backend.equals("rocksdb")) {
                assertThat(filesWithin(shared, Duration.ofSeconds(30)))
                        .as("incremental RocksDB checkpoints share their files")
                        .isPositive();
            } else {
                assertThat(filesWithin(shared, Duration.ZERO)).as("heap checkpoints").isZero();
            }
            JobExecutionResult result = job.getJobExecutionResult().get(4, TimeUnit.MINUTES);
            assertThat(result).isNotNull();
            assertThat(
                            cluster.getArchivedExecutionGraph(job.getJobID())
                                    .get()
                                    .getStatusTimestamp(JobStatus.RESTARTING))
                    .as("the job restarted from a checkpoint")
                    .isPositive();
            reader.poll(Duration.ofSeconds(3));
            reader.drain(Duration.ofSeconds(2));

            Map<String, List<Long>> versions =
                    CommandVersions.byEntityAndResource(reader.records());
            assertThat(versions).hasSize(vms.size());
            CommandVersions.assertOneRunEach(versions);
        }
    }

    /** The files in {@code dir} once there are some, or after {@code wait}. */
    private static long filesWithin(Path dir, Duration wait) throws Exception {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            long n = 0;
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.list(dir)) {
                    n = files.count();
                }
            }
            if (n > 0 || System.nanoTime() > deadline) {
                return n;
            }
            Thread.sleep(100);
        }
    }

    private JobClient startJob(String metrics, String commands, String backend) throws Exception {
        Configuration conf =
                JobConfig.fromArgs(
                        "-Dstate.backend.type=" + backend,
                        "-Dexecution.checkpointing.incremental=" + backend.equals("rocksdb"),
                        "-Dexecution.checkpointing.dir=" + checkpoints,
                        "-Dkafka.bootstrap-servers=" + KAFKA.bootstrapServers(),
                        "-Dkafka.bounded=true",
                        "-Dkafka.group-id=eo-" + metrics,
                        "-Dtopics.metrics=" + metrics,
                        "-Dtopics.commands=" + commands,
                        "-Dtopics.windows=" + KAFKA.createTopic("windows", 1, false),
                        "-Dtopics.forecasts=" + KAFKA.createTopic("forecasts", 1, false),
                        "-Dtopics.deadletter=" + KAFKA.createTopic("deadletter", 1, false),
                        "-Dtopics.alerts=" + KAFKA.createTopic("alerts", 1, false),
                        "-Dkafka.transactional-id-prefix=eo-" + commands,
                        "-Dparser.max-past-skew=0",
                        "-Dwindow.size=5m",
                        "-Dallocation.demand-metric=cpu_max_pct");
        Configuration flinkConf = JobConfig.environment(conf);
        flinkConf.set(PipelineOptions.GENERIC_TYPES, false);
        flinkConf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        flinkConf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 5);
        flinkConf.set(
                RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(1));
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(flinkConf);
        env.setParallelism(2);
        env.enableCheckpointing(300);
        PredictiveScalingJob.fromConfig(conf).build(env);
        return env.executeAsync("exactly-once-commands");
    }
}
