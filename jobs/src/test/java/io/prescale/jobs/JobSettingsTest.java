package io.prescale.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prescale.ml.anomaly.AnomalyConfig;
import io.prescale.ml.series.SeriesConfig;
import io.prescale.operators.allocation.AllocationSettings;
import io.prescale.operators.allocation.ResourceSpec;
import io.prescale.operators.forecast.ForecastSettings;
import io.prescale.operators.forecast.WindowStatistic;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class JobSettingsTest {

    /**
     * prescale detect scores with {@link SeriesConfig#jobDefaults} ({@code DetectParityTest} runs
     * the forecasting operator with {@link ForecastSettings#defaults} against it): both are what
     * the job runs with its default options.
     */
    @Test
    void detectsSeriesConfigIsTheJobsUnderDefaultOptions() {
        Duration window = JobOptions.WINDOW_SIZE.defaultValue();
        ForecastSettings job = JobSettings.from(JobConfig.fromArgs()).forecast();
        assertThat(job)
                .isEqualTo(ForecastSettings.defaults(window, JobOptions.LEAD_STEPS.defaultValue()));
        assertThat(job.series())
                .isEqualTo(SeriesConfig.jobDefaults(window, AnomalyConfig.defaults()));
    }

    /** As the enum options: {@code MS} was refused as "must be s, ms, us or ns". */
    @Test
    void theLineProtocolPrecisionTakesAnyCase() {
        assertThat(
                        IngestSettings.from(
                                        JobConfig.fromArgs("-Dparser.line-protocol-precision=MS"))
                                .parser()
                                .lineProtocolPrecision())
                .isEqualTo(TimeUnit.MILLISECONDS);
    }

    @Test
    void theResourceMappingDefaultsToTheOneDemandMetric() {
        AllocationSettings one =
                JobSettings.from(JobConfig.fromArgs("-Dallocation.demand-metric=cpu_max_pct"))
                        .allocation();
        assertThat(one.resources()).containsExactly(new ResourceSpec("cpu", "cpu_max_pct", "pct"));
        JobSettings twoResources =
                JobSettings.from(
                        JobConfig.fromArgs(
                                "-Dallocation.resources=cpu:cpu_pct:pct,"
                                        + " network:net_mbps:mbps",
                                "-Dsession.class-pattern=^([a-z]+)-",
                                "-Dallocation.pool=batch",
                                "-Dsession.inactivity-timeout=30m"));
        AllocationSettings two = twoResources.allocation();
        assertThat(two.resources())
                .extracting(ResourceSpec::resource)
                .containsExactly("cpu", "network");
        assertThat(two.defaults().pool()).isEqualTo("batch");
        assertThat(two.session().inactivityTimeout()).isEqualTo(Duration.ofMinutes(30));
        // the parser dead-letters a sample whose demand is below 0
        assertThat(twoResources.ingest().parser().demandMetrics())
                .containsExactlyInAnyOrder("cpu_pct", "net_mbps");
    }

    @Test
    void forecastingFollowsTheWindowTheLeadAndItsOptions() {
        ForecastSettings defaults = JobSettings.from(JobConfig.fromArgs()).forecast();
        assertThat(defaults.step()).isEqualTo(Duration.ofMinutes(5));
        assertThat(defaults.horizons()).isEqualTo(12);
        assertThat(defaults.levels()).containsExactly(0.5, 0.9, 0.95, 0.99);
        assertThat(defaults.leadSteps()).isEqualTo(2);
        assertThat(defaults.statistic()).isEqualTo(WindowStatistic.MAX);
        ForecastSettings set =
                JobSettings.from(
                                JobConfig.fromArgs(
                                        "-Dwindow.size=15m",
                                        "-Dallocation.lead-steps=3",
                                        "-Dforecast.horizons=4",
                                        "-Dforecast.quantiles=0.5, 0.999",
                                        "-Dforecast.window-statistic=p95",
                                        "-Dforecast.state-ttl=6h"))
                        .forecast();
        assertThat(set.step()).isEqualTo(Duration.ofMinutes(15));
        assertThat(set.series().scoredHorizons()).containsExactly(1, 3);
        assertThat(set.levels()).containsExactly(0.5, 0.999);
        assertThat(set.statistic()).isEqualTo(WindowStatistic.P95);
        assertThat(set.stateTtl()).isEqualTo(Duration.ofHours(6));
    }

    @Test
    void badForecastOptionsAreNamed() {
        assertThatThrownBy(() -> JobSettings.from(JobConfig.fromArgs("-Dforecast.quantiles=0.5,x")))
                .hasMessageContaining("forecast.quantiles: 'x' is not a number");
        assertThatThrownBy(
                        () -> JobSettings.from(JobConfig.fromArgs("-Dforecast.quantiles=0.9,0.5")))
                .hasMessageContaining("forecast.quantiles: ")
                .hasMessageContaining("increase strictly");
        assertThatThrownBy(() -> JobSettings.from(JobConfig.fromArgs("-Dforecast.quantiles=0.3")))
                .hasMessageContaining("[0.5, 0.999], was 0.3");
        assertThatThrownBy(
                        () ->
                                JobSettings.from(
                                        JobConfig.fromArgs(
                                                "-Dforecast.horizons=2",
                                                "-Dallocation.lead-steps=3")))
                .hasMessage("forecast.horizons must be at least allocation.lead-steps = 3, was 2");
        assertThatThrownBy(() -> JobSettings.from(JobConfig.fromArgs("-Dforecast.horizons=0")))
                .hasMessage("forecast.horizons must be in [1, 64], was 0");
        assertThatThrownBy(
                        () ->
                                JobSettings.from(
                                        JobConfig.fromArgs("-Dallocation.target-violation=0.9")))
                .hasMessage("allocation.target-violation must be in [0.0001, 0.5], was 0.9");
        assertThatThrownBy(() -> JobSettings.from(JobConfig.fromArgs("-Dforecast.state-ttl=0s")))
                .hasMessage("forecast.state-ttl must be above 0, was 0 ms");
    }

    @Test
    void badValuesAreNamedWithTheirOptions() {
        assertThatThrownBy(() -> JobSettings.from(JobConfig.fromArgs("-Dallocation.resources=cpu")))
                .hasMessageContaining("allocation.resources")
                .hasMessageContaining("resource:metric:unit, was 'cpu'");
        assertThatThrownBy(
                        () ->
                                JobSettings.from(
                                        JobConfig.fromArgs("-Dsession.class-pattern=[a-z]+")))
                .hasMessage(
                        "session.class-pattern needs a capturing group for the class, e.g."
                                + " ^([a-z]+)-, was '[a-z]+'");
        assertThatThrownBy(
                        () ->
                                JobSettings.from(
                                        JobConfig.fromArgs(
                                                "-Dalerts.raise-above=0.5",
                                                "-Dalerts.clear-below=0.7")))
                .hasMessage("alerts.clear-below must be in [0, alerts.raise-above = 0.5], was 0.7");
        // the thirty-sixth tester set raise-above alone and was told of clear-below
        assertThatThrownBy(() -> JobSettings.from(JobConfig.fromArgs("-Dalerts.raise-above=0.5")))
                .hasMessage(
                        "alerts.clear-below must be in [0, alerts.raise-above = 0.5], was 0.6"
                                + " (its default; set it too when lowering alerts.raise-above)");
        assertThatThrownBy(
                        () ->
                                JobSettings.from(
                                        JobConfig.fromArgs(
                                                "-Dwindow.size=10m",
                                                "-Dsession.inactivity-timeout=5m")))
                .hasMessage(
                        "option 'session.inactivity-timeout' is 5 min; it must be at least 10 min"
                                + " (one window.size)");
        assertThatThrownBy(
                        () ->
                                JobSettings.from(
                                        JobConfig.fromArgs(
                                                "-Dallocation.resources=cpu:a:pct,cpu:b:pct")))
                .hasMessage(
                        "allocation.resources names resource 'cpu' twice, in 'cpu:a:pct,cpu:b:pct'");
        // the fortieth tester's resource "class" shared the RECLASS commands' ledger line
        assertThatThrownBy(
                        () ->
                                JobSettings.from(
                                        JobConfig.fromArgs(
                                                "-Dallocation.resources=class:a:pct,memory:b:B")))
                .hasMessage(
                        "allocation.resources: a resource may not be named 'class', the resource"
                                + " of the RECLASS commands (an entity's bottleneck moved); name"
                                + " it otherwise");
        assertThatThrownBy(
                        () -> JobSettings.from(JobConfig.fromArgs("-Dallocation.resource=class")))
                .hasMessageStartingWith("allocation.resource: a resource may not be named 'class'");
        // the forty-third tester's trailing comma was taken
        assertThatThrownBy(
                        () ->
                                JobSettings.from(
                                        JobConfig.fromArgs("-Dallocation.resources=cpu:a:pct,")))
                .hasMessageContaining("resource:metric:unit, was ''");
    }

    /** The cases a tester found unnamed: each message now starts with its option's key. */
    @Test
    void ingestInfluxAndCheckpointOptionsAreNamed() {
        assertThatThrownBy(() -> JobConfig.fromArgs("-Dcheckpoint.interval=0s"))
                .hasMessage("checkpoint.interval must be at least 10 ms (Flink's least), was 0 ms");
        assertThatThrownBy(
                        () -> JobSettings.from(JobConfig.fromArgs("-Dparser.max-payload-bytes=-1")))
                .hasMessage("parser.max-payload-bytes must be >= 1, was -1");
        assertThatThrownBy(
                        () ->
                                JobSettings.from(
                                        JobConfig.fromArgs(
                                                "-Dparser.entity-tag=host",
                                                "-Dparser.tenant-tag=host")))
                .hasMessageStartingWith("parser.entity-tag/parser.tenant-tag: ");
        assertThatThrownBy(
                        () ->
                                PredictiveScalingJob.entityTags(
                                        JobConfig.fromArgs("-Dinflux.max-entity-tags=-1")))
                .hasMessage("influx.max-entity-tags must be >= 0, was -1");
        assertThatThrownBy(
                        () ->
                                PredictiveScalingJob.entityTags(
                                        JobConfig.fromArgs("-Dinflux.entity-buckets=0")))
                .hasMessage("influx.entity-buckets must be >= 1, was 0");
        String url = "-Dinflux.url=http://127.0.0.1:8086";
        assertThatThrownBy(
                        () -> InfluxWiring.config(JobConfig.fromArgs(url, "-Dinflux.batch-size=0")))
                .hasMessage("influx.batch-size must be >= 1, was 0");
        assertThatThrownBy(
                        () ->
                                InfluxWiring.config(
                                        JobConfig.fromArgs(url, "-Dinflux.max-buffered-points=10")))
                .hasMessage(
                        "influx.max-buffered-points must be at least influx.batch-size = 5000, was 10");
        assertThatThrownBy(
                        () ->
                                InfluxWiring.config(
                                        JobConfig.fromArgs("-Dinflux.url=udp://127.0.0.1:8089")))
                .hasMessageStartingWith(
                        "influx.url must be an absolute http or https URL with a host, e.g."
                                + " http://127.0.0.1:8086, was 'udp://127.0.0.1:8089';");
        // a tester's quoted name lost every point to a database InfluxDB created without quotes
        assertThatThrownBy(
                        () ->
                                JobConfig.fromArgs(
                                        url, "-Dinflux.database=p\"; DROP DATABASE v; CREATE \"q"))
                .hasMessageContaining(
                        "influx.database must be a letter or _ then up to 63 letters, digits or _");
    }

    @Test
    void namesInfluxDbCannotStoreAreRefusedAtStartUp() {
        assertThatThrownBy(
                        () ->
                                JobSettings.from(
                                        JobConfig.fromArgs("-Dallocation.resources=cpu\\:a:pct")))
                .hasMessageContaining("allocation.resources")
                .hasMessageContaining("resource 'cpu\\' ends with a backslash");
        assertThatThrownBy(() -> JobSettings.from(JobConfig.fromArgs("-Dallocation.pool=batch\\")))
                .hasMessageContaining("allocation.pool")
                .hasMessageContaining("pool 'batch\\' ends with a backslash");
        assertThatThrownBy(
                        () ->
                                JobSettings.from(
                                        JobConfig.fromArgs("-Dallocation.demand-metric=cpu\\")))
                .hasMessageContaining("metric 'cpu\\' ends with a backslash");
    }
}
