package io.prescale.it.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.prescale.cli.kafka.TopicReader;
import io.prescale.cli.replay.Replayer;
import io.prescale.it.services.InfluxService;
import io.prescale.it.services.KafkaService;
import io.prescale.it.services.MiniClusters;
import io.prescale.jobs.ActuatorJob;
import io.prescale.jobs.JobConfig;
import io.prescale.model.ActuationResult;
import io.prescale.model.ActuationStatus;
import io.prescale.model.DeadLetter;
import io.prescale.model.JsonCodec;
import io.prescale.model.ScaleAction;
import io.prescale.model.ScaleCommand;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.influxdb.InfluxDB;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The actuator job against a real broker and a real InfluxDB: every command gets exactly one result
 * on the actuations topic and in InfluxDB's {@code actuation} measurement; a repeated or older
 * version is SUPERSEDED, with the amount in force, not the target of a newer command the backend
 * rejected; a record that is no command is dead-lettered; a backend that keeps failing gets every
 * command retried and reported FAILED, and the job runs to its end.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ActuatorJobITCase {
    private static final Instant T = Instant.parse("2024-03-01T12:00:00Z");

    @RegisterExtension static final KafkaService KAFKA = new KafkaService();
    @RegisterExtension static final InfluxService INFLUX = new InfluxService();

    @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.withSlots(2);

    private static Replayer.Payload command(String entity, long version, double target) {
        return command(entity, version, target, T.plusSeconds(600));
    }

    /** A SCALE_UP of {@code entity}'s replicas to {@code target}, as its record on the topic. */
    static Replayer.Payload command(
            String entity, long version, double target, Instant leaseExpiry) {
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
                        leaseExpiry);
        return new Replayer.Payload(entity, JsonCodec.encode(c));
    }

    @Test
    void everyCommandGetsOneResultAndOldVersionsAreSuperseded() throws Exception {
        String commands = KAFKA.createTopic("commands", 2, false);
        String actuations = KAFKA.createTopic("actuations", 2, false);
        String deadletter = KAFKA.createTopic("deadletter", 1, false);
        String database = INFLUX.createDatabase("actuator");
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
                        "-Dinflux.url=" + INFLUX.url(),
                        "-Dinflux.database=" + database,
                        "-Dactuator.backend=log");
        run(conf);

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
        assertThat(results).allSatisfy(r -> assertThat(r.backend()).isEqualTo("log"));
        assertThat(results)
                .filteredOn(r -> r.status() == ActuationStatus.SUPERSEDED)
                .as("svc-a's version 2, applied, stays in force")
                .extracting(ActuationResult::appliedAmount)
                .containsExactly(3.0, 3.0);
        assertThat(read(deadletter, DeadLetter.class, 1))
                .singleElement()
                .satisfies(d -> assertThat(d.reason()).startsWith("bad command: malformed json"));
        assertThat(influxStatuses(database))
                .as("InfluxDB's actuation measurement holds every result")
                .containsExactlyInAnyOrder(
                        "svc-a@1:APPLIED",
                        "svc-a@2:APPLIED",
                        "svc-a@1:SUPERSEDED",
                        "svc-a@2:SUPERSEDED",
                        "svc-b@1:APPLIED",
                        "svc-b@2:APPLIED");
    }

    @Test
    void aBackendThatKeepsFailingGetsRetriesThenFailedAndTheJobRunsToItsEnd() throws Exception {
        String database = INFLUX.createDatabase("actuator_failing");
        AtomicInteger requests = new AtomicInteger();
        List<ActuationResult> results =
                threeCommandsFailed(
                        database,
                        ex -> {
                            requests.incrementAndGet();
                            ex.getRequestBody().readAllBytes();
                            ex.sendResponseHeaders(503, -1);
                            ex.close();
                        });

        assertThat(results)
                .allSatisfy(
                        r -> {
                            assertThat(r.detail()).startsWith("failed after 3 attempts");
                            assertThat(r.detail()).contains("503");
                        });
        assertThat(requests).as("one try and two retries per command").hasValue(9);
        assertThat(influxStatuses(database))
                .containsExactlyInAnyOrder("svc-a@1:FAILED", "svc-a@2:FAILED", "svc-b@1:FAILED");
    }

    /**
     * A receiver that does not answer within actuator.webhook.read-timeout fails each command after
     * one try: the tester's receiver that slept 60 s was tried four times a command (10 s each)
     * while every entity's commands waited.
     */
    @Test
    void aReceiverThatHangsFailsEachCommandAfterOneTryOfTheReadTimeout() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        List<ActuationResult> results =
                threeCommandsFailed(
                        INFLUX.createDatabase("actuator_hanging"),
                        slowReceiver(requests, 1_500, false),
                        "-Dactuator.webhook.read-timeout=300ms");

        assertThat(results)
                .allSatisfy(
                        r ->
                                assertThat(r.detail())
                                        .startsWith("failed after 1 attempt: webhook: POST ")
                                        .contains(
                                                "no answer within 300 ms"
                                                        + " (actuator.webhook.read-timeout)"));
        assertThat(requests).as("one try per command, no retry").hasValue(3);
    }

    /**
     * A receiver that takes 400 ms a command, fed a backlog of 40: the actuator applies one command
     * at a time per subtask, and an aligned checkpoint's barrier waited behind every command queued
     * before it, so checkpoints expired, the job restarted from the last one and sent the same
     * commands again, for ever (a tester's 4 s receiver with 142 commands, at the default 10-minute
     * timeout). Its checkpoints are unaligned: the barrier passes the queued commands. Here, the
     * source unbounded as an actuator's is, one expired checkpoint, with none tolerated and no
     * restart, fails the job.
     */
    @Test
    void aSlowReceiverWorksThroughABacklogWithoutExpiringCheckpoints() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        String commands = KAFKA.createTopic("commands", 2, false);
        String actuations = KAFKA.createTopic("actuations", 2, false);
        List<Replayer.Payload> payloads = new ArrayList<>();
        for (int v = 1; v <= 5; v++) {
            for (int e = 0; e < 8; e++) {
                payloads.add(command("svc-" + e, v, v));
            }
        }
        List<ActuationResult> results = new ArrayList<>();
        runWithWebhook(
                commands,
                actuations,
                INFLUX.createDatabase("actuator_slow"),
                payloads,
                slowReceiver(requests, 400, true),
                conf -> results.addAll(runUntil(conf, actuations, 40)),
                "-Dkafka.bounded=false",
                "-Dexecution.checkpointing.timeout=3s",
                "-Dexecution.checkpointing.tolerable-failed-checkpoints=0");

        assertThat(requests).as("each command sent once").hasValue(40);
        assertThat(results)
                .hasSize(40)
                .allSatisfy(r -> assertThat(r.status()).isEqualTo(ActuationStatus.APPLIED));
    }

    /**
     * A receiver that counts each request in {@code requests} and takes {@code millis} over it,
     * then answers 200 when {@code answers}, else closes the exchange without an answer.
     */
    private static HttpHandler slowReceiver(AtomicInteger requests, long millis, boolean answers) {
        return ex -> {
            requests.incrementAndGet();
            ex.getRequestBody().readAllBytes();
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (answers) {
                ex.sendResponseHeaders(200, -1);
            }
            ex.close();
        };
    }

    /** Runs two commands for svc-a and one for svc-b against {@code receiver}; all fail. */
    private static List<ActuationResult> threeCommandsFailed(
            String database, HttpHandler receiver, String... options) throws Exception {
        String commands = KAFKA.createTopic("commands", 2, false);
        String actuations = KAFKA.createTopic("actuations", 2, false);
        runWithWebhook(
                commands,
                actuations,
                database,
                List.of(command("svc-a", 1, 2), command("svc-a", 2, 3), command("svc-b", 1, 1)),
                receiver,
                ActuatorJobITCase::run,
                options);
        List<ActuationResult> results = read(actuations, ActuationResult.class, 3);
        assertThat(results)
                .extracting(r -> r.entity() + "@" + r.version() + ":" + r.status())
                .containsExactlyInAnyOrder("svc-a@1:FAILED", "svc-a@2:FAILED", "svc-b@1:FAILED");
        return results;
    }

    @Test
    void aSupersededCommandReportsTheAmountInForceNotTheTargetOfARejectedCommand()
            throws Exception {
        String commands = KAFKA.createTopic("commands", 2, false);
        String actuations = KAFKA.createTopic("actuations", 2, false);
        String database = INFLUX.createDatabase("actuator_rejecting");
        runWithWebhook(
                commands,
                actuations,
                database,
                List.of(
                        command("svc-a", 1, 100),
                        command("svc-a", 2, 1e300),
                        command("svc-a", 2, 1e300),
                        command("svc-a", 1, 100)),
                ex -> {
                    ScaleCommand c =
                            JsonCodec.decode(
                                    ex.getRequestBody().readAllBytes(), ScaleCommand.class);
                    // the receiver refuses a target it cannot run
                    ex.sendResponseHeaders(c.targetAmount() > 1_000 ? 422 : 200, -1);
                    ex.close();
                },
                ActuatorJobITCase::run);

        List<ActuationResult> results = read(actuations, ActuationResult.class, 4);
        assertThat(results)
                .extracting(r -> r.version() + ":" + r.status() + ":" + r.appliedAmount())
                .as("version 2 passed the version gate, was rejected, and 100 stayed in force")
                .containsExactly(
                        "1:APPLIED:100.0",
                        "2:REJECTED:100.0",
                        "2:SUPERSEDED:100.0",
                        "1:SUPERSEDED:100.0");
        assertThat(influxStatuses(database))
                .containsExactlyInAnyOrder(
                        "svc-a@1:APPLIED",
                        "svc-a@2:REJECTED",
                        "svc-a@2:SUPERSEDED",
                        "svc-a@1:SUPERSEDED");
    }

    /**
     * Sends {@code payloads} to {@code commands} and runs the job with {@code runner} ({@link
     * #run}: to the end of them) with the webhook backend answered by {@code receiver} (two retries
     * 10 ms apart) and {@code options}.
     */
    private static void runWithWebhook(
            String commands,
            String actuations,
            String database,
            List<Replayer.Payload> payloads,
            HttpHandler receiver,
            JobRun runner,
            String... options)
            throws Exception {
        HttpServer webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/", receiver);
        // a receiver that hangs holds up its own request, not the server's dispatcher
        ExecutorService handlers = Executors.newCachedThreadPool();
        webhook.setExecutor(handlers);
        webhook.start();
        try {
            Replayer.send(KAFKA.bootstrapServers(), commands, payloads, n -> {});
            List<String> args =
                    new ArrayList<>(
                            List.of(
                                    "-Dkafka.bootstrap-servers=" + KAFKA.bootstrapServers(),
                                    "-Dkafka.bounded=true",
                                    "-Dactuator.group-id=act-" + commands,
                                    "-Dtopics.commands=" + commands,
                                    "-Dtopics.actuations=" + actuations,
                                    "-Dinflux.url=" + INFLUX.url(),
                                    "-Dinflux.database=" + database,
                                    "-Dactuator.backend=webhook",
                                    "-Dactuator.webhook.url=http://127.0.0.1:"
                                            + webhook.getAddress().getPort()
                                            + "/actuate",
                                    "-Dactuator.webhook.secret=s3cret",
                                    "-Dactuator.retries=2",
                                    "-Dactuator.initial-backoff=10ms"));
            args.addAll(List.of(options));
            runner.run(JobConfig.fromArgs(args.toArray(String[]::new)));
        } finally {
            webhook.stop(0);
            handlers.shutdownNow();
        }
    }

    /** How a test runs the job of a configuration. */
    private interface JobRun {
        void run(Configuration conf) throws Exception;
    }

    /**
     * Runs the job to its end with the checkpoint settings of {@code conf}; a failure fails it, no
     * restart.
     */
    private static void run(Configuration conf) throws Exception {
        environment(conf).execute("actuator-itcase");
    }

    /**
     * Runs the job unbounded, as an actuator runs (a bounded source that has finished takes its
     * downstream's checkpoints otherwise), until {@code results} results are on {@code actuations},
     * then checks it still runs (a failure fails it: no restart) and cancels it.
     */
    private static List<ActuationResult> runUntil(
            Configuration conf, String actuations, int results) throws Exception {
        JobClient job = environment(conf).executeAsync("actuator-itcase");
        try {
            List<ActuationResult> read = read(actuations, ActuationResult.class, results);
            assertThat(job.getJobStatus().get(30, TimeUnit.SECONDS))
                    .as("the job after %d results", read.size())
                    .isEqualTo(JobStatus.RUNNING);
            return read;
        } finally {
            if (!job.getJobStatus().get(30, TimeUnit.SECONDS).isGloballyTerminalState()) {
                job.cancel().get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** The job's environment with the checkpoint settings of {@code conf}, no restart. */
    private static StreamExecutionEnvironment environment(Configuration conf) {
        Configuration flinkConf = JobConfig.environment(conf);
        flinkConf.set(PipelineOptions.GENERIC_TYPES, false);
        flinkConf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(flinkConf);
        env.setParallelism(2);
        env.enableCheckpointing(1_000);
        ActuatorJob.fromConfig(conf).build(env);
        return env;
    }

    /** {@code entity@version:status} of every point of measurement actuation. */
    private static List<String> influxStatuses(String database) {
        try (InfluxDB influx = INFLUX.connect()) {
            QueryResult r =
                    influx.query(
                            new Query(
                                    "SELECT \"version\", \"entity\", \"status\" FROM \"actuation\"",
                                    database));
            assertThat(r.getError()).isNull();
            List<String> out = new ArrayList<>();
            for (List<Object> row : r.getResults().get(0).getSeries().get(0).getValues()) {
                out.add(row.get(2) + "@" + ((Number) row.get(1)).longValue() + ":" + row.get(3));
            }
            return out;
        }
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
