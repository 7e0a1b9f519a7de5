package io.prescale.operators.forecast;

import io.prescale.ml.series.SeriesStep;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

/**
 * The forecasting operator's Flink metrics, per parallel subtask: under the group {@code horizon} =
 * h for each scored horizon, the counter {@code forecastsScored} and the gauges {@code coverage95}
 * and {@code coverage99} (share of scored forecasts whose upper bound held the value), {@code
 * meanPinball50}, {@code meanPinball90}, {@code meanPinball99} and {@code meanAbsError}, over every
 * forecast scored since the subtask started; and the counters {@code seriesExpired} (idle series
 * whose state was dropped) and {@code windowsIgnored} (windows not after the series' last one). A
 * gauge reads NaN until something is scored.
 */
final class AccuracyMetrics {
    private static final int PINBALL_50 = 0;
    private static final int PINBALL_90 = 1;
    private static final int PINBALL_99 = 2;
    private static final int ABS_ERROR = 3;
    private static final int COVERED_95 = 4;
    private static final int COVERED_99 = 5;
    private static final int SUMS = 6;

    private final Counter[] scored;
    private final double[][] sums;
    final Counter expired;
    final Counter ignored;

    AccuracyMetrics(MetricGroup group, int[] horizons) {
        scored = new Counter[horizons.length];
        sums = new double[horizons.length][SUMS];
        for (int i = 0; i < horizons.length; i++) {
            MetricGroup g = group.addGroup("horizon", Integer.toString(horizons[i]));
            scored[i] = g.counter("forecastsScored");
            gauge(g, "meanPinball50", i, PINBALL_50);
            gauge(g, "meanPinball90", i, PINBALL_90);
            gauge(g, "meanPinball99", i, PINBALL_99);
            gauge(g, "meanAbsError", i, ABS_ERROR);
            gauge(g, "coverage95", i, COVERED_95);
            gauge(g, "coverage99", i, COVERED_99);
        }
        expired = group.counter("seriesExpired");
        ignored = group.counter("windowsIgnored");
    }

    private void gauge(MetricGroup g, String name, int i, int sum) {
        g.gauge(name, (Gauge<Double>) () -> mean(i, sum));
    }

    /** The mean of one sum over the forecasts scored at horizon index i, NaN before the first. */
    double mean(int i, int sum) {
        long n = scored[i].getCount();
        return n == 0 ? Double.NaN : sums[i][sum] / n;
    }

    /** Adds scored horizon i of {@code step}. */
    void add(int i, SeriesStep step) {
        double[] s = sums[i];
        s[PINBALL_50] += step.pinball(i, 0);
        s[PINBALL_90] += step.pinball(i, 1);
        s[PINBALL_99] += step.pinball(i, 3);
        s[ABS_ERROR] += Math.abs(step.observed() - step.issuedMean(i));
        s[COVERED_95] += step.covered(i, 2) ? 1 : 0;
        s[COVERED_99] += step.covered(i, 3) ? 1 : 0;
        scored[i].inc();
    }

    double coverage95(int i) {
        return mean(i, COVERED_95);
    }

    double coverage99(int i) {
        return mean(i, COVERED_99);
    }

    double meanPinball99(int i) {
        return mean(i, PINBALL_99);
    }
}
