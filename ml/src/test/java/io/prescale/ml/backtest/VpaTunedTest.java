package io.prescale.ml.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.ml.policy.ReferenceKind;
import io.prescale.ml.trace.DemandGrid;
import io.prescale.ml.trace.TraceReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code vpa-tuned} (the sixty-first tester: VPA's percentile is a setting, and fixed at 95 the
 * VPA-like reference inflated prescale's gains at a 1 % target): on Google's jobs it picks the
 * cheapest of its percentiles that meets the target, never costs more than vpa at equal violation,
 * and at 1 % per entity costs what the tester's own replay at the 99th percentile gave, 1.374.
 */
class VpaTunedTest {
    @Test
    void choosesTheCheapestPercentileAndIsNeverDearerThanVpa() {
        Path trace = SharedTraces.file("google-2011-jobs.csv.gz");
        DemandGrid g = TraceReader.read(trace, "cpu_pct", Duration.ofMinutes(5));
        BacktestOptions o =
                new BacktestOptions(
                        trace,
                        "cpu_pct",
                        Duration.ofMinutes(5),
                        2,
                        1,
                        List.of("vpa", "vpa-tuned"),
                        0.01,
                        true,
                        Path.of("unused"));

        List<PolicyResult> r = Backtest.run(o, g, (what, done, total) -> {});
        PolicyResult vpa = r.get(0);
        PolicyResult tuned = r.get(1);

        assertThat(vpa.percentile()).isNaN();
        assertThat(Arrays.stream(ReferenceKind.TUNED_PERCENTILES).boxed())
                .contains(tuned.percentile());
        assertThat(tuned.percentile()).isEqualTo(0.99);
        assertThat(tuned.knobLabel()).startsWith("m ").endsWith(" q 0.99");
        assertThat(tuned.score().perEntityP95()).isLessThanOrEqualTo(0.01);
        assertThat(tuned.score().cost()).isLessThan(vpa.score().cost());
        for (double level : SummaryJson.LEVELS) {
            for (boolean pooled : new boolean[] {true, false}) {
                assertThat(tuned.sweep().costAt(level, pooled))
                        .isLessThanOrEqualTo(vpa.sweep().costAt(level, pooled));
            }
        }
        assertThat(tuned.sweep().perEntityCostAt(0.01))
                .isCloseTo(1.374, org.assertj.core.data.Offset.offset(0.001));
    }
}
