package io.prescale.ml.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.ml.trace.DemandGrid;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SeasonalityTest {
    private static final long MONDAY = 1_483_315_200L; // 2017-01-02T00:00:00Z
    private final ForecastStack stack =
            new ForecastStack(ForecastConfig.defaults(Slices.FIVE_MINUTES));

    @Test
    void realSeriesWithAnEightHourCycleGetsAnEightHourProfile() {
        DemandGrid g = Slices.read("azure-cycles.csv.gz", "cpu_avg_pct");
        ForecastState s = Slices.replay(stack, g, Slices.series(g, "vm-965207"), g.steps());
        assertThat(stack.dailyPeriodHours(s)).isEqualTo(8);
    }

    @Test
    void realSeriesWithADailyCycleGetsADailyProfile() {
        DemandGrid g = Slices.read("azure-cycles.csv.gz", "cpu_avg_pct");
        ForecastState s = Slices.replay(stack, g, Slices.series(g, "vm-737498"), g.steps());
        assertThat(stack.dailyPeriodHours(s)).isEqualTo(24);
    }

    @Test
    void realSeriesWithoutACycleGetsNoProfile() {
        DemandGrid g = Slices.read("azure-cycles.csv.gz", "cpu_avg_pct");
        ForecastState s = Slices.replay(stack, g, Slices.series(g, "vm-1054467"), g.steps());
        assertThat(stack.dailyPeriodHours(s)).isZero();
        assertThat(stack.weeklyProfile(s)).isFalse();
    }

    @Test
    void syntheticCyclesAreFoundAndNoiseIsNot() {
        assertThat(periodAfterDays(8, 4)).isEqualTo(8);
        assertThat(periodAfterDays(12, 4)).isEqualTo(12);
        assertThat(periodAfterDays(24, 4)).isEqualTo(24);
        assertThat(periodAfterDays(0, 10)).isZero();
    }

    @Test
    void weekdayWeekendPatternSwitchesTheWeeklyProfileOn() {
        ForecastState s = stack.newState();
        Random random = new Random(3);
        for (int t = 0; t < 21 * 288; t++) {
            long time = MONDAY + t * 300L;
            boolean weekend = (t / 288) % 7 >= 5;
            stack.update(s, time, (weekend ? 20 : 60) + random.nextGaussian());
        }
        assertThat(stack.weeklyProfile(s)).isTrue();
    }

    /** 50 + 10 sin(2π t / period) + noise, on 5-minute steps (period 0: noise only). */
    private static double wave(int t, int periodHours, double noise) {
        double cycle = periodHours == 0 ? 0 : 10 * Math.sin(2 * Math.PI * t / (periodHours * 12.0));
        return 50 + cycle + noise;
    }

    private int periodAfterDays(int periodHours, int days) {
        ForecastState s = stack.newState();
        Random random = new Random(periodHours + 1);
        for (int t = 0; t < days * 288; t++) {
            stack.update(s, MONDAY + t * 300L, wave(t, periodHours, 2 * random.nextGaussian()));
        }
        return stack.dailyPeriodHours(s);
    }
}
