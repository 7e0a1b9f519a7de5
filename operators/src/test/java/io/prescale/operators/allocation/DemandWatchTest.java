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

    @Test
    void staysQuietOnceADemandWindowCame() {
        watch.window("mem_pct", 0, 0);
        watch.window("cpu_pct", 1, 1);
        for (long s = 2; s < 100; s++) {
            assertThat(watch.window("mem_pct", s, s)).isFalse();
        }
    }
}
