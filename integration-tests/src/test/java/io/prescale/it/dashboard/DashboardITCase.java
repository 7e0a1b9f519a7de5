package io.prescale.it.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.cli.replay.TraceSamples;
import io.prescale.it.job.DashboardQueries;
import io.prescale.it.job.TestData;
import io.prescale.it.pipeline.Pipeline;
import io.prescale.it.pipeline.PipelineTopics;
import io.prescale.it.services.InfluxService;
import io.prescale.it.services.KafkaService;
import io.prescale.it.services.MiniClusters;
import io.prescale.model.Alert;
import io.prescale.model.Forecast;
import io.prescale.model.MetricSample;
import io.prescale.model.WindowAggregate;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
 * Every query of every Grafana dashboard in {@code infra/grafana} (template variables filled in)
 * returns data from the real InfluxDB after a replay of one day of three Azure VMs through both
 * jobs, running side by side so that the actuation results flow back into the scaling job's ledger.
 * The pool's capacity is set below the VMs' peak demand and the VMs are in two tiers, so the pool
 * panels show capacity, cuts and tiers. Every measurement is the jobs' own, {@code alert} included:
 * the first VM also reports {@link #JUMP_METRIC}, a series that stays flat for four days (the
 * detectors' warm-up at 15-minute windows) and jumps within the replayed day, on which the job
 * raises an alert with its default options.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class DashboardITCase {
    private static final String POOL = "default";
    private static final Path TRACE = TestData.shared("azure-vm-2017.csv.gz");
    private static final Instant DAY_END = Instant.parse("2017-01-02T00:00:00Z");
    private static final Duration QUIET = Duration.ofSeconds(5);
    private static final String DEMAND_METRIC = "cpu_max_pct";
    private static final Duration WINDOW = Duration.ofMinutes(15);

    /**
     * A metric that no resource is demanded by, forecast and scored but never allocated for (its
     * windows open the VM's session four days before the trace starts): 20 ± 1 for {@link
     * #FLAT_WINDOWS} windows, 95 for three from {@link #JUMP}, then 20 ± 1 to the day's end, one
     * sample a window (AlertsITCase's jump at this test's window). The detectors score nothing
     * before about 350 points of a series, 3.6 days at 15-minute windows; the replayed day alone is
     * 96.
     */
    private static final String JUMP_METRIC = "cpu_jump_pct";

    private static final Instant JUMP = Instant.parse("2017-01-01T06:00:00Z");
    private static final int FLAT_WINDOWS = 400;

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
                                "-Dwindow.size=" + WINDOW.toMinutes() + "m",
                                "-Dallocation.demand-metric=" + DEMAND_METRIC,
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
        String entity = vms.get(0);
        List<MetricSample> replayed = new ArrayList<>(Pipeline.slice(TRACE, 3, DAY_END));
        replayed.addAll(jumpAfterFlatDays(entity));
        replayed.sort(Comparator.comparing(MetricSample::ts)); // none late in its partition
        pipeline.replay(replayed);
        Pipeline.Settled settled = pipeline.awaitSettled(QUIET, Duration.ofMinutes(4));
        INFLUX.awaitCount(database, "ledger", "version", settled.results(), Duration.ofMinutes(1));
        List<Alert> alerts = pipeline.read(topics.alerts(), Alert.class);
        assertThat(alerts)
                .as("the job's alerts")
                .anySatisfy(
                        a -> {
                            assertThat(a.entity()).isEqualTo(entity);
                            assertThat(a.metric()).isEqualTo(JUMP_METRIC);
                            assertThat(a.time()).isEqualTo(JUMP);
                        });
        INFLUX.awaitCount(database, "alert", "score", alerts.size(), Duration.ofMinutes(1));
        Pipeline.stop(jobs);

        List<WindowAggregate> windows = pipeline.read(topics.windows(), WindowAggregate.class);
        List<Forecast> forecasts = pipeline.read(topics.forecasts(), Forecast.class);
        assertThat(windows).as("windows").isNotEmpty();
        // forecast.horizons (12 by default) forecasts per window
        assertThat(forecasts).as("forecasts").hasSize(12 * windows.size());

        assertEveryQueryReturnsData(database, entity);
        assertEveryHorizonOfferedShowsData(database, entity);
    }

    /** The samples of {@link #JUMP_METRIC} for {@code entity}, seeded. */
    private static List<MetricSample> jumpAfterFlatDays(String entity) {
        Random r = new Random(7);
        Instant jumpEnd = JUMP.plus(WINDOW.multipliedBy(3));
        List<MetricSample> out = new ArrayList<>();
        for (Instant t = JUMP.minus(WINDOW.multipliedBy(FLAT_WINDOWS));
                t.isBefore(DAY_END);
                t = t.plus(WINDOW)) {
            double v = !t.isBefore(JUMP) && t.isBefore(jumpEnd) ? 95 : 20 + r.nextGaussian();
            out.add(new MetricSample(entity, null, t, Map.of(JUMP_METRIC, v), null));
        }
        return out;
    }

    private static final Path GRAFANA =
            Path.of(System.getProperty("prescale.repo.root", "..")).resolve("infra/grafana");

    /** The template variables as a user would pick them. */
    private static Map<String, String> variables(String entity) {
        // replayed data carries 2017 event times, actuation results the wall clock: one range
        return Map.of(
                "$entity", entity,
                "$metric", DEMAND_METRIC,
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
