package io.prescale.it.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.cli.replay.TraceSamples;
import io.prescale.connectors.influx.EntityTags;
import io.prescale.connectors.influx.InfluxPointMapper;
import io.prescale.connectors.influx.InfluxSink;
import io.prescale.connectors.influx.InfluxSinkConfig;
import io.prescale.it.job.DashboardQueries;
import io.prescale.it.job.TestData;
import io.prescale.it.pipeline.Pipeline;
import io.prescale.it.pipeline.PipelineTopics;
import io.prescale.it.services.InfluxService;
import io.prescale.it.services.KafkaService;
import io.prescale.it.services.MiniClusters;
import io.prescale.jobs.InfluxPoints;
import io.prescale.model.Alert;
import io.prescale.model.Forecast;
import io.prescale.model.WindowAggregate;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.influxdb.InfluxDB;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every query of every Grafana dashboard in {@code infra/grafana} (template variables filled in)
 * returns data from the real InfluxDB after a replay of one day of three Azure VMs through both
 * jobs, running side by side so that the actuation results flow back into the scaling job's ledger.
 * The pool's capacity is set below the VMs' peak demand and the VMs are in two tiers, so the pool
 * panels show capacity, cuts and tiers. What the jobs do not write yet is then written through the
 * {@link InfluxPoints} mappings and the real sink, derived from what they did write: see {@link
 * SampleMeasurements#NOT_YET_WRITTEN_BY_THE_JOBS}.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class DashboardITCase {
    private static final String POOL = "default";
    private static final Path TRACE = TestData.shared("azure-vm-2017.csv.gz");
    private static final Instant DAY_END = Instant.parse("2017-01-02T00:00:00Z");
    private static final Duration QUIET = Duration.ofSeconds(5);

    @RegisterExtension static final KafkaService KAFKA = new KafkaService();
    @RegisterExtension static final InfluxService INFLUX = new InfluxService();

    @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.withSlots(4);

    private final List<JobClient> jobs = new ArrayList<>();

    @AfterEach
    void stopJobs() throws Exception {
        Pipeline.stop(jobs);
    }

    @Test
    void everyPanelQueryReturnsDataAfterAReplay() throws Exception {
        String database = INFLUX.createDatabase("dashboards");
        PipelineTopics topics = PipelineTopics.create(KAFKA);
        List<String> vms = TraceSamples.firstEntities(TRACE, 3);
        Pipeline pipeline =
                new Pipeline(
                        KAFKA.bootstrapServers(),
                        topics,
                        INFLUX.url(),
                        database,
                        List.of(
                                "-Dwindow.size=15m",
                                "-Dallocation.demand-metric=" + SampleMeasurements.DEMAND_METRIC,
                                "-Dcapacity.limits=" + POOL + "/cpu:100",
                                "-Dallocation.tiers="
                                        + vms.get(0)
                                        + ":0,"
                                        + vms.get(1)
                                        + ":1,"
                                        + vms.get(2)
                                        + ":1",
                                "-Dactuator.backend=log"));
        jobs.add(pipeline.startActuator(false));
        jobs.add(pipeline.startScaling(false));
        pipeline.replay(Pipeline.slice(TRACE, 3, DAY_END));
        Pipeline.Settled settled = pipeline.awaitSettled(QUIET, Duration.ofMinutes(4));
        INFLUX.awaitCount(database, "ledger", "version", settled.results(), Duration.ofMinutes(1));
        Pipeline.stop(jobs);

        List<WindowAggregate> windows = pipeline.read(topics.windows(), WindowAggregate.class);
        List<Forecast> forecasts = pipeline.read(topics.forecasts(), Forecast.class);
        assertThat(windows).as("windows").isNotEmpty();
        // forecast.horizons (12 by default) forecasts per window
        assertThat(forecasts).as("forecasts").hasSize(12 * windows.size());
        SampleMeasurements sample = new SampleMeasurements(windows);
        writeSample(database, sample);

        String entity =
                sample.alerts.stream()
                        .map(Alert::entity)
                        .findFirst()
                        .orElseThrow(() -> new AssertionError("no sample alert in the slice"));
        assertEveryQueryReturnsData(database, entity);
        assertEveryHorizonOfferedShowsData(database, entity);
    }

    private static void writeSample(String database, SampleMeasurements s) throws Exception {
        InfluxPoints points = new InfluxPoints(new EntityTags(10_000, 64));
        write(database, points::alert, s.alerts);
    }

    /** Through the real sink's writer: batching, the HTTP target, the server. */
    private static <T> void write(String database, InfluxPointMapper<T> mapper, List<T> rows)
            throws Exception {
        assertThat(rows).as("sample rows to write").isNotEmpty();
        InfluxSink<T> sink = new InfluxSink<>(InfluxSinkConfig.of(INFLUX.url(), database), mapper);
        try (SinkWriter<T> writer = sink.createWriter(new UnregisteredMetricsGroup())) {
            for (T row : rows) {
                writer.write(row, null);
            }
            writer.flush(false);
        }
    }

    private static final Path GRAFANA =
            Path.of(System.getProperty("prescale.repo.root", "..")).resolve("infra/grafana");

    /** The template variables as a user would pick them. */
    private static Map<String, String> variables(String entity) {
        // replayed data carries 2017 event times, actuation results the wall clock: one range
        return Map.of(
                "$entity", entity,
                "$metric", SampleMeasurements.DEMAND_METRIC,
                "$resource", "cpu",
                "$horizon", "1",
                "$scored_horizon", "1",
                "$pool", POOL,
                "$timeFilter", "time >= '2017-01-01T00:00:00Z' AND time < now() + 1h",
                "$__interval", "30d");
    }

    private static void assertEveryQueryReturnsData(String database, String entity)
            throws Exception {
        List<DashboardQueries.Query> queries = DashboardQueries.load(GRAFANA, variables(entity));
        assertThat(queries).as("dashboard queries in %s", GRAFANA).hasSizeGreaterThan(20);
        try (InfluxDB influx = INFLUX.connect()) {
            for (DashboardQueries.Query q : queries) {
                assertRows(influx, database, q);
            }
        }
    }

    /**
     * Whatever a horizon variable offers, the panels that use it show: the variable is filled from
     * the measurement its panels read (forecast: 1..12; accuracy: 1 and the lead). The entity's
     * horizon variable was filled from forecast, and its pinball and coverage panels were empty at
     * horizons 3 to 12.
     */
    private static void assertEveryHorizonOfferedShowsData(String database, String entity)
            throws Exception {
        List<DashboardQueries.Variable> horizons =
                DashboardQueries.variables(GRAFANA, variables(entity)).stream()
                        .filter(v -> v.name().contains("horizon"))
                        .toList();
        assertThat(horizons)
                .extracting(DashboardQueries.Variable::name)
                .contains("horizon", "scored_horizon");
        try (InfluxDB influx = INFLUX.connect()) {
            for (DashboardQueries.Variable v : horizons) {
                List<String> offered = tagValues(influx, database, v.values());
                assertThat(offered).as(v.values().influxQl()).isNotEmpty();
                assertThat(v.users()).as("panels using $%s", v.name()).isNotEmpty();
                for (String value : offered) {
                    for (DashboardQueries.Query q : v.users()) {
                        String filled =
                                DashboardQueries.fill(q.influxQl(), Map.of("$" + v.name(), value));
                        assertRows(
                                influx,
                                database,
                                new DashboardQueries.Query(
                                        q.dashboard(),
                                        q.panel() + " at " + v.name() + " " + value,
                                        filled));
                    }
                }
            }
        }
    }

    /** The values of a SHOW TAG VALUES query (its second column). */
    private static List<String> tagValues(
            InfluxDB influx, String database, DashboardQueries.Query q) {
        QueryResult r = influx.query(new Query(q.influxQl(), database));
        assertThat(r.getError()).as(q.influxQl()).isNull();
        QueryResult.Result result = r.getResults().get(0);
        assertThat(result.getError()).as(q.influxQl()).isNull();
        if (result.getSeries() == null) {
            return List.of();
        }
        return result.getSeries().stream()
                .flatMap(s -> s.getValues().stream())
                .map(row -> String.valueOf(row.get(1)))
                .toList();
    }

    private static void assertRows(InfluxDB influx, String database, DashboardQueries.Query q) {
        QueryResult r = influx.query(new Query(q.influxQl(), database));
        String what = q.dashboard() + " / " + q.panel() + ": " + q.influxQl();
        assertThat(r.getError()).as(what).isNull();
        assertThat(r.getResults().get(0).getError()).as(what).isNull();
        assertThat(r.getResults().get(0).getSeries()).as("data for " + what).isNotEmpty();
        assertThat(r.getResults().get(0).getSeries().get(0).getValues())
                .as("rows for " + what)
                .isNotEmpty();
    }
}
