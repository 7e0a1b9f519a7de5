package io.prescale.it.pipeline;

import io.prescale.cli.kafka.TopicSnapshot;
import io.prescale.cli.replay.Replayer;
import io.prescale.cli.replay.SampleFormats;
import io.prescale.cli.replay.TraceSamples;
import io.prescale.it.services.KafkaConsumers;
import io.prescale.jobs.ActuatorJob;
import io.prescale.jobs.JobConfig;
import io.prescale.jobs.PredictiveScalingJob;
import io.prescale.model.ActuationResult;
import io.prescale.model.JsonCodec;
import io.prescale.model.MetricSample;
import io.prescale.model.ScaleCommand;
import io.prescale.model.WindowAggregate;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Runs the two jobs of prescale on the test's MiniCluster against real Kafka (and InfluxDB when
 * given): replay a slice of a real trace, the scaling job, the actuator job. Shared by the
 * dashboard and end-to-end ITCases.
 */
public final class Pipeline {
    private final String bootstrap;
    private final PipelineTopics topics;
    private final List<String> common;

    /**
     * @param influxUrl the InfluxDB both jobs write to, or null for none
     * @param extra more job options, e.g. the window size or the actuator backend
     */
    public Pipeline(
            String bootstrap,
            PipelineTopics topics,
            String influxUrl,
            String database,
            List<String> extra) {
        this.bootstrap = bootstrap;
        this.topics = topics;
        this.common = new ArrayList<>(topics.options());
        common.add("-Dkafka.bootstrap-servers=" + bootstrap);
        common.add("-Dparser.max-past-skew=0");
        if (influxUrl != null) {
            common.add("-Dinflux.url=" + influxUrl);
            common.add("-Dinflux.database=" + database);
        }
        common.addAll(extra);
    }

    /** A pipeline whose jobs write to no InfluxDB. */
    public static Pipeline withoutInflux(
            String bootstrap, PipelineTopics topics, List<String> extra) {
        return new Pipeline(bootstrap, topics, null, null, extra);
    }

    /** The first {@code entities} entities of {@code trace} before {@code end}. */
    public static List<MetricSample> slice(Path trace, int entities, Instant end) {
        List<String> chosen = TraceSamples.firstEntities(trace, entities);
        return TraceSamples.read(trace, new HashSet<>(chosen)::contains).stream()
                .filter(s -> s.ts().isBefore(end))
                .toList();
    }

    /** Sends the samples to the metrics topic as JSON, keyed by entity. */
    public void replay(List<MetricSample> samples) {
        List<Replayer.Payload> payloads = new ArrayList<>();
        for (MetricSample s : samples) {
            payloads.add(new Replayer.Payload(s.entity(), SampleFormats.json(s)));
        }
        Replayer.send(bootstrap, topics.metrics(), payloads, n -> {});
    }

    /** Starts the scaling job; {@code bounded} stops it at the offsets latest at its start. */
    public JobClient startScaling(boolean bounded) throws Exception {
        Configuration conf = conf(bounded);
        return start("scaling", env -> PredictiveScalingJob.fromConfig(conf).build(env));
    }

    /** Starts the scaling job at {@code parallelism}; {@code bounded} as {@link #startScaling}. */
    public JobClient startScaling(boolean bounded, int parallelism) throws Exception {
        Configuration conf = conf(bounded);
        return start(
                "scaling",
                env -> PredictiveScalingJob.fromConfig(conf).build(env),
                null,
                parallelism);
    }

    /** Starts the scaling job, unbounded, from the savepoint or retained checkpoint given. */
    public JobClient startScalingFrom(String savepoint) throws Exception {
        Configuration conf = conf(false);
        return start("scaling", env -> PredictiveScalingJob.fromConfig(conf).build(env), savepoint);
    }

    /** Starts the actuator job; {@code bounded} stops it at the offsets latest at its start. */
    public JobClient startActuator(boolean bounded) throws Exception {
        Configuration conf = conf(bounded);
        return start("actuator", env -> ActuatorJob.fromConfig(conf).build(env));
    }

    private Configuration conf(boolean bounded) {
        List<String> args = new ArrayList<>(common);
        args.add("-Dkafka.bounded=" + bounded);
        return JobConfig.fromArgs(args.toArray(String[]::new));
    }

    private static JobClient start(String name, Consumer<StreamExecutionEnvironment> build)
            throws Exception {
        return start(name, build, null);
    }

    private static JobClient start(
            String name, Consumer<StreamExecutionEnvironment> build, String savepoint)
            throws Exception {
        return start(name, build, savepoint, 1);
    }

    private static JobClient start(
            String name,
            Consumer<StreamExecutionEnvironment> build,
            String savepoint,
            int parallelism)
            throws Exception {
        Configuration flink = new Configuration();
        flink.set(PipelineOptions.GENERIC_TYPES, false);
        if (savepoint != null) {
            flink.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        env.setParallelism(parallelism);
        env.enableCheckpointing(1_000);
        build.accept(env);
        return env.executeAsync(name);
    }

    /** Everything committed on {@code topic} now (read_committed). */
    public <T> List<T> read(String topic, Class<T> type) {
        return TopicSnapshot.read(
                bootstrap, topic, b -> JsonCodec.decode(b, type), Duration.ofSeconds(60));
    }

    /** What the jobs had committed when they stood still. */
    public record Settled(int windows, int commands, int results) {}

    /**
     * Waits until at least one command is committed, every committed command has its actuation
     * result, and the counts of windows, commands and results have not changed for {@code quiet}
     * (the running jobs have nothing left to do with what was replayed).
     *
     * @throws AssertionError when that does not happen within {@code timeout}
     */
    public Settled awaitSettled(Duration quiet, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Settled last = null;
        long quietSince = System.nanoTime();
        while (true) {
            Settled now =
                    new Settled(
                            read(topics.windows(), WindowAggregate.class).size(),
                            read(topics.commands(), ScaleCommand.class).size(),
                            read(topics.actuations(), ActuationResult.class).size());
            if (!now.equals(last)) {
                last = now;
                quietSince = System.nanoTime();
            } else if (now.commands() > 0
                    && now.commands() == now.results()
                    && System.nanoTime() - quietSince > quiet.toNanos()) {
                return now;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "the jobs did not settle within "
                                + timeout
                                + ": "
                                + now
                                + "; commands topic end offsets: "
                                + endOffsets(topics.commands(), "read_uncommitted")
                                + " written, "
                                + endOffsets(topics.commands(), "read_committed")
                                + " committed");
            }
            Thread.sleep(500);
        }
    }

    /**
     * Sum of the end offsets of {@code topic}'s partitions as a consumer with {@code isolation}.
     */
    private long endOffsets(String topic, String isolation) {
        try (KafkaConsumer<byte[], byte[]> c =
                KafkaConsumers.open(
                        bootstrap, Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation))) {
            return c
                    .endOffsets(KafkaConsumers.partitions(c, topic), KafkaConsumers.REQUEST_TIMEOUT)
                    .values()
                    .stream()
                    .mapToLong(Long::longValue)
                    .sum();
        }
    }

    /** Cancels the jobs and waits until each has stopped (its sinks and backend closed). */
    public static void stop(List<JobClient> jobs) throws Exception {
        for (JobClient job : jobs) {
            job.cancel().get(1, TimeUnit.MINUTES);
        }
        for (JobClient job : jobs) {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            JobStatus status;
            while (!(status = job.getJobStatus().get(10, TimeUnit.SECONDS))
                    .isGloballyTerminalState()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(
                            "job "
                                    + job.getJobID()
                                    + " still "
                                    + status
                                    + " a minute after cancel");
                }
                Thread.sleep(200);
            }
        }
        jobs.clear();
    }

    /** The Kafka timestamps of everything committed on {@code topic} now. */
    public List<Long> timestamps(String topic) {
        return TopicSnapshot.readRecords(
                bootstrap, topic, ConsumerRecord::timestamp, Duration.ofSeconds(60));
    }

    public PipelineTopics topics() {
        return topics;
    }
}
