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
import io.prescale.model.JsonCodec;
import io.prescale.model.MetricSample;
import io.prescale.model.ScaleAction;
import io.prescale.model.ScaleCommand;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.LongStream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.influxdb.InfluxDB;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An entity moved to another pool by an override on the config topic, on a real broker and a real
 * InfluxDB: one day of 3 Azure VMs (CC-BY-4.0) in the default pool; once the morning is read, an
 * override moves the first VM to the pool {@code batch}, and the afternoon follows. The moved VM's
 * grant leaves the default pool, recorded there as {@code MOVED} (InfluxDB's {@code allocation}),
 * after which the default pool records nothing more of it (no lease lapse either, which would be
 * the old pool still counting it for a lease and then releasing it to 0); its grants continue in
 * {@code batch}; and the commands committed for it (read_committed) have one run of versions, v, v
 * + 1, …, with no gap or duplicate, each with the previous command's target as its previous amount,
 * across the move. Before the move was handled, the new pool started the VM's versions afresh from
 * the time (a gap) and its previous amount at 0, and the old pool released it when its lease
 * lapsed.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class PoolMoveITCase {
    private static final Path TRACE = TestData.shared("azure-vm-2017.csv.gz");
    private static final Instant MOVE = Instant.parse("2017-01-01T12:00:00Z");

    /**
     * The override is sent once a window from here is committed: the morning's decisions up to then
     * were made in the default pool (the commit's checkpoint barrier followed the windows through
     * the allocation operator).
     */
    private static final Instant DECIDED = Instant.parse("2017-01-01T10:00:00Z");

    private static final Instant END = Instant.parse("2017-01-02T00:00:00Z");
    private static final String POOL_A = "default";
    private static final String POOL_B = "batch";

    /** How long the job may take to read and commit what was sent. */
    private static final Duration WAIT = Duration.ofMinutes(2);

    @RegisterExtension static final KafkaService KAFKA = new KafkaService();
    @RegisterExtension static final InfluxService INFLUX = new InfluxService();

    @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.withSlots(2);

    @Test
    void aMovedEntityLeavesItsOldPoolAndKeepsOneRunOfVersions(@TempDir Path savepoints)
            throws Exception {
        List<String> vms = TraceSamples.firstEntities(TRACE, 3);
        String moved = vms.get(0);
        String database = INFLUX.createDatabase("poolmove");
        Topics t = new Topics();
        runJob(t, database, Move.firstOf(vms), savepoints);

        List<ScaleCommand> commands = readCommands(t.commands);
        for (String vm : vms) {
            assertOneRun(commands.stream().filter(c -> c.entity().equals(vm)).toList(), vm);
        }
        assertThat(commands)
                .filteredOn(c -> c.entity().equals(moved))
                .as("the old pool released nothing of the moved VM")
                .noneMatch(c -> c.reason().startsWith("LEASE_EXPIRED"));

        InfluxDB influx = INFLUX.connect();
        try {
            List<List<Object>> inA = grants(influx, database, moved, POOL_A);
            List<List<Object>> inB = grants(influx, database, moved, POOL_B);
            assertThat(inA)
                    .as("the VM's grants in %s before the move", POOL_A)
                    .hasSizeGreaterThan(1);
            List<Object> last = inA.get(inA.size() - 1);
            assertThat(last.get(1))
                    .as("the last grant of the VM in %s: %s", POOL_A, inA)
                    .isEqualTo("MOVED");
            assertThat(((Number) last.get(2)).doubleValue()).isZero();
            assertThat(inA).filteredOn(r -> r.get(1).equals("MOVED")).hasSize(1);
            assertThat(inA).noneMatch(r -> r.get(1).equals("LEASE_EXPIRED"));
            Instant left = Instant.parse((String) last.get(0));
            assertThat(inB)
                    .as("the VM's grants in %s", POOL_B)
                    .isNotEmpty()
                    .allSatisfy(
                            r ->
                                    assertThat(Instant.parse((String) r.get(0)))
                                            .isAfterOrEqualTo(left));
            assertThat(commands)
                    .filteredOn(c -> c.entity().equals(moved) && !c.neededBy().isBefore(left))
                    .as("commands from %s", POOL_B)
                    .isNotEmpty();
            for (String other : vms.subList(1, vms.size())) {
                assertThat(grants(influx, database, other, POOL_B)).as(other).isEmpty();
                assertThat(grants(influx, database, other, POOL_A))
                        .as(other)
                        .isNotEmpty()
                        .noneMatch(r -> r.get(1).equals("MOVED"));
            }
        } finally {
            influx.close();
        }
    }

    /**
     * The forty-fourth tester's move into a pool that denies the entity ({@value #POOL_B} closed,
     * its cpu limit 0): its first command there is a fall to 0 reasoned {@code DENIED}, continuing
     * its run of versions, so that its workload gives up the old pool's grant, which the old pool
     * no longer counts (before, nothing was commanded, and the workload kept that grant outside
     * every pool's books); nothing after it.
     */
    @Test
    void aMovedEntityDeniedByItsNewPoolGivesUpItsOldGrant(@TempDir Path savepoints)
            throws Exception {
        Move move = Move.firstOf(TraceSamples.firstEntities(TRACE, 3));
        String moved = move.entity();
        Topics t = new Topics();
        runJob(
                t,
                INFLUX.createDatabase("pooldenied"),
                move,
                savepoints,
                "-Dcapacity.limits=" + POOL_B + "/cpu:0");

        List<ScaleCommand> mine =
                readCommands(t.commands).stream().filter(c -> c.entity().equals(moved)).toList();
        assertOneRun(mine, moved);
        ScaleCommand last = mine.get(mine.size() - 1);
        assertThat(last.targetAmount()).as("%s", last).isZero();
        assertThat(last.previousAmount()).as("%s", last).isPositive();
        assertThat(last.action()).isEqualTo(ScaleAction.SCALE_DOWN);
        assertThat(last.reason()).startsWith("DENIED granted=0/");
    }

    /**
     * The entity's commands in the order committed (the topic is keyed by entity): versions v, v +
     * 1, … and each one's previous amount the target before it.
     */
    private static void assertOneRun(List<ScaleCommand> commands, String entity) {
        assertThat(commands).as(entity).hasSizeGreaterThan(2);
        long first = commands.get(0).version();
        assertThat(commands)
                .as("%s's versions", entity)
                .extracting(ScaleCommand::version)
                .isEqualTo(LongStream.range(first, first + commands.size()).boxed().toList());
        for (int i = 1; i < commands.size(); i++) {
            assertThat(commands.get(i).previousAmount())
                    .as("%s's previous amount in %s", entity, commands.get(i))
                    .isEqualTo(commands.get(i - 1).targetAmount());
        }
    }

    /** The day's samples, and the VM that moves from {@value #POOL_A} to {@value #POOL_B}. */
    private record Move(List<MetricSample> samples, String entity) {
        /** The day of {@code vms}, the first of which moves. */
        static Move firstOf(List<String> vms) {
            return new Move(
                    TraceSamples.read(TRACE, new HashSet<>(vms)::contains).stream()
                            .filter(s -> s.ts().isBefore(END))
                            .toList(),
                    vms.get(0));
        }

        void sendMorning(String topic) {
            send(topic, samples, s -> s.ts().isBefore(MOVE));
        }

        void sendOverride(String topic) {
            String override = "{\"v\":1,\"scope\":\"" + entity + "\",\"pool\":\"" + POOL_B + "\"}";
            Replayer.send(
                    KAFKA.bootstrapServers(),
                    topic,
                    List.of(
                            new Replayer.Payload(
                                    entity, override.getBytes(StandardCharsets.UTF_8))),
                    n -> {});
        }

        void sendAfternoon(String topic) {
            send(topic, samples, s -> !s.ts().isBefore(MOVE));
        }
    }

    /** Fresh topics for this run, each of one partition (the job runs with parallelism 1). */
    private static final class Topics {
        final String metrics = KAFKA.createTopic("metrics", 1, false);
        final String commands = KAFKA.createTopic("commands", 1, false);
        final String config = KAFKA.createTopic("config", 1, true);
        final String windows = KAFKA.createTopic("windows", 1, false);
    }

    /**
     * Runs the job unbounded and, with it running: the morning's samples, then (once they are read
     * and the windows up to {@link #DECIDED} are out) the override, then (once the config source
     * committed it: that checkpoint's barrier followed it through every operator) the afternoon's
     * samples. Stopped with a draining savepoint when all is read: the last windows fire and the
     * savepoint commits the commands. The move falls where the override met the windows: the
     * morning's last windows may still have been open, and then are decided in the new pool too.
     */
    private static void runJob(
            Topics t, String database, Move move, Path savepoints, String... extra)
            throws Exception {
        String group = "poolmove-" + t.metrics;
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "-Dkafka.bootstrap-servers=" + KAFKA.bootstrapServers(),
                                "-Dkafka.group-id=" + group,
                                "-Dtopics.metrics=" + t.metrics,
                                "-Dtopics.commands=" + t.commands,
                                "-Dtopics.config=" + t.config,
                                "-Dtopics.deadletter=" + KAFKA.createTopic("deadletter", 1, false),
                                "-Dtopics.feedback=" + KAFKA.createTopic("feedback", 1, false),
                                "-Dtopics.actuations=" + KAFKA.createTopic("actuations", 1, false),
                                "-Dtopics.windows=" + t.windows,
                                "-Dtopics.forecasts=" + KAFKA.createTopic("forecasts", 1, false),
                                "-Dtopics.alerts=" + KAFKA.createTopic("alerts", 1, false),
                                "-Dkafka.transactional-id-prefix=poolmove-" + t.commands,
                                "-Dwatermark.idleness=1h",
                                "-Dparser.max-past-skew=0",
                                "-Dwindow.size=5m",
                                "-Dallocation.demand-metric=cpu_max_pct",
                                "-Dinflux.url=" + INFLUX.url(),
                                "-Dinflux.database=" + database));
        args.addAll(List.of(extra));
        Configuration conf = JobConfig.fromArgs(args.toArray(String[]::new));
        Configuration flinkConf = new Configuration();
        flinkConf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(flinkConf);
        env.setParallelism(1);
        env.enableCheckpointing(1_000);
        PredictiveScalingJob.fromConfig(conf).build(env);
        JobClient job = env.executeAsync("pool-move");
        move.sendMorning(t.metrics);
        KAFKA.awaitCommitted(group, t.metrics, WAIT);
        WindowsTopic.awaitWindowFrom(KAFKA.bootstrapServers(), t.windows, DECIDED, WAIT);
        move.sendOverride(t.config);
        KAFKA.awaitCommitted(group + "-config", t.config, WAIT);
        move.sendAfternoon(t.metrics);
        KAFKA.awaitCommitted(group, t.metrics, WAIT);
        job.stopWithSavepoint(true, savepoints.toString(), SavepointFormatType.CANONICAL)
                .get(2, TimeUnit.MINUTES);
        job.getJobExecutionResult().get(1, TimeUnit.MINUTES);
    }

    private static void send(
            String topic, List<MetricSample> samples, Predicate<MetricSample> which) {
        List<Replayer.Payload> payloads = new ArrayList<>();
        for (MetricSample s : samples) {
            if (which.test(s)) {
                payloads.add(new Replayer.Payload(s.entity(), SampleFormats.json(s)));
            }
        }
        Replayer.send(KAFKA.bootstrapServers(), topic, payloads, n -> {});
    }

    private static List<ScaleCommand> readCommands(String topic) {
        try (TopicReader<ScaleCommand> reader =
                new TopicReader<>(
                        KAFKA.bootstrapServers(),
                        topic,
                        b -> JsonCodec.decode(b, ScaleCommand.class))) {
            reader.poll(Duration.ofSeconds(5));
            return List.copyOf(reader.drain(Duration.ofSeconds(2)));
        }
    }

    /** The entity's grants in {@code pool}, by time: [time, reason, granted]. */
    private static List<List<Object>> grants(
            InfluxDB influx, String database, String entity, String pool) {
        String q =
                "SELECT reason, granted FROM allocation WHERE entity = '"
                        + entity
                        + "' AND pool = '"
                        + pool
                        + "' ORDER BY time";
        QueryResult r = influx.query(new Query(q, database));
        assertThat(r.getError()).as(q).isNull();
        QueryResult.Result first = r.getResults().get(0);
        assertThat(first.getError()).as(q).isNull();
        return first.getSeries() == null
                ? List.of()
                : first.getSeries().stream().flatMap(s -> s.getValues().stream()).toList();
    }
}
