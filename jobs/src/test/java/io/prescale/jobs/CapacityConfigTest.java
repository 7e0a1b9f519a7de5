package io.prescale.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prescale.operators.capacity.ArbiterSettings;
import io.prescale.operators.capacity.ShadowSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CapacityConfigTest {
    private static final Duration STEP = Duration.ofMinutes(5);

    @Test
    void poolsAreUnlimitedUnlessConfigured() {
        ArbiterSettings s = CapacityConfig.settings(JobConfig.fromArgs(), STEP);
        assertThat(s.capacity("default/cpu")).isInfinite();
        assertThat(s.quantum("default/cpu")).isZero();
        assertThat(s.shadow()).isEqualTo(new ShadowSettings(0.8, false, Duration.ofMinutes(15)));
    }

    @Test
    void readsCapacitiesAndQuanta() {
        var conf =
                JobConfig.fromArgs(
                        "-Dcapacity.limits=default/cpu:400,batch/replicas:8",
                        "-Dcapacity.quanta=batch/replicas:1",
                        "-Dcapacity.shadow-decay=0.5",
                        "-Dcapacity.shadow-commands=true",
                        "-Dallocation.lease=20 min");
        ArbiterSettings s = CapacityConfig.settings(conf, STEP);
        assertThat(s.capacity("default/cpu")).isEqualTo(400);
        assertThat(s.capacity("batch/replicas")).isEqualTo(8);
        assertThat(s.capacity("batch/cpu")).isInfinite();
        assertThat(s.quantum("batch/replicas")).isEqualTo(1);
        // the shadow is renewed by the rule, and the lease, of its entities' requests
        assertThat(s.shadow()).isEqualTo(new ShadowSettings(0.5, true, Duration.ofMinutes(20)));
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
}
