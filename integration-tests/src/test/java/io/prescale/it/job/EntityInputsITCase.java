package io.prescale.it.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.cli.kafka.TopicReader;
import io.prescale.cli.replay.Replayer;
import io.prescale.cli.replay.SampleFormats;
import io.prescale.cli.replay.TraceSamples;
import io.prescale.it.services.InfluxService;
import io.prescale.it.services.KafkaService;
import io.prescale.it.services.MiniClusters;
import io.prescale.jobs.JobConfig;
import io.prescale.jobs.PredictiveScalingJob;
import io.prescale.model.ActuationResult;
import io.prescale.model.ActuationStatus;
import io.prescale.model.DeadLetter;
import io.prescale.model.Feedback;
import io.prescale.model.JsonCodec;
import io.prescale.model.MetricSample;
import io.prescale.model.ParseResult;
import io.prescale.model.ParserConfig;
import io.prescale.model.SampleParser;
import io.prescale.model.ScaleCommand;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.influxdb.InfluxDB;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job's side inputs on a real broker and a real InfluxDB: policy overrides on the compacted
 * config topic (a tenant's tier, an entity disabled, an invalid one dead-lettered while the
 * previous policy stays), a client hint that raises the allocation over its window, a rating
 * recorded against the forecast it rates, and actuation results kept in the ledger; then, once the
 * day's windows are out, a sample too late for its window and a hint that ended before it came,
 * each dead-lettered naming the Kafka record it came in. One day of 3 Azure VMs (CC-BY-4.0), two of
 * them of tenant {@code acme}.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class EntityInputsITCase {
    private static final Path TRACE = TestData.shared("azure-vm-2017.csv.gz");
    private static final Instant END = Instant.parse("2017-01-02T00:00:00Z");

    /**
     * The hint's window: the whole replayed day after the first two hours. The side inputs reach
     * every operator before the first sample is sent (see {@link #runJob}), so every decision in
     * the window is raised.
     */
    private static final Instant HINT_FROM = Instant.parse("2017-01-01T02:00:00Z");

    private static final Instant HINT_TO = END;
    private static final Instant RATED = Instant.parse("2017-01-01T03:05:00Z");
    private static final Instant SETTLED = Instant.parse("2017-01-01T02:00:00Z");

    /**
     * An entity no VM has, with characters JSON must escape, whose two-metric sample at {@link
     * #LATE_TS} arrives after the day's windows: late for its window.
     */
    private static final String LATE_ENTITY = "late \"vm\"\\x\tü";

    private static final Instant LATE_TS = Instant.parse("2017-01-01T01:00:00Z");

    /** Event time the windows must have passed before the late records are sent. */
    private static final Instant PASSED = LATE_TS.plus(Duration.ofHours(1));

    /**
     * The day's VMs all hash to metrics partition 0; a sample of this entity at the end of the day
     * on partition 1 moves that partition's event time on, so the day's windows close while the job
     * runs (rather than only when it is drained at the end).
     */
    private static final String CLOCK_ENTITY = "vm-clock";

    /** How long the job may take to read and commit what was sent. */
    private static final Duration WAIT = Duration.ofMinutes(2);

    @RegisterExtension static final KafkaService KAFKA = new KafkaService();
    @RegisterExtension static final InfluxService INFLUX = new InfluxService();

    @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.withSlots(2);

    @Test
    void overridesHintsRatingsAndActuationResultsReachTheJob(@TempDir Path savepoints)
            throws Exception {
        List<String> vms = TraceSamples.firstEntities(TRACE, 3);
        String acme = vms.get(0);
        String disabled = vms.get(1);
        String invalid = vms.get(2);
        Topics t = new Topics();
        send(t.config, "tenant:acme", "{\"v\":1,\"scope\":\"tenant:acme\",\"tier\":2}");
        send(t.config, disabled, "{\"v\":1,\"scope\":\"" + disabled + "\",\"enabled\":false}");
        send(t.config, invalid, "{\"v\":1,\"scope\":\"" + invalid + "\",\"costRatio\":0.5}");
        send(
                t.feedback,
                acme,
                json(new Feedback.Hint(acme, "cpu_max_pct", 500, HINT_FROM, HINT_TO)));
        send(t.feedback, acme, json(new Feedback.Rating(acme, "cpu_max_pct", RATED, 4, "good")));
        send(t.feedback, acme, "{\"v\":1,\"type\":\"rating\",\"entity\":\"" + acme + "\"}");
        send(t.actuations, acme, json(result(acme, 1, ActuationStatus.APPLIED)));
        send(t.actuations, acme, json(result(acme, 2, ActuationStatus.FAILED)));

        String database = INFLUX.createDatabase("inputs");
        Late late = new Late();
        runJob(
                t,
                database,
                () -> sendMetrics(t.metrics, vms),
                () -> late.send(t, acme),
                savepoints);

        List<ScaleCommand> commands = read(t.commands, ScaleCommand.class);
        List<ScaleCommand> settled =
                commands.stream().filter(c -> c.neededBy().isAfter(SETTLED)).toList();
        assertThat(settled)
                .filteredOn(c -> c.entity().equals(acme))
                .isNotEmpty()
                .allSatisfy(c -> assertThat(c.tier()).as("the tenant's tier").isEqualTo(2));
        assertThat(settled).filteredOn(c -> c.entity().equals(disabled)).as("disabled").isEmpty();
        assertThat(settled)
                .filteredOn(c -> c.entity().equals(invalid))
                .isNotEmpty()
                .allSatisfy(c -> assertThat(c.tier()).as("the job's default stays").isZero());
        assertThat(commands)
                .filteredOn(c -> c.entity().equals(acme) && c.reason().contains("policy: HINT"))
                .isNotEmpty()
                .allSatisfy(
                        c -> {
                            assertThat(c.targetAmount()).isEqualTo(500);
                            assertThat(c.neededBy()).isBetween(HINT_FROM, HINT_TO.minusMillis(1));
                        });

        List<DeadLetter> deadLetters = read(t.deadletter, DeadLetter.class);
        List<String> reasons = deadLetters.stream().map(DeadLetter::reason).toList();
        assertThat(reasons)
                .anySatisfy(r -> assertThat(r).contains("bad override").contains("costRatio"))
                .anySatisfy(r -> assertThat(r).startsWith("bad feedback"));
        late.assertDeadLettered(t, deadLetters);

        InfluxDB influx = INFLUX.connect();
        try {
            assertThat(rows(influx, database, "SELECT status, failed FROM ledger"))
                    .extracting(r -> r.get(1) + "/" + ((Number) r.get(2)).intValue())
                    .containsExactlyInAnyOrder("APPLIED/0", "FAILED/1");
            assertThat(rows(influx, database, "SELECT score, forecast_mean FROM rating"))
                    .singleElement()
                    .satisfies(r -> assertThat(((Number) r.get(1)).intValue()).isEqualTo(4));
            assertThat(rows(influx, database, "SELECT requested FROM allocation")).isNotEmpty();
        } finally {
            influx.close();
        }
    }

    /** Fresh topics for this run. */
    private static final class Topics {
        final String metrics = KAFKA.createTopic("metrics", 2, false);
        final String commands = KAFKA.createTopic("commands", 2, false);
        final String deadletter = KAFKA.createTopic("deadletter", 1, false);
        final String config = KAFKA.createTopic("config", 1, true);
        final String feedback = KAFKA.createTopic("feedback", 1, false);
        final String actuations = KAFKA.createTopic("actuations", 1, false);
        final String windows = KAFKA.createTopic("windows", 1, false);
    }

    /**
     * What comes after the day: a two-metric sample for {@link #LATE_TS}, whose window the job has
     * closed, and a hint of {@code acme} that ended at {@link #LATE_TS}, both sent once the windows
     * have passed {@link #PASSED}; and where each was written.
     */
    private static final class Late {
        /** A hint as a client may lay it out, otherwise than the job would encode it. */
        private static final String HINT =
                "{ \"v\": 1, \"type\": \"hint\", \"entity\": \"%s\", \"metric\":"
                        + " \"cpu_max_pct\", \"amount\": 900, \"from\":"
                        + " \"2017-01-01T00:30:00Z\", \"to\": \"%s\" }";

        private final MetricSample sample =
                new MetricSample(
                        LATE_ENTITY,
                        null,
                        LATE_TS,
                        Map.of("cpu_max_pct", 7.5, "cpu_avg_pct", 2.5),
                        null);
        private RecordMetadata sampleAt;
        private RecordMetadata hintAt;
        private byte[] hintSent;

        /**
         * The late sample goes once the windows have passed {@link #PASSED}; the hint once the
         * sample's offset is committed: that checkpoint's barriers followed the windows and the
         * event time that closed them to the allocation operator, which then has the hint's end
         * behind it. (Seeing the windows is not enough: the allocation operator may still be
         * working through them when a hint comes in on its other input.)
         */
        void send(Topics t, String acme) throws InterruptedException {
            MetricSample clock =
                    new MetricSample(
                            CLOCK_ENTITY,
                            null,
                            END.minusSeconds(60),
                            Map.of("cpu_max_pct", 1.0),
                            null);
            sendTo(t.metrics, 1, CLOCK_ENTITY, SampleFormats.json(clock));
            WindowsTopic.awaitWindowFrom(KAFKA.bootstrapServers(), t.windows, PASSED, WAIT);
            // JsonCodec escapes the tab in its entity, which SampleFormats leaves raw
            sampleAt = sendTo(t.metrics, 1, LATE_ENTITY, JsonCodec.encode(sample));
            KAFKA.awaitCommitted(group(t), t.metrics, WAIT);
            hintSent = String.format(HINT, acme, LATE_TS).getBytes(StandardCharsets.UTF_8);
            hintAt = sendTo(t.feedback, 0, acme, hintSent);
        }

        /**
         * One dead letter per metric of the late sample, each naming the record: its topic,
         * partition and offset, with the point as a JSON sample; the hint as it was sent.
         */
        void assertDeadLettered(Topics t, List<DeadLetter> letters) {
            List<DeadLetter> lateOnes =
                    letters.stream().filter(d -> d.reason().startsWith("late:")).toList();
            assertThat(lateOnes)
                    .hasSize(2)
                    .allSatisfy(
                            d -> {
                                assertThat(d.topic()).isEqualTo(t.metrics);
                                assertThat(d.partition()).isEqualTo(sampleAt.partition());
                                assertThat(d.offset()).isEqualTo(sampleAt.offset());
                                assertThat(new String(d.key(), StandardCharsets.UTF_8))
                                        .isEqualTo(LATE_ENTITY);
                            });
            assertThat(lateOnes.stream().map(Late::readBack).toList())
                    .containsExactlyInAnyOrder(
                            new MetricSample(
                                    LATE_ENTITY, null, LATE_TS, Map.of("cpu_max_pct", 7.5), null),
                            new MetricSample(
                                    LATE_ENTITY, null, LATE_TS, Map.of("cpu_avg_pct", 2.5), null));
            assertThat(letters)
                    .filteredOn(d -> d.reason().startsWith("hint ended at " + LATE_TS))
                    .singleElement()
                    .satisfies(
                            d -> {
                                assertThat(d.topic()).isEqualTo(t.feedback);
                                assertThat(d.partition()).isEqualTo(hintAt.partition());
                                assertThat(d.offset()).isEqualTo(hintAt.offset());
                                assertThat(d.value()).as("the bytes sent").isEqualTo(hintSent);
                            });
        }

        /** A late sample's dead-lettered value, read as {@code prescale.metrics} reads a sample. */
        private static MetricSample readBack(DeadLetter d) {
            ParseResult r =
                    new SampleParser(ParserConfig.defaults().withSkew(null, null))
                            .parse(d.value(), Instant.now());
            assertThat(r.rejections()).isEmpty();
            return r.samples().get(0);
        }
    }

    /** Sends one record to {@code partition} of {@code topic}; returns where it was written. */
    private static RecordMetadata sendTo(String topic, int partition, String key, byte[] value) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            return producer.send(
                            new ProducerRecord<>(
                                    topic, partition, key.getBytes(StandardCharsets.UTF_8), value))
                    .get(1, TimeUnit.MINUTES);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot send to " + topic + "-" + partition, e);
        }
    }

    /**
     * Runs the job unbounded: it reads the side inputs, and only once their sources have committed
     * every offset (on a completed checkpoint, so every operator has processed them) are the
     * samples sent. Nothing in the job orders a side input before the windows it concerns (side
     * inputs hold no event time back), and a bounded replay of both lost that race on a loaded
     * machine: a hint read after the day's windows raised nothing. When the job has read every
     * sample (and, after {@code thenLate}, every late record) it is stopped with a draining
     * savepoint: the watermark goes to the end of time, the last windows fire, and the savepoint
     * commits the commands.
     */
    private static void runJob(
            Topics t, String database, Runnable sendSamples, Phase thenLate, Path savepoints)
            throws Exception {
        String group = group(t);
        Configuration conf =
                JobConfig.fromArgs(
                        "-Dkafka.bootstrap-servers=" + KAFKA.bootstrapServers(),
                        "-Dkafka.group-id=" + group,
                        "-Dtopics.metrics=" + t.metrics,
                        "-Dtopics.commands=" + t.commands,
                        "-Dtopics.deadletter=" + t.deadletter,
                        "-Dtopics.config=" + t.config,
                        "-Dtopics.feedback=" + t.feedback,
                        "-Dtopics.actuations=" + t.actuations,
                        "-Dtopics.windows=" + t.windows,
                        "-Dtopics.forecasts=" + KAFKA.createTopic("forecasts", 1, false),
                        "-Dtopics.alerts=" + KAFKA.createTopic("alerts", 1, false),
                        "-Dkafka.transactional-id-prefix=inputs-" + t.commands,
                        // a metrics partition read later than the other is never passed by the
                        // watermark: the job waits for both
                        "-Dwatermark.idleness=1h",
                        "-Dparser.max-past-skew=0",
                        "-Dwindow.size=5m",
                        "-Dallocation.demand-metric=cpu_max_pct",
                        "-Dinflux.url=" + INFLUX.url(),
                        "-Dinflux.database=" + database);
        Configuration flinkConf = new Configuration();
        flinkConf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(flinkConf);
        env.setParallelism(2);
        env.enableCheckpointing(1_000);
        PredictiveScalingJob.fromConfig(conf).build(env);
        JobClient job = env.executeAsync("entity-inputs");
        KAFKA.awaitCommitted(group + "-config", t.config, WAIT);
        KAFKA.awaitCommitted(group + "-feedback", t.feedback, WAIT);
        KAFKA.awaitCommitted(group + "-actuations", t.actuations, WAIT);
        sendSamples.run();
        KAFKA.awaitCommitted(group, t.metrics, WAIT);
        thenLate.run();
        KAFKA.awaitCommitted(group, t.metrics, WAIT);
        KAFKA.awaitCommitted(group + "-feedback", t.feedback, WAIT);
        job.stopWithSavepoint(true, savepoints.toString(), SavepointFormatType.CANONICAL)
                .get(2, TimeUnit.MINUTES);
        job.getJobExecutionResult().get(1, TimeUnit.MINUTES);
    }

    /** What runs after the day's samples, as the job runs. */
    @FunctionalInterface
    private interface Phase {
        void run() throws Exception;
    }

    /** The job's consumer group of the metrics (its side sources' add a suffix). */
    private static String group(Topics t) {
        return "inputs-" + t.metrics;
    }

    private static void sendMetrics(String topic, List<String> vms) {
        List<Replayer.Payload> payloads = new ArrayList<>();
        for (MetricSample s : TraceSamples.read(TRACE, new HashSet<>(vms)::contains)) {
            if (s.ts().isBefore(END)) {
                String json = new String(SampleFormats.json(s), StandardCharsets.UTF_8);
                if (!s.entity().equals(vms.get(2))) {
                    json = json.replaceFirst("\",\"ts\":", "\",\"tenant\":\"acme\",\"ts\":");
                }
                payloads.add(
                        new Replayer.Payload(s.entity(), json.getBytes(StandardCharsets.UTF_8)));
            }
        }
        Replayer.send(KAFKA.bootstrapServers(), topic, payloads, n -> {});
    }

    private static void send(String topic, String key, String value) {
        Replayer.send(
                KAFKA.bootstrapServers(),
                topic,
                List.of(new Replayer.Payload(key, value.getBytes(StandardCharsets.UTF_8))),
                n -> {});
    }

    private static String json(Object record) {
        return new String(JsonCodec.encode(record), StandardCharsets.UTF_8);
    }

    private static ActuationResult result(String entity, long version, ActuationStatus s) {
        return new ActuationResult(
                entity + "/cpu/" + version,
                entity,
                "cpu",
                version,
                s,
                s == ActuationStatus.APPLIED ? 40 : 0,
                "log",
                Instant.parse("2017-01-01T00:30:00Z").plusSeconds(version),
                s == ActuationStatus.APPLIED ? "" : "backend down");
    }

    private static <T> List<T> read(String topic, Class<T> type) {
        try (TopicReader<T> reader =
                new TopicReader<>(
                        KAFKA.bootstrapServers(), topic, b -> JsonCodec.decode(b, type))) {
            reader.poll(Duration.ofSeconds(5));
            return List.copyOf(reader.drain(Duration.ofSeconds(2)));
        }
    }

    private static List<List<Object>> rows(InfluxDB influx, String database, String q) {
        QueryResult r = influx.query(new Query(q, database));
        assertThat(r.getError()).as(q).isNull();
        QueryResult.Result first = r.getResults().get(0);
        assertThat(first.getError()).as(q).isNull();
        return first.getSeries() == null
                ? List.of()
                : first.getSeries().stream().flatMap(s -> s.getValues().stream()).toList();
    }
}
