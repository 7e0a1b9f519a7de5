package io.prescale.ml.forecast.eval;

import io.prescale.ml.stats.NearestRank;
import io.prescale.ml.stats.Pinball;

/** Running sums of one model's errors, per entity; {@link #score} pools them. */
final class ScoreSums {
    private final double[] absError;
    private final double[] naiveError;
    private final double[] smape;
    private final double[][] pinball;
    private final long[][] covered;
    private final long[] count;

    ScoreSums(int entities) {
        absError = new double[entities];
        naiveError = new double[entities];
        smape = new double[entities];
        pinball = new double[ForecastEval.PINBALL_LEVELS.length][entities];
        covered = new long[ForecastEval.COVERAGE_LEVELS.length][entities];
        count = new long[entities];
    }

    /**
     * Adds one scored step of entity e: outcome y, the h-step naive forecast, and what the model
     * issued h steps before: {@code [point forecast, quantiles at the pinball levels, quantiles at
     * the coverage levels]}.
     */
    void add(int e, double y, double naive, double[] issued) {
        double point = issued[0];
        double err = Math.abs(y - point);
        absError[e] += err;
        naiveError[e] += Math.abs(y - naive);
        double denominator = Math.abs(y) + Math.abs(point);
        smape[e] += denominator > 0 ? 200 * err / denominator : 0;
        int p = ForecastEval.PINBALL_LEVELS.length;
        for (int i = 0; i < p; i++) {
            pinball[i][e] += Pinball.loss(ForecastEval.PINBALL_LEVELS[i], y, issued[1 + i]);
        }
        for (int i = 0; i < ForecastEval.COVERAGE_LEVELS.length; i++) {
            covered[i][e] += y <= issued[1 + p + i] ? 1 : 0;
        }
        count[e]++;
    }

    ModelScore score(String name) {
        double abs = 0;
        double naive = 0;
        double sm = 0;
        long n = 0;
        int scored = 0;
        for (int e = 0; e < count.length; e++) {
            abs += absError[e];
            naive += naiveError[e];
            sm += smape[e];
            n += count[e];
            scored += count[e] > 0 ? 1 : 0;
        }
        double[] pin = new double[pinball.length];
        for (int i = 0; i < pin.length; i++) {
            pin[i] = sum(pinball[i]) / Math.max(n, 1);
        }
        double[] coverage = new double[covered.length];
        double[][] spread = new double[covered.length][];
        for (int i = 0; i < covered.length; i++) {
            long c = 0;
            double[] perEntity = new double[scored];
            int j = 0;
            for (int e = 0; e < count.length; e++) {
                c += covered[i][e];
                if (count[e] > 0) {
                    perEntity[j++] = covered[i][e] / (double) count[e];
                }
            }
            coverage[i] = c / (double) Math.max(n, 1);
            spread[i] =
                    scored == 0
                            ? new double[] {Double.NaN, Double.NaN, Double.NaN}
                            : new double[] {
                                NearestRank.quantile(perEntity, scored, 0.05),
                                NearestRank.quantile(perEntity, scored, 0.5),
                                NearestRank.quantile(perEntity, scored, 0.95)
                            };
        }
        return new ModelScore(
                name,
                naive > 0 ? abs / naive : Double.NaN,
                sm / Math.max(n, 1),
                pin,
                coverage,
                spread);
    }

    long scored() {
        long n = 0;
        for (long c : count) {
            n += c;
        }
        return n;
    }

    /** Whether entity e had a step scored. */
    boolean scored(int e) {
        return count[e] > 0;
    }

    private static double sum(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s;
    }
}
