package io.prescale.ml.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.prescale.ml.trace.DemandGrid;
import org.junit.jupiter.api.Test;

/**
 * The hour-of-day profile, level and detection statistics learned from a real series against a
 * plain double-precision re-implementation of the formulas in {@link Seasonality}'s javadoc (hourly
 * means, clipping, warm-start rates, zero-mean constraints). Tolerance: the profile is stored in
 * 16-bit fixed point (LSB = unit / 4096) and re-rounded every hour, the rest in floats: 0.05 on a
 * profile whose buckets span about ±25 here.
 */
class SeasonalityGoldenTest {
    private static final String VM = "vm-737498";

    @Test
    void dailyProfileLevelAndStatisticsMatchAReferenceImplementation() {
        DemandGrid g = Slices.read("azure-cycles.csv.gz", "cpu_avg_pct");
        double[] y = Slices.series(g, VM);
        ForecastStack stack = new ForecastStack(ForecastConfig.defaults(Slices.FIVE_MINUTES));
        ForecastState s = Slices.replay(stack, g, y, g.steps());

        Reference ref = new Reference(y[0]);
        long start = g.start().getEpochSecond();
        double sum = 0;
        int count = 0;
        long hour = Math.floorDiv(start, 3600);
        for (int t = 0; t < g.steps(); t++) {
            long h = Math.floorDiv(start + t * 300L, 3600);
            if (h != hour) {
                ref.closeHour(hour, sum / count);
                sum = 0;
                count = 0;
                hour = h;
            }
            sum += y[t];
            count++;
        }

        float[] f = s.season();
        double lsb = f[Seasonality.UNIT] / 4096.0;
        for (int d = 0; d < 24; d++) {
            assertThat(s.profile()[d] * lsb).as("D[%d]", d).isCloseTo(ref.daily[d], offset(0.05));
        }
        assertThat((double) f[Seasonality.LEVEL]).isCloseTo(ref.level, offset(0.05));
        assertThat((double) f[Seasonality.RMS_NONE]).isCloseTo(ref.rms[0], offset(1e-3));
        assertThat((double) f[Seasonality.RMS_DAILY]).isCloseTo(ref.rms[1], offset(1e-3));
        assertThat((double) f[Seasonality.HOURS]).isEqualTo(ref.hours);
        // The reference's explained variance of the daily profile is what switched it on.
        assertThat(1 - Math.pow(ref.rms[1] / ref.rms[0], 2)).isGreaterThan(PeriodDetector.ON);
    }

    /** The documented update, in doubles, without fixed point. */
    private static final class Reference {
        final double[] daily = new double[24];
        final double[] weekly = new double[168];
        final double[] rms = new double[3];
        double level;
        int hours;

        Reference(double first) {
            level = first;
        }

        void closeHour(long hour, double mean) {
            int d = (int) Math.floorMod(hour, 24L);
            int w = (int) Math.floorMod(hour + 72, 168L);
            double fitted = level + daily[d] + weekly[w];
            if (rms[0] > 0) {
                mean = fitted + Math.max(-4 * rms[0], Math.min(4 * rms[0], mean - fitted));
            }
            double e0 = mean - level;
            double eD = e0 - daily[d];
            if (hours >= 24) {
                double rate = Math.max(1.0 / 72, 1.0 / (hours - 24 + 1));
                double eW = hours >= 168 ? eD - weekly[w] : eD;
                double[] e = {e0, eD, eW};
                for (int i = 0; i < 3; i++) {
                    rms[i] = Math.sqrt((1 - rate) * rms[i] * rms[i] + rate * e[i] * e[i]);
                }
            }
            double next = level + Math.max(0.1, 1.0 / (hours + 1)) * (eD - weekly[w]);
            double dD =
                    Math.max(0.2, 1.0 / (Math.floor(hours / 24.0) + 1))
                            * (mean - next - weekly[w] - daily[d]);
            daily[d] += dD;
            double dW =
                    Math.max(0.3, 1.0 / (Math.floor(hours / 168.0) + 1))
                            * (mean - next - daily[d] - weekly[w]);
            for (int j = w % 24; j < 168; j += 24) {
                weekly[j] -= dW / 7;
            }
            weekly[w] += dW;
            daily[d] += dW / 7;
            double shift = (dD + dW / 7) / 24;
            for (int j = 0; j < 24; j++) {
                daily[j] -= shift;
            }
            level = next + shift;
            hours++;
        }
    }
}
