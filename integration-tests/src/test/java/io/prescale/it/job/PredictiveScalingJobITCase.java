package io.prescale.it.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.prescale.cli.kafka.TopicReader;
import io.prescale.cli.replay.ExpectedWindows;
import io.prescale.cli.replay.Replayer;
import io.prescale.cli.replay.SampleFormats;
import io.prescale.cli.replay.TraceSamples;
import io.prescale.it.services.InfluxService;
import io.prescale.it.services.KafkaService;
import io.prescale.it.services.MiniClusters;
import io.prescale.jobs.JobConfig;
import io.prescale.jobs.PredictiveScalingJob;
import io.prescale.model.DeadLetter;
import io.prescale.model.Forecast;
import io.prescale.model.JsonCodec;
import io.prescale.model.MetricSample;
import io.prescale.model.WindowAggregate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.influxdb.InfluxDB;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Replays one day of 20 Azure VMs (10 as JSON, 10 as Telegraf line protocol) with 1 % malformed
 * records through the job on a MiniCluster, a real Kafka broker and a real InfluxDB, and checks
 * every window and every dead letter against an independent computation from the trace file.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class PredictiveScalingJobITCase {
    private static final Path TRACE = TestData.shared("azure-vm-2017.csv.gz");
    private static final Duration WINDOW = Duration.ofMinutes(15);
    private static final Instant DAY_END = Instant.parse("2017-01-02T00:00:00Z");
    private static final String LP_MEASUREMENT = "azure";
    private static final double MEAN_TOLERANCE = 1e-9;
    private static final int HORIZONS = 12;

    @RegisterExtension static final KafkaService KAFKA = new KafkaService();
    @RegisterExtension static final InfluxService INFLUX = new InfluxService();

    @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.withSlots(2);

    @Test
    void everyValidSampleLandsInItsWindowAndEveryBadRecordIsDeadLettered() throws Exception {
        List<String> vms = TraceSamples.firstEntities(TRACE, 20);
        Set<String> jsonVms = new HashSet<>(vms.subList(0, 10));
        List<MetricSample> day =
                TraceSamples.read(TRACE, new HashSet<>(vms)::contains).stream()
                        .filter(s -> s.ts().isBefore(DAY_END))
                        .toList();
        List<MetricSample> asJson = day.stream().filter(s -> jsonVms.contains(s.entity())).toList();
        List<MetricSample> asLine =
                day.stream().filter(s -> !jsonVms.contains(s.entity())).toList();

        // agents send in time order: JSON and line-protocol entities interleave as in the trace
        List<Replayer.Payload> payloads = new ArrayList<>();
        for (MetricSample s : day) {
            byte[] value =
                    jsonVms.contains(s.entity())
                            ? SampleFormats.json(s)
                            : SampleFormats.lineProtocol(s, LP_MEASUREMENT);
            payloads.add(new Replayer.Payload(s.entity(), value));
        }
        List<MalformedRecords.Bad> bad = MalformedRecords.onePercentOf(payloads.size());
        Random random = new Random(42);
        for (MalformedRecords.Bad b : bad) {
            payloads.add(random.nextInt(payloads.size()), b.payload());
        }

        String metrics = KAFKA.createTopic("metrics", 2, false);
        String deadletter = KAFKA.createTopic("deadletter", 1, false);
        String windows = KAFKA.createTopic("windows", 2, false);
        String forecasts = KAFKA.createTopic("forecasts", 2, false);
        String commands = KAFKA.createTopic("commands", 2, false);
        String database = INFLUX.createDatabase("prescale");
        Replayer.send(KAFKA.bootstrapServers(), metrics, payloads, n -> {});

        Configuration conf =
                JobConfig.fromArgs(
                        "-Dkafka.bootstrap-servers=" + KAFKA.bootstrapServers(),
                        "-Dkafka.bounded=true",
                        "-Dkafka.group-id=it-" + metrics,
                        "-Dtopics.metrics=" + metrics,
                        "-Dtopics.deadletter=" + deadletter,
                        "-Dtopics.windows=" + windows,
                        "-Dtopics.forecasts=" + forecasts,
                        "-Dtopics.commands=" + commands,
                        "-Dtopics.alerts=" + KAFKA.createTopic("alerts", 1, false),
                        "-Dkafka.transactional-id-prefix=it-" + commands,
                        "-Dallocation.demand-metric=cpu_max_pct",
                        // far above 20 VMs' demand: nothing is cut, but the pool has a capacity
                        // for the dashboard's capacity panel
                        "-Dcapacity.limits=default/cpu:100000",
                        "-Dparser.max-past-skew=0",
                        "-Dwindow.size=15m",
                        "-Dinflux.url=" + INFLUX.url(),
                        "-Dinflux.database=" + database,
                        "-Dinflux.batch-size=500");
        Configuration flinkConf = new Configuration();
        flinkConf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(flinkConf);
        env.setParallelism(2);
        env.enableCheckpointing(2_000);
        PredictiveScalingJob.fromConfig(conf).build(env);
        env.execute("predictive-scaling-itcase");

        Map<ExpectedWindows.Key, ExpectedWindows.Totals> expected = new HashMap<>();
        expected.putAll(ExpectedWindows.of(asJson, WINDOW, ""));
        expected.putAll(ExpectedWindows.of(asLine, WINDOW, LP_MEASUREMENT + "_"));

        List<WindowAggregate> seen = read(windows, WindowAggregate.class, expected.size());
        assertWindowsMatch(seen, expected);
        assertForecasts(read(forecasts, Forecast.class, HORIZONS * expected.size()), expected);
        assertDeadLettered(read(deadletter, DeadLetter.class, bad.size()), bad, metrics);
        assertInfluxHolds(database, expected);
        assertAccuracyScored(database, expected);
        assertDashboardsQueryData(database, vms.get(0));
    }

    /**
     * Every panel query of infra/grafana runs without error; those over measurements this job
     * writes (metric, forecast with its quantiles, accuracy, allocation, pool) return data. Alerts
     * need the detectors warm (250 points), which one day of 15-minute windows is not.
     */
    private static void assertDashboardsQueryData(String database, String entity) throws Exception {
        Path grafana =
                Path.of(System.getProperty("prescale.repo.root", "..")).resolve("infra/grafana");
        List<DashboardQueries.Query> queries =
                DashboardQueries.load(
                        grafana,
                        Map.of(
                                "$entity", entity,
                                "$metric", "cpu_max_pct",
                                "$resource", "cpu",
                                "$horizon", "1",
                                "$scored_horizon", "1",
                                "$pool", "default",
                                "$timeFilter",
                                        "time >= '2017-01-01T00:00:00Z' AND time < '2017-01-02T00:00:00Z'",
                                "$__interval", "1h"));
        assertThat(queries).as("dashboard queries in %s", grafana).hasSizeGreaterThan(5);
        InfluxDB influx = INFLUX.connect();
        try {
            for (DashboardQueries.Query q : queries) {
                QueryResult r = influx.query(new Query(q.influxQl(), database));
                assertThat(r.getError()).as("%s: %s", q.panel(), q.influxQl()).isNull();
                assertThat(r.getResults().get(0).getError())
                        .as("%s: %s", q.panel(), q.influxQl())
                        .isNull();
                if (Set.of("metric", "forecast", "accuracy", "allocation", "pool")
                        .contains(q.measurement())) {
                    assertThat(r.getResults().get(0).getSeries())
                            .as("data for panel '%s': %s", q.panel(), q.influxQl())
                            .isNotNull()
                            .isNotEmpty();
                }
            }
        } finally {
            influx.close();
        }
    }

    /**
     * H forecasts per window, from the series' model, issued at the window's end for the next 1..H
     * windows, with the configured quantiles in order.
     */
    private static void assertForecasts(
            List<Forecast> seen, Map<ExpectedWindows.Key, ExpectedWindows.Totals> expected) {
        assertThat(seen).hasSize(HORIZONS * expected.size());
        Map<ExpectedWindows.Key, Set<Integer>> horizons = new HashMap<>();
        for (Forecast f : seen) {
            assertThat(f.model()).isEqualTo("ensemble");
            assertThat(f.quantiles()).containsOnlyKeys(0.5, 0.9, 0.95, 0.99);
            assertThat(f.quantiles().get(0.99)).isGreaterThanOrEqualTo(f.quantiles().get(0.5));
            ExpectedWindows.Key window =
                    new ExpectedWindows.Key(f.entity(), f.metric(), f.issuedAt().minus(WINDOW));
            assertThat(expected).as("window of %s", f).containsKey(window);
            horizons.computeIfAbsent(window, k -> new HashSet<>()).add(f.horizon());
        }
        assertThat(horizons.values())
                .hasSize(expected.size())
                .allSatisfy(h -> assertThat(h).hasSize(HORIZONS));
    }

    /**
     * InfluxDB's {@code accuracy} holds one row per window whose one-step (and two-step, the lead)
     * forecast was issued: every window after the series' first (second).
     */
    private static void assertAccuracyScored(
            String database, Map<ExpectedWindows.Key, ExpectedWindows.Totals> expected) {
        long[] want = new long[3];
        for (ExpectedWindows.Key k : expected.keySet()) {
            for (int h = 1; h <= 2; h++) {
                Instant before = k.windowStart().minus(WINDOW.multipliedBy(h));
                if (expected.containsKey(new ExpectedWindows.Key(k.entity(), k.metric(), before))) {
                    want[h]++;
                }
            }
        }
        InfluxDB influx = INFLUX.connect();
        try {
            for (int h = 1; h <= 2; h++) {
                QueryResult r =
                        influx.query(
                                new Query(
                                        "SELECT count(\"pinball_99\") FROM \"accuracy\" WHERE"
                                                + " \"horizon\" = '"
                                                + h
                                                + "'",
                                        database));
                assertThat(r.getError()).isNull();
                Number count =
                        (Number) r.getResults().get(0).getSeries().get(0).getValues().get(0).get(1);
                assertThat(count.longValue())
                        .as("accuracy rows at horizon %d", h)
                        .isEqualTo(want[h]);
            }
        } finally {
            influx.close();
        }
    }

    private static <T> List<T> read(String topic, Class<T> type, int expected) {
        try (TopicReader<T> reader =
                new TopicReader<>(
                        KAFKA.bootstrapServers(), topic, b -> JsonCodec.decode(b, type))) {
            reader.pollUntil(expected, Duration.ofSeconds(60));
            reader.poll(Duration.ofSeconds(1)); // anything beyond the expected count is a defect
            return List.copyOf(reader.records());
        }
    }

    private static void assertWindowsMatch(
            List<WindowAggregate> seen, Map<ExpectedWindows.Key, ExpectedWindows.Totals> expected) {
        assertThat(seen).hasSize(expected.size());
        for (WindowAggregate w : seen) {
            ExpectedWindows.Totals t =
                    expected.get(new ExpectedWindows.Key(w.entity(), w.metric(), w.windowStart()));
            assertThat(t).as("unexpected window %s", w).isNotNull();
            assertThat(w.count()).as("count of %s", w).isEqualTo(t.count());
            assertThat(w.mean()).as("mean of %s", w).isCloseTo(t.mean(), within(MEAN_TOLERANCE));
            assertThat(w.max()).as("max of %s", w).isEqualTo(t.max());
            assertThat(w.windowEnd()).isEqualTo(w.windowStart().plus(WINDOW));
        }
    }

    private static void assertDeadLettered(
            List<DeadLetter> letters, List<MalformedRecords.Bad> bad, String topic) {
        assertThat(letters).hasSize(bad.size());
        for (MalformedRecords.Bad b : bad) {
            byte[] sent = b.payload().value();
            // a letter keeps the value's first 256 KiB
            String value =
                    new String(
                            sent,
                            0,
                            Math.min(sent.length, DeadLetter.MAX_VALUE_BYTES),
                            StandardCharsets.UTF_8);
            assertThat(letters)
                    .as("dead letter for %s (%.200s)", b.kind(), value)
                    .anySatisfy(
                            d -> {
                                assertThat(new String(d.value(), StandardCharsets.UTF_8))
                                        .isEqualTo(value);
                                assertThat(d.reason()).containsIgnoringCase(b.expectedReason());
                                assertThat(d.topic()).isEqualTo(topic);
                                assertThat(d.offset()).isNotNegative();
                            });
        }
    }

    private static void assertInfluxHolds(
            String database, Map<ExpectedWindows.Key, ExpectedWindows.Totals> expected) {
        InfluxDB influx = INFLUX.connect();
        QueryResult result =
                influx.query(
                        new Query(
                                "SELECT \"count\", \"mean\", \"entity\", \"metric\" FROM \"metric\"",
                                database));
        assertThat(result.getError()).isNull();
        List<List<Object>> rows = result.getResults().get(0).getSeries().get(0).getValues();
        assertThat(rows).hasSize(expected.size());
        for (List<Object> row : rows) {
            Instant time = Instant.parse((String) row.get(0));
            ExpectedWindows.Totals t =
                    expected.get(
                            new ExpectedWindows.Key(
                                    (String) row.get(3), (String) row.get(4), time));
            assertThat(t).as("InfluxDB row %s", row).isNotNull();
            assertThat(((Number) row.get(1)).longValue()).isEqualTo(t.count());
            assertThat(((Number) row.get(2)).doubleValue())
                    .isCloseTo(t.mean(), within(MEAN_TOLERANCE));
        }
        influx.close();
    }
}
