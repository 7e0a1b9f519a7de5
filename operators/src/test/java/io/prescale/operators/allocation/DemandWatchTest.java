package io.prescale.operators.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class DemandWatchTest {
    private final DemandWatch watch = new DemandWatch(Set.of("cpu_pct"));

    @Test
    void speaksOnceWhenThreeStepsOfWindowsHadNoDemandMetric() {
        assertThat(watch.window("cpu_max_pct", 10, 9)).isFalse();
        assertThat(watch.window("cpu_avg_pct", 10, 9)).isFalse();
        assertThat(watch.window("cpu_max_pct", 11, 10)).isFalse();
        assertThat(watch.window("cpu_max_pct", 12, 12)).isTrue();
        assertThat(watch.window("cpu_max_pct", 13, 13)).isFalse();
    }

    @Test
    void countsStepsByTheWatermarkNotByWindowsRunningAhead() {
        for (long s = 10; s < 20; s++) {
            assertThat(watch.window("cpu_avg_pct", s, 9)).isFalse();
        }
        assertThat(watch.window("cpu_pct", 10, 10)).isFalse();
        assertThat(watch.window("cpu_avg_pct", 20, 30)).isFalse();
    }

    /** A resource whose metric never comes, while another's does, is named (it was silent). */
    @Test
    void speaksOnceWhenOneResourcesMetricNeverCame() {
        DemandWatch two = new DemandWatch(Set.of("cpu_pct", "gpu_pct"));
        assertThat(two.window("cpu_pct", 10, 9)).isFalse();
        assertThat(two.window("mem_pct", 10, 9)).isFalse();
        assertThat(two.window("cpu_pct", 11, 10)).isFalse();
        assertThat(two.window("cpu_pct", 12, 12)).isTrue();
        assertThat(two.window("gpu_pct", 13, 13)).isFalse();

        DemandWatch both = new DemandWatch(Set.of("cpu_pct", "gpu_pct"));
        both.window("cpu_pct", 10, 9);
        both.window("gpu_pct", 10, 9);
        for (long s = 11; s < 20; s++) {
            assertThat(both.window("cpu_pct", s, s)).isFalse();
        }
    }

    /** A burst of windows ahead of the watermark: spoken when the watermark catches up. */
    @Test
    void speaksWhenTheWatermarkCatchesUpWithABurst() {
        assertThat(watch.watermark(20)).as("no window yet").isFalse();
        for (long s = 10; s < 40; s++) {
            assertThat(watch.window("cpu_max_pct", s, 9)).isFalse();
        }
        assertThat(watch.watermark(11)).isFalse();
        assertThat(watch.watermark(39)).isTrue();
        assertThat(watch.watermark(40)).isFalse();
    }

    @Test
    void staysQuietOnceADemandWindowCame() {
        watch.window("mem_pct", 0, 0);
        watch.window("cpu_pct", 1, 1);
        for (long s = 2; s < 100; s++) {
            assertThat(watch.window("mem_pct", s, s)).isFalse();
        }
    }
}
