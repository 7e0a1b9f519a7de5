package io.prescale.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prescale.connectors.influx.EntityTags;
import io.prescale.jobs.influx.AccuracyRow;
import io.prescale.jobs.influx.AllocationRow;
import io.prescale.jobs.influx.LedgerRow;
import io.prescale.jobs.influx.PoolRow;
import io.prescale.model.ActuationStatus;
import io.prescale.model.ScaleAction;
import io.prescale.model.ScaleCommand;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The line protocol of the SCHEMA.md measurements, exactly. */
class InfluxPointsTest {
    private static final Instant T = Instant.parse("2017-01-01T01:00:00Z");
    private static final long MS = T.toEpochMilli();

    private final InfluxPoints points = new InfluxPoints(new EntityTags(10, 4));

    @Test
    void allocation() {
        AllocationRow a =
                new AllocationRow(
                        "vm-1", "cpu", "default", "PROACTIVE_UP", 40, 35, 5, 1, 0.99, 0.7, T);
        assertThat(points.allocation(a).lineProtocol())
                .isEqualTo(
                        "allocation,entity=vm-1,pool=default,reason=PROACTIVE_UP,resource=cpu"
                                + " confidence=0.7,granted=35.0,quantile_level=0.99,requested=40.0,"
                                + "speculative=5.0,tier=1i "
                                + MS
                                + "000000");
    }

    @Test
    void accuracyWithCoverageAsZeroOrOne() {
        AccuracyRow a =
                new AccuracyRow("vm-1", "cpu_max_pct", 2, 1.5, 0.5, 0.25, true, false, 42, 40, T);
        assertThat(points.accuracy(a).lineProtocol())
                .isEqualTo(
                        "accuracy,entity=vm-1,horizon=2,metric=cpu_max_pct abs_error=2.0,"
                                + "covered_95=1i,covered_99=0i,forecast_mean=40.0,observed=42.0,"
                                + "pinball_50=1.5,pinball_90=0.5,pinball_99=0.25 "
                                + MS
                                + "000000");
    }

    @Test
    void poolHasNoEntity() {
        PoolRow p = new PoolRow("default", "cpu", 0, 1000, 900, 800, 50, 100, T);
        assertThat(points.pool(p).lineProtocol())
                .isEqualTo(
                        "pool,pool=default,resource=cpu,tier=0 capacity=1000.0,denied=100.0,"
                                + "granted=800.0,requested=900.0,shadow=50.0 "
                                + MS
                                + "000000");
    }

    @Test
    void ledger() {
        LedgerRow l = new LedgerRow("vm-1", "cpu", 50, 25, 7, 6, ActuationStatus.APPLIED, T);
        assertThat(points.ledger(l).lineProtocol())
                .isEqualTo(
                        "ledger,entity=vm-1,resource=cpu applied=25.0,commanded=50.0,"
                                + "status=\"APPLIED\",version_applied=6i,version_commanded=7i "
                                + (MS * 1_000_000 + 6));
    }

    @Test
    void entitiesPastTheBoundAreBucketed() {
        InfluxPoints bounded = new InfluxPoints(new EntityTags(0, 4));
        LedgerRow l = new LedgerRow("vm-9", "cpu", 1, 1, 1, 1, ActuationStatus.FAILED, T);
        assertThat(bounded.ledger(l).lineProtocol())
                .startsWith("ledger,entity_bucket=" + Math.floorMod("vm-9".hashCode(), 4) + ",")
                .contains("entity_name=\"vm-9\"");
    }

    @Test
    void bucketedEntitiesOfOneBucketDoNotOverwriteEachOther() {
        InfluxPoints bounded = new InfluxPoints(new EntityTags(0, 1));
        var a =
                bounded.ledger(
                        new LedgerRow("vm-a", "cpu", 1, 1, 1, 1, ActuationStatus.APPLIED, T));
        var b =
                bounded.ledger(
                        new LedgerRow("vm-b", "cpu", 1, 1, 1, 1, ActuationStatus.APPLIED, T));
        String timeA = a.lineProtocol().substring(a.lineProtocol().lastIndexOf(' ') + 1);
        String timeB = b.lineProtocol().substring(b.lineProtocol().lastIndexOf(' ') + 1);

        assertThat(timeA).isNotEqualTo(timeB);
        assertThat(Long.parseLong(timeA) / 1_000_000).isEqualTo(MS);
        assertThat(Long.parseLong(timeB) / 1_000_000).isEqualTo(MS);
    }

    @Test
    void twoCommandsOfOneStepAreTwoPoints() {
        String first = points.command(command(7)).lineProtocol();
        String second = points.command(command(8)).lineProtocol();

        assertThat(first).endsWith(" " + (MS * 1_000_000 + 7));
        assertThat(second).endsWith(" " + (MS * 1_000_000 + 8));
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

    @Test
    void rowsNameTheBadField() {
        assertThatThrownBy(
                        () ->
                                new AllocationRow(
                                        "e",
                                        "cpu",
                                        "default",
                                        "up because 40 > 30",
                                        1,
                                        1,
                                        0,
                                        0,
                                        0.5,
                                        0.5,
                                        T))
                .hasMessageContaining("allocation.reason is a tag");
        assertThatThrownBy(() -> new PoolRow("p", "cpu", -1, 1, 1, 1, 0, 0, T))
                .hasMessageContaining("pool.tier must be >= 0, was -1");
        assertThatThrownBy(
                        () -> new AccuracyRow("e", "m", 1, Double.NaN, 0, 0, true, true, 1, 1, T))
                .hasMessageContaining("accuracy.pinball50 must be finite and >= 0, was NaN");
        assertThatThrownBy(() -> new LedgerRow("e", "cpu", 1, -2, 1, 1, ActuationStatus.APPLIED, T))
                .hasMessageContaining("ledger.applied");
    }
}
