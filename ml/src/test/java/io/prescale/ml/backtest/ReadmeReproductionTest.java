package io.prescale.ml.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.prescale.ml.policy.ReferenceConfig;
import io.prescale.ml.policy.ReferenceKind;
import io.prescale.ml.policy.ReferencePolicy;
import io.prescale.ml.trace.DemandGrid;
import io.prescale.ml.trace.TraceReader;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The reference policies reproduce the shared data README's table (cost at 1 % / 5 % violation,
 * pooled and per entity, L = 2) within 5 %. The azure rows are checked by the backtest itself
 * (BENCHMARKS.md); the two smaller traces here keep the test to a few seconds.
 */
class ReadmeReproductionTest {
    private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

    private static SweepResult sweep(DemandGrid g, ReferenceKind kind) {
        int day = g.stepsIn(Duration.ofDays(1));
        double[][] base =
                Replay.run(new ReferencePolicy(ReferenceConfig.readme(kind, 2, day)), g, e -> {});
        return ScaledSweep.sweep(g.values(), base, day);
    }

    private static void check(SweepResult r, double[] pooled, double[] perEntity) {
        assertThat(r.pooledCostAt(0.01)).isCloseTo(pooled[0], within(0.05 * pooled[0]));
        assertThat(r.pooledCostAt(0.05)).isCloseTo(pooled[1], within(0.05 * pooled[1]));
        assertThat(r.perEntityCostAt(0.01)).isCloseTo(perEntity[0], within(0.05 * perEntity[0]));
        assertThat(r.perEntityCostAt(0.05)).isCloseTo(perEntity[1], within(0.05 * perEntity[1]));
    }

    @Test
    void googleJobsCpu() {
        DemandGrid g =
                TraceReader.read(
                        SharedTraces.file("google-2011-jobs.csv.gz"), "cpu_pct", FIVE_MINUTES);
        check(
                sweep(g, ReferenceKind.REACTIVE),
                new double[] {1.34, 1.17},
                new double[] {1.50, 1.31});
        check(
                sweep(g, ReferenceKind.SEASONAL),
                new double[] {1.32, 1.17},
                new double[] {1.47, 1.27});
        check(sweep(g, ReferenceKind.VPA), new double[] {1.33, 1.25}, new double[] {1.49, 1.26});
    }

    @Test
    void nasaRequestsAtFiveMinutes() {
        DemandGrid g =
                TraceReader.read(
                        SharedTraces.file("nasa-http-1995.csv.gz"),
                        "requests_per_min",
                        FIVE_MINUTES);
        check(
                sweep(g, ReferenceKind.REACTIVE),
                new double[] {2.12, 1.59},
                new double[] {2.12, 1.59});
        check(
                sweep(g, ReferenceKind.SEASONAL),
                new double[] {2.04, 1.66},
                new double[] {2.04, 1.66});
        check(sweep(g, ReferenceKind.VPA), new double[] {2.33, 1.95}, new double[] {2.33, 1.95});
    }
}
