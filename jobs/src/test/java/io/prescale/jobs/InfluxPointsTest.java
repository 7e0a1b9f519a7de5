package io.prescale.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prescale.connectors.influx.EntityTags;
import io.prescale.jobs.influx.AccuracyRowCheck;
import io.prescale.ml.capacity.GrantReason;
import io.prescale.model.ActuationStatus;
import io.prescale.model.Forecast;
import io.prescale.model.QuantileMap;
import io.prescale.model.ScaleAction;
import io.prescale.model.ScaleCommand;
import io.prescale.operators.allocation.ProvisionedStep;
import io.prescale.operators.capacity.GrantRecord;
import io.prescale.operators.capacity.PoolUsage;
import io.prescale.operators.feedback.RatedForecast;
import io.prescale.operators.forecast.ForecastAccuracy;
import io.prescale.operators.ledger.LedgerEntry;
import java.time.Instant;
import org.influxdb.dto.Point;
import org.junit.jupiter.api.Test;

/** The line protocol of the README's "InfluxDB schema" measurements, exactly. */
class InfluxPointsTest {
    private static final Instant T = Instant.parse("2017-01-01T01:00:00Z");
    private static final long MS = T.toEpochMilli();
    private static final long NS = MS * 1_000_000;

    private final InfluxPoints points = new InfluxPoints(new EntityTags(10, 4));

    @Test
    void allocationIsTheArbitersGrant() {
        GrantRecord g =
                new GrantRecord(
                        "vm-1",
                        "default",
                        "cpu",
                        GrantReason.CUT_PROPORTIONAL,
                        40,
                        20,
                        5,
                        1,
                        0.99,
                        0.5,
                        T);
        assertThat(points.allocation(g).lineProtocol())
                .isEqualTo(
                        "allocation,entity=vm-1,pool=default,reason=CUT_PROPORTIONAL,resource=cpu"
                                + " confidence=0.5,granted=20.0,quantile_level=0.99,requested=40.0,"
                                + "speculative=5.0,tier=1i "
                                + NS);
    }

    /**
     * A forecast issued at the end of window 0 for window 3 (horizon 3, target its end) is drawn at
     * window 3's start, where that window's demand ({@code metric}) is: T + 2 steps.
     */
    @Test
    void forecastAtTheStartOfTheWindowItIsFor() {
        Forecast f =
                new Forecast(
                        "vm-1",
                        "cpu",
                        T,
                        300,
                        3,
                        40,
                        QuantileMap.of(new double[] {0.5, 0.99}, new double[] {40, 55}),
                        "ensemble");
        assertThat(points.forecast(f).lineProtocol())
                .isEqualTo(
                        "forecast,entity=vm-1,horizon=3,metric=cpu,model=ensemble mean=40.0,"
                                + "q0.5=40.0,q0.99=55.0 "
                                + (NS + 600_000_000_000L));
    }

    @Test
    void accuracyWithCoverageAsZeroOrOne() {
        ForecastAccuracy a =
                new ForecastAccuracy(
                        "vm-1", "cpu_max_pct", 2, 1.5, 0.5, 0.25, true, false, 42, 40, 0.3, T);
        assertThat(points.accuracy(a).lineProtocol())
                .isEqualTo(
                        "accuracy,entity=vm-1,horizon=2,metric=cpu_max_pct abs_error=2.0,"
                                + "anomaly_score=0.3,covered_95=1i,covered_99=0i,forecast_mean=40.0,"
                                + "observed=42.0,pinball_50=1.5,pinball_90=0.5,pinball_99=0.25 "
                                + NS);
    }

    @Test
    void provisioningWithUnderAsZeroOrOne() {
        assertThat(
                        points.provisioning(new ProvisionedStep("vm-1", "cpu", T, 42, 40, -0.5))
                                .lineProtocol())
                .isEqualTo(
                        "provisioning,entity=vm-1,resource=cpu allocated=40.0,correction=-0.5,"
                                + "demand=42.0,under=1i "
                                + NS);
        assertThat(
                        points.provisioning(new ProvisionedStep("vm-1", "cpu", T, 40, 40, 0))
                                .lineProtocol())
                .contains("under=0i");
    }

    @Test
    void poolHasNoEntityAndCapacityOnlyWhenLimited() {
        assertThat(
                        points.pool(new PoolUsage("default", "cpu", "1", null, 60, 30, 30, null, T))
                                .lineProtocol())
                .isEqualTo(
                        "pool,pool=default,resource=cpu,tier=1 denied=30.0,granted=30.0,"
                                + "requested=60.0 "
                                + NS);
        assertThat(
                        points.pool(
                                        new PoolUsage(
                                                "default",
                                                "cpu",
                                                PoolUsage.ALL_TIERS,
                                                100.0,
                                                130,
                                                100,
                                                30,
                                                12.5,
                                                T))
                                .lineProtocol())
                .isEqualTo(
                        "pool,pool=default,resource=cpu,tier=all capacity=100.0,denied=30.0,"
                                + "granted=100.0,requested=130.0,shadow=12.5 "
                                + NS);
    }

    @Test
    void ledgerLineAtTheResultsTimeAndVersion() {
        assertThat(points.ledger(ledger("vm-1", 50, 7, 6, ActuationStatus.APPLIED)).lineProtocol())
                .isEqualTo(
                        "ledger,entity=vm-1,resource=cpu applied=25.0,commanded=50.0,failed=0i,"
                                + "rejected=1i,status=\"APPLIED\",version=6i,version_applied=6i,"
                                + "version_commanded=7i "
                                + (NS + 6));
    }

    @Test
    void ledgerWithoutACommandHasNoCommandedField() {
        assertThat(
                        points.ledger(ledger("vm-1", Double.NaN, 0, 6, ActuationStatus.APPLIED))
                                .lineProtocol())
                .doesNotContain(" commanded=", ",commanded=")
                .contains("version_commanded=0i");
    }

    @Test
    void ratingAtTheRatedForecastsIssueTime() {
        RatedForecast r =
                new RatedForecast(
                        "vm-1", "cpu_pct", T, T.plusSeconds(600), 41.5, "", 4, "close enough");
        String line = points.rating(r).lineProtocol();
        assertThat(line)
                .startsWith(
                        "rating,entity=vm-1,metric=cpu_pct,model=unknown comment=\"close"
                                + " enough\",forecast_mean=41.5,score=4i,target="
                                + (MS + 600_000)
                                + "i ");
        assertThat(time(points.rating(r)) / 1_000_000).isEqualTo(MS);
    }

    @Test
    void twoRatingsOfOneForecastAreTwoPoints() {
        RatedForecast good = new RatedForecast("vm-1", "cpu", T, T, 40, "m", 5, "");
        RatedForecast bad = new RatedForecast("vm-1", "cpu", T, T, 40, "m", 1, "way off");

        assertThat(time(points.rating(good))).isNotEqualTo(time(points.rating(bad)));
        assertThat(time(points.rating(good)))
                .as("the same rating replayed lands on the same point")
                .isEqualTo(time(points.rating(good)));
    }

    @Test
    void entitiesPastTheBoundAreBucketed() {
        InfluxPoints bounded = new InfluxPoints(new EntityTags(0, 4));
        assertThat(bounded.ledger(ledger("vm-9", 1, 1, 1, ActuationStatus.FAILED)).lineProtocol())
                .startsWith("ledger,entity_bucket=" + Math.floorMod("vm-9".hashCode(), 4) + ",")
                .contains("entity_name=\"vm-9\"");
    }

    @Test
    void bucketedEntitiesOfOneBucketDoNotOverwriteEachOther() {
        InfluxPoints bounded = new InfluxPoints(new EntityTags(0, 1));
        long a = time(bounded.ledger(ledger("vm-a", 1, 1, 1, ActuationStatus.APPLIED)));
        long b = time(bounded.ledger(ledger("vm-b", 1, 1, 1, ActuationStatus.APPLIED)));

        assertThat(a).isNotEqualTo(b);
        assertThat(a - NS).isBetween(0L, 999_999_999L);
        assertThat(b - NS).isBetween(0L, 999_999_999L);
    }

    /**
     * A bucketed entity's offset is of under a second, not of under a millisecond: 90,000 entities
     * in 64 buckets had about 60 pairs that overwrote each other at every window (a tester's 285
     * entities short of points). A version's nanoseconds are added within the millisecond, so that
     * its points of different milliseconds keep their order.
     */
    @Test
    void aBucketedEntitysOffsetSpreadsOverTheSecondAndKeepsItsPointsInOrder() {
        EntityTags tags = new EntityTags(0, 1);
        java.util.Set<Long> offsets = new java.util.HashSet<>();
        for (int e = 0; e < 2_000; e++) {
            long o = tags.offsetNanos("k" + e);
            assertThat(o).isBetween(0L, EntityTags.OFFSETS - 1);
            offsets.add(o / 1_000_000);
        }
        assertThat(offsets).as("milliseconds of the offsets").hasSizeGreaterThan(800);
        InfluxPoints bounded = new InfluxPoints(tags);
        long first = time(bounded.ledger(ledger("vm-a", 1, 1, 999_999, ActuationStatus.APPLIED)));
        long next = time(bounded.ledger(ledger("vm-a", 1, 1, 1_000_000, ActuationStatus.APPLIED)));
        assertThat(first - next).isEqualTo(999_999);
        assertThat(next - NS).isEqualTo(tags.offsetNanos("vm-a"));
    }

    @Test
    void resultsOfOneMillisecondAreOneLedgerPointEach() {
        long applied = time(points.ledger(ledger("vm-1", 50, 8, 8, ActuationStatus.APPLIED)));
        long superseded = time(points.ledger(ledger("vm-1", 50, 8, 7, ActuationStatus.SUPERSEDED)));

        assertThat(applied).isEqualTo(NS + 8);
        assertThat(superseded).isEqualTo(NS + 7);
    }

    @Test
    void twoCommandsOfOneStepAreTwoPoints() {
        assertThat(time(points.command(command(7), true))).isEqualTo(NS + 7);
        assertThat(time(points.command(command(8), true))).isEqualTo(NS + 8);
    }

    /**
     * The eighty-ninth tester could not tell a recommend-only run's command rows from those of a
     * run that sent them.
     */
    @Test
    void aCommandSaysWhetherItWasSent() {
        assertThat(points.command(command(7), true).lineProtocol()).contains(",sent=true,");
        assertThat(points.command(command(7), false).lineProtocol()).contains(",sent=false,");
    }

    @Test
    void accuracyRowsNameTheBadField() {
        assertThatThrownBy(
                        () ->
                                AccuracyRowCheck.check(
                                        new ForecastAccuracy(
                                                "e",
                                                "m",
                                                1,
                                                Double.NaN,
                                                0,
                                                0,
                                                true,
                                                true,
                                                1,
                                                1,
                                                0,
                                                T)))
                .hasMessageContaining("accuracy.pinball50 must be finite and >= 0, was NaN");
        assertThatThrownBy(
                        () ->
                                AccuracyRowCheck.check(
                                        new ForecastAccuracy(
                                                "e", "m", 1, 0, 0, 0, true, true, 1, 1, -1, T)))
                .hasMessageContaining("accuracy.anomalyScore must be finite and >= 0, was -1.0");
        assertThatThrownBy(
                        () ->
                                AccuracyRowCheck.check(
                                        new ForecastAccuracy(
                                                "e", "m m", 1, 0, 0, 0, true, true, 1, 1, 0, T)))
                .hasMessageContaining("accuracy.metric is a tag");
    }

    /** One result of version {@code version} with 25 in place, one rejection counted before. */
    private static LedgerEntry ledger(
            String entity,
            double commanded,
            long versionCommanded,
            long version,
            ActuationStatus s) {
        return new LedgerEntry(
                entity,
                "cpu",
                commanded,
                25,
                versionCommanded,
                s == ActuationStatus.APPLIED ? version : version - 1,
                version,
                s,
                0,
                1,
                T,
                "");
    }

    private static long time(Point p) {
        String line = p.lineProtocol();
        return Long.parseLong(line.substring(line.lastIndexOf(' ') + 1));
    }

    private static ScaleCommand command(long version) {
        return new ScaleCommand(
                "c" + version,
                "vm-1",
                "cpu",
                ScaleAction.SCALE_UP,
                40,
                "pct",
                30,
                version,
                "test",
                0.99,
                2,
                0.6,
                0,
                T,
                T.plusSeconds(600),
                T.plusSeconds(900));
    }
}
