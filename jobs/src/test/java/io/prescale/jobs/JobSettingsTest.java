package io.prescale.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prescale.operators.allocation.AllocationSettings;
import io.prescale.operators.allocation.ResourceSpec;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class JobSettingsTest {

    @Test
    void theResourceMappingDefaultsToTheOneDemandMetric() {
        AllocationSettings one =
                JobSettings.from(JobConfig.fromArgs("-Dallocation.demand-metric=cpu_max_pct"))
                        .allocation();
        assertThat(one.resources()).containsExactly(new ResourceSpec("cpu", "cpu_max_pct", "pct"));
        AllocationSettings two =
                JobSettings.from(
                                JobConfig.fromArgs(
                                        "-Dallocation.resources=cpu:cpu_pct:pct,"
                                                + " network:net_mbps:mbps",
                                        "-Dsession.class-pattern=^([a-z]+)-",
                                        "-Dallocation.pool=batch",
                                        "-Dsession.inactivity-timeout=30m"))
                        .allocation();
        assertThat(two.resources())
                .extracting(ResourceSpec::resource)
                .containsExactly("cpu", "network");
        assertThat(two.defaults().pool()).isEqualTo("batch");
        assertThat(two.session().inactivityTimeout()).isEqualTo(Duration.ofMinutes(30));
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
                .hasMessageContaining("session.*")
                .hasMessageContaining("capturing group");
        assertThatThrownBy(
                        () ->
                                JobSettings.from(
                                        JobConfig.fromArgs(
                                                "-Dalerts.raise-above=0.5",
                                                "-Dalerts.clear-below=0.7")))
                .hasMessageContaining("alerts.*")
                .hasMessageContaining("clearBelow");
        assertThatThrownBy(
                        () ->
                                JobSettings.from(
                                        JobConfig.fromArgs(
                                                "-Dwindow.size=10m",
                                                "-Dsession.inactivity-timeout=5m")))
                .hasMessageContaining("at least one step");
        assertThatThrownBy(
                        () ->
                                JobSettings.from(
                                        JobConfig.fromArgs(
                                                "-Dallocation.resources=cpu:a:pct,cpu:b:pct")))
                .hasMessageContaining("resources must be distinct");
    }
}
