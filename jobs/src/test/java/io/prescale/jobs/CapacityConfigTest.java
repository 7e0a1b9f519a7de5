package io.prescale.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prescale.connectors.influx.EntityTags;
import io.prescale.ml.capacity.GrantReason;
import io.prescale.operators.capacity.ArbiterSettings;
import io.prescale.operators.capacity.GrantRecord;
import io.prescale.operators.capacity.PoolUsage;
import io.prescale.operators.capacity.ShadowSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CapacityConfigTest {
    private static final Duration STEP = Duration.ofMinutes(5);
    private static final Instant T = Instant.parse("2017-01-01T00:10:00Z");

    @Test
    void poolsAreUnlimitedUnlessConfigured() {
        ArbiterSettings s = CapacityConfig.settings(JobConfig.fromArgs(), STEP);
        assertThat(s.capacity("default/cpu")).isInfinite();
        assertThat(s.quantum("default/cpu")).isZero();
        assertThat(s.shadow()).isEqualTo(new ShadowSettings(0.8, false));
    }

    @Test
    void readsCapacitiesAndQuanta() {
        var conf =
                JobConfig.fromArgs(
                        "-Dcapacity.limits=default/cpu:400,batch/replicas:8",
                        "-Dcapacity.quanta=batch/replicas:1",
                        "-Dcapacity.shadow-decay=0.5",
                        "-Dcapacity.shadow-commands=true");
        ArbiterSettings s = CapacityConfig.settings(conf, STEP);
        assertThat(s.capacity("default/cpu")).isEqualTo(400);
        assertThat(s.capacity("batch/replicas")).isEqualTo(8);
        assertThat(s.capacity("batch/cpu")).isInfinite();
        assertThat(s.quantum("batch/replicas")).isEqualTo(1);
        assertThat(s.shadow()).isEqualTo(new ShadowSettings(0.5, true));
        assertThat(CapacityConfig.tiers(JobConfig.fromArgs("-Dallocation.tiers=vm-1:0,vm-2:2")))
                .isEqualTo(Map.of("vm-1", 0, "vm-2", 2));
    }

    @Test
    void badEntriesAreNamed() {
        assertThatThrownBy(
                        () ->
                                CapacityConfig.settings(
                                        JobConfig.fromArgs("-Dcapacity.limits=default/cpu:lots"),
                                        STEP))
                .hasMessage(
                        "option 'capacity.limits': value of 'default/cpu' is not a number: 'lots'");
        assertThatThrownBy(
                        () ->
                                CapacityConfig.settings(
                                        JobConfig.fromArgs("-Dcapacity.limits=cpu:4"), STEP))
                .hasMessage(
                        "capacity options: capacity key 'cpu' must be pool/resource, e.g."
                                + " default/cpu");
        assertThatThrownBy(
                        () ->
                                CapacityConfig.settings(
                                        JobConfig.fromArgs("-Dcapacity.limits=default/cpu:-1"),
                                        STEP))
                .hasMessage(
                        "capacity options: capacity of 'default/cpu' must be finite and >= 0, was"
                                + " -1.0");
        assertThatThrownBy(
                        () ->
                                CapacityConfig.settings(
                                        JobConfig.fromArgs("-Dcapacity.shadow-decay=1"), STEP))
                .hasMessage("capacity options: shadow decay must be in [0, 1), was 1.0");
        assertThatThrownBy(
                        () -> CapacityConfig.tiers(JobConfig.fromArgs("-Dallocation.tiers=a:-1")))
                .hasMessage("option 'allocation.tiers': tier of 'a' must be >= 0, was -1");
    }

    @Test
    void allocationAndPoolPointsFollowTheSchema() {
        InfluxPoints points = new InfluxPoints(new EntityTags(10, 4));
        String allocation =
                points.allocation(
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
                                        T))
                        .lineProtocol();
        assertThat(allocation)
                .startsWith(
                        "allocation,entity=vm-1,pool=default,reason=CUT_PROPORTIONAL,resource=cpu ")
                .contains("requested=40.0", "granted=20.0", "speculative=5.0", "tier=1i")
                .contains("quantile_level=0.99", "confidence=0.5")
                .endsWith(" " + T.toEpochMilli() * 1_000_000);
        String unlimited =
                points.pool(new PoolUsage("default", "cpu", "1", null, 60, 30, 30, null, T))
                        .lineProtocol();
        assertThat(unlimited)
                .startsWith("pool,pool=default,resource=cpu,tier=1 ")
                .doesNotContain("capacity=", "shadow=");
        String all =
                points.pool(new PoolUsage("default", "cpu", "all", 100.0, 130, 100, 30, 12.5, T))
                        .lineProtocol();
        assertThat(all).contains("capacity=100.0", "shadow=12.5", "denied=30.0");
    }
}
