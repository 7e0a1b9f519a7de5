package io.prescale.it.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.cli.demo.WorkerProcesses;
import io.prescale.it.job.TestData;
import io.prescale.it.pipeline.Pipeline;
import io.prescale.it.pipeline.PipelineTopics;
import io.prescale.it.services.InfluxService;
import io.prescale.it.services.KafkaService;
import io.prescale.it.services.MiniClusters;
import io.prescale.model.ActuationResult;
import io.prescale.model.ActuationStatus;
import io.prescale.model.MetricSample;
import io.prescale.model.ScaleCommand;
import io.prescale.model.WindowAggregate;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.influxdb.InfluxDB;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole loop on real services: a replay of three Azure VMs over one day (5-minute windows, 288
 * steps) → {@code PredictiveScalingJob} → exactly-once commands → {@code ActuatorJob} with the
 * process-pool backend running real worker processes → results on the actuations topic → back into
 * the scaling job's ledger → InfluxDB. The day is replayed in two halves; after each, once every
 * committed command has its result, the live worker processes of each VM equal what its last
 * applied command asked for. At the end every applied result is in the ledger with its version and
 * amount, and when the jobs stop, no worker is left.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class EndToEndITCase {
    private static final Path TRACE = TestData.shared("azure-vm-2017.csv.gz");
    private static final Instant DAY = Instant.parse("2017-01-01T00:00:00Z");
    private static final double CPU_PER_WORKER = 25;

    /**
     * Longer than watermark.resume-hold (10 s): the job idles between the two replays, and the
     * afternoon's windows close that long after its first samples are read.
     */
    private static final Duration QUIET = Duration.ofSeconds(15);

    /**
     * Measurements the two jobs write in this setting: no feedback, so no rating; no alert, as the
     * detectors are not warm within one day ({@code AlertsITCase} follows alerts into InfluxDB).
     */
    private static final List<String> WRITTEN_BY_THE_JOBS =
            List.of(
                    "metric",
                    "forecast",
                    "accuracy",
                    "provisioning",
                    "command",
                    "allocation",
                    "pool",
                    "ledger",
                    "actuation");

    @RegisterExtension static final KafkaService KAFKA = new KafkaService();
    @RegisterExtension static final InfluxService INFLUX = new InfluxService();
    @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.withSlots(4);

    private final List<JobClient> jobs = new ArrayList<>();

    @AfterEach
    void stopJobsAndWorkers() throws Exception {
        Pipeline.stop(jobs);
        WorkerProcesses.killAll();
    }

    @Test
    void processesFollowTheCommandsAndEveryResultIsReported() throws Exception {
        String database = INFLUX.createDatabase("e2e");
        PipelineTopics topics = PipelineTopics.create(KAFKA);
        Pipeline pipeline =
                new Pipeline(
                        KAFKA.bootstrapServers(),
                        topics,
                        INFLUX.url(),
                        database,
                        List.of(
                                "-Dwindow.size=5m",
                                "-Dallocation.demand-metric=cpu_max_pct",
                                "-Dallocation.resource=cpu",
                                "-Dallocation.unit=pct",
                                "-Dactuator.backend=process-pool",
                                "-Dactuator.process-pool.command=" + WorkerProcesses.COMMAND,
                                "-Dactuator.process-pool.resource=cpu:pct",
                                "-Dactuator.process-pool.amount-per-worker=" + CPU_PER_WORKER,
                                "-Dactuator.process-pool.grace-period=3s"));
        List<MetricSample> day = Pipeline.slice(TRACE, 3, DAY.plus(Duration.ofDays(1)));
        Instant noon = DAY.plus(Duration.ofHours(12));
        long started = System.currentTimeMillis();
        jobs.add(pipeline.startActuator(false));
        jobs.add(pipeline.startScaling(false));

        pipeline.replay(day.stream().filter(s -> s.ts().isBefore(noon)).toList());
        Map<String, Integer> morning = settledWorkers(pipeline);
        pipeline.replay(day.stream().filter(s -> !s.ts().isBefore(noon)).toList());
        Map<String, Integer> afternoon = settledWorkers(pipeline);

        assertThat(afternoon)
                .as("the afternoon's commands changed the pools")
                .isNotEqualTo(morning);
        List<ScaleCommand> commands = pipeline.read(topics.commands(), ScaleCommand.class);
        List<ActuationResult> results = pipeline.read(topics.actuations(), ActuationResult.class);
        assertThat(results)
                .extracting(r -> r.entity() + "@" + r.version())
                .containsExactlyInAnyOrderElementsOf(
                        commands.stream().map(c -> c.entity() + "@" + c.version()).toList());
        assertThat(results)
                .allSatisfy(r -> assertThat(r.status()).isEqualTo(ActuationStatus.APPLIED));

        // the ledger's points are written on the scaling job's checkpoints
        INFLUX.awaitCount(database, "ledger", "version", results.size(), Duration.ofMinutes(1));
        Pipeline.stop(jobs);
        assertThat(WorkerProcesses.live()).as("workers left after the jobs stopped").isZero();
        assertInfluxHoldsEveryMeasurementTheJobsWrite(database);
        assertThat(INFLUX.count(database, "command", "target")).isEqualTo(commands.size());
        assertThat(INFLUX.count(database, "actuation", "amount")).isEqualTo(results.size());
        assertThat(INFLUX.count(database, "metric", "mean"))
                .isEqualTo(pipeline.read(topics.windows(), WindowAggregate.class).size());
        assertResultsFlowBackIntoTheLedger(database, commands, results);
        assertOutputsAreStampedWhenWritten(pipeline, started);
    }

    /**
     * The jobs' Kafka outputs carry the wall-clock time they were written (their event time, in
     * 2017, is in the body), so the broker's retention does not delete them.
     */
    private static void assertOutputsAreStampedWhenWritten(Pipeline pipeline, long started) {
        PipelineTopics t = pipeline.topics();
        for (String topic :
                List.of(
                        t.windows(),
                        t.forecasts(),
                        t.commands(),
                        t.actuations(),
                        t.alerts(),
                        t.deadletter())) {
            assertThat(pipeline.timestamps(topic))
                    .as("Kafka timestamps on %s", topic)
                    .allSatisfy(ts -> assertThat(ts).isGreaterThanOrEqualTo(started));
        }
        assertThat(pipeline.timestamps(t.commands())).as("commands").isNotEmpty();
    }

    /**
     * Waits until the jobs have settled (every committed command has its result, nothing changed
     * for {@link #QUIET}); then the live workers per VM must be what each VM's last applied result
     * asked for.
     */
    private Map<String, Integer> settledWorkers(Pipeline pipeline) throws Exception {
        Pipeline.Settled settled = pipeline.awaitSettled(QUIET, Duration.ofMinutes(3));
        List<ActuationResult> results =
                pipeline.read(pipeline.topics().actuations(), ActuationResult.class);
        Map<String, Integer> live = WorkerProcesses.liveByEntity();
        assertThat(live)
                .as("live workers per VM after %d commands", settled.commands())
                .isEqualTo(expectedWorkers(results));
        return live;
    }

    /**
     * Workers of each VM's newest applied result (the backend applies whole workers: the amount
     * over CPU_PER_WORKER); VMs at zero left out.
     */
    private static Map<String, Integer> expectedWorkers(List<ActuationResult> results) {
        Map<String, Integer> out = new TreeMap<>();
        results.stream()
                .filter(r -> r.status() == ActuationStatus.APPLIED)
                .sorted(Comparator.comparingLong(ActuationResult::version))
                .forEach(
                        r ->
                                out.put(
                                        r.entity(),
                                        (int) Math.round(r.appliedAmount() / CPU_PER_WORKER)));
        out.values().removeIf(n -> n == 0);
        return out;
    }

    private static void assertInfluxHoldsEveryMeasurementTheJobsWrite(String database) {
        try (InfluxDB influx = INFLUX.connect()) {
            for (String m : WRITTEN_BY_THE_JOBS) {
                QueryResult r =
                        influx.query(new Query("SELECT count(*) FROM \"" + m + "\"", database));
                assertThat(r.getResults().get(0).getSeries())
                        .as("points of measurement %s", m)
                        .isNotEmpty();
            }
        }
    }

    /**
     * Every APPLIED result is in the scaling job's ledger, with its version and amount; every line
     * of the ledger holds what the job last commanded (an amount of a version at least the
     * result's); and the ledger has one line per result.
     */
    private static void assertResultsFlowBackIntoTheLedger(
            String database, List<ScaleCommand> commands, List<ActuationResult> results) {
        Map<String, Double> commanded = new TreeMap<>();
        commands.forEach(c -> commanded.put(c.entity() + "@" + c.version(), c.targetAmount()));
        List<String> applied =
                results.stream()
                        .filter(r -> r.status() == ActuationStatus.APPLIED)
                        .map(r -> r.entity() + "@" + r.version() + "=" + r.appliedAmount())
                        .toList();
        assertThat(applied).as("applied results").isNotEmpty();
        List<String> ledger = new ArrayList<>();
        for (List<Object> row :
                rows(
                        database,
                        "SELECT \"entity\", \"version\", \"applied\", \"status\","
                                + " \"version_commanded\", \"commanded\" FROM \"ledger\"")) {
            String entity = (String) row.get(1);
            long version = ((Number) row.get(2)).longValue();
            long versionCommanded = ((Number) row.get(5)).longValue();
            assertThat(versionCommanded)
                    .as("commanded version of %s", row)
                    .isGreaterThanOrEqualTo(version);
            assertThat(row.get(6))
                    .as("commanded amount of %s", row)
                    .isEqualTo(commanded.get(entity + "@" + versionCommanded));
            if ("APPLIED".equals(row.get(4))) {
                ledger.add(entity + "@" + version + "=" + row.get(3));
            }
        }
        assertThat(ledger).containsExactlyInAnyOrderElementsOf(applied);
        assertThat(INFLUX.count(database, "ledger", "version")).isEqualTo(results.size());
    }

    private static List<List<Object>> rows(String database, String influxQl) {
        try (InfluxDB influx = INFLUX.connect()) {
            QueryResult r = influx.query(new Query(influxQl, database));
            assertThat(r.getResults().get(0).getError()).as(influxQl).isNull();
            assertThat(r.getResults().get(0).getSeries()).as(influxQl).isNotEmpty();
            return r.getResults().get(0).getSeries().get(0).getValues();
        }
    }
}
