package io.prescale.ml.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prescale.ml.trace.DemandGrid;
import org.junit.jupiter.api.Test;

/**
 * {@link ForecastStack#forecastAll} gives, for every horizon and level, exactly (bit for bit) what
 * the single reads {@code mean(s, h)} and {@code quantile(s, h, q)} give, on a real slice, for one
 * and for several anchors (interpolated, extrapolated and anchor horizons), without allocating.
 */
class ForecastAllTest {
    private static final QuantileLevelSet LEVELS =
            QuantileLevelSet.of(0.5, 0.75, 0.9, 0.95, 0.97, 0.99, 0.999);

    @Test
    void everyHorizonAndLevelEqualsTheSingleReads() {
        DemandGrid g = Slices.read("azure-cycles.csv.gz", "cpu_avg_pct");
        for (int[] anchors : new int[][] {{2}, {1, 2}, {2, 6}, {1, 3, 12}}) {
            ForecastStack stack =
                    new ForecastStack(
                            ForecastConfig.defaults(Slices.FIVE_MINUTES).withAnchors(anchors));
            for (String vm : g.entities()) {
                double[] y = Slices.series(g, vm);
                ForecastState s = stack.newState();
                double[] means = new double[12];
                double[] quantiles = new double[12 * LEVELS.count()];
                for (int t = 0; t < g.steps(); t++) {
                    stack.update(s, g.start().getEpochSecond() + 300L * t, y[t]);
                    if (t % 7 != 0) {
                        continue;
                    }
                    stack.forecastAll(s, LEVELS, means, quantiles);
                    for (int h = 1; h <= 12; h++) {
                        assertThat(means[h - 1]).isEqualTo(stack.mean(s, h));
                        for (int j = 0; j < LEVELS.count(); j++) {
                            assertThat(quantiles[(h - 1) * LEVELS.count() + j])
                                    .as("%s t=%d h=%d q=%s", vm, t, h, LEVELS.get(j))
                                    .isEqualTo(stack.quantile(s, h, LEVELS.get(j)));
                        }
                    }
                }
            }
        }
    }

    @Test
    void allocatesNothing() {
        DemandGrid g = Slices.read("azure-cycles.csv.gz", "cpu_avg_pct");
        ForecastStack stack = new ForecastStack(ForecastConfig.defaults(Slices.FIVE_MINUTES));
        double[] y = Slices.series(g, "vm-965207");
        ForecastState s = stack.newState();
        double[] means = new double[12];
        double[] quantiles = new double[12 * LEVELS.count()];
        int steps = g.steps();
        long allocated =
                AllocationProbe.secondHalf(
                        steps,
                        t -> {
                            stack.update(s, g.start().getEpochSecond() + 300L * t, y[t]);
                            stack.forecastAll(s, LEVELS, means, quantiles);
                        });
        assertThat(quantiles[quantiles.length - 1]).isFinite();
        assertThat(allocated).isLessThan(steps - steps / 2);
    }

    @Test
    void rejectsShortBuffersAndBadLevels() {
        ForecastStack stack = new ForecastStack(ForecastConfig.defaults(Slices.FIVE_MINUTES));
        ForecastState s = stack.newState();
        stack.update(s, 0, 1);
        assertThatThrownBy(() -> stack.forecastAll(s, LEVELS, new double[11], new double[200]))
                .hasMessageContaining("need 12 means and 84 quantiles");
        assertThatThrownBy(() -> QuantileLevelSet.of(0.9, 0.5))
                .hasMessageContaining("increase strictly");
        assertThatThrownBy(() -> QuantileLevelSet.of(0.4)).hasMessageContaining("[0.5, 0.999]");
        assertThatThrownBy(QuantileLevelSet::of).hasMessageContaining("at least one");
    }
}
