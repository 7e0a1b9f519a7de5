package io.prescale.benchmarks.forecast;

import io.prescale.ml.series.SeriesModel;
import io.prescale.ml.series.SeriesState;
import io.prescale.ml.series.SeriesStep;
import io.prescale.ml.trace.DemandGrid;
import java.time.Duration;
import java.util.Locale;

/**
 * Pinball loss and coverage two steps ahead of the full per-series stack ({@link SeriesModel} in
 * the job's configuration, its ensemble's quantiles as put out) and of the AR(8)-refit peers on the
 * same entity-steps: every step from the end of each entity's first day (and of the peer's first
 * 256-value window), pooled over entities.
 */
final class PeerAccuracy {
    static final int H = SeriesModelBenchmark.LEAD;

    /** The levels scored: the median, 0.9 and 0.99. */
    static final double[] LEVELS = {0.5, 0.9, 0.99};

    /** Row names of {@link #measure}'s result, in order. */
    static final String[] FORECASTERS = {
        "full stack (SeriesModel)",
        "AR(8) Yule–Walker, Gaussian",
        "AR(8) Yule–Walker, empirical",
        "AR(8) OLS, Gaussian",
        "AR(8) OLS, empirical"
    };

    private PeerAccuracy() {}

    /** Sums for one forecaster: pinball loss and steps covered at each of {@link #LEVELS}. */
    static final class Sums {
        final double[] pinball = new double[LEVELS.length];
        final long[] covered = new long[LEVELS.length];
        long n;

        void add(double y, double... quantiles) {
            for (int k = 0; k < LEVELS.length; k++) {
                double u = y - quantiles[k];
                pinball[k] += Math.max(LEVELS[k] * u, (LEVELS[k] - 1) * u);
                covered[k] += y <= quantiles[k] ? 1 : 0;
            }
            n++;
        }

        /** {@code | pinball per level | coverage of 0.9 | coverage of 0.99 |} */
        String cells() {
            StringBuilder b = new StringBuilder();
            for (double p : pinball) {
                b.append(String.format(Locale.ROOT, " %.4f |", p / n));
            }
            for (int k = 1; k < LEVELS.length; k++) {
                b.append(String.format(Locale.ROOT, " %.4f |", covered[k] / (double) n));
            }
            return b.toString();
        }
    }

    /** Sums of each of {@link #FORECASTERS} on the entities of {@code g}. */
    static Sums[] measure(DemandGrid g) {
        SeriesModel model = SeriesModelBenchmark.jobModel(g.step());
        SeriesStep out = model.newStep();
        int[] output = new int[LEVELS.length];
        for (int k = 0; k < LEVELS.length; k++) {
            output[k] = model.config().levels().indexOf(LEVELS[k]);
        }
        ArRefitPeer yuleWalker = new ArRefitPeer(false);
        ArRefitPeer ols = new ArRefitPeer(true);
        Sums[] sums = new Sums[FORECASTERS.length];
        for (int i = 0; i < sums.length; i++) {
            sums[i] = new Sums();
        }
        int day = g.stepsIn(Duration.ofDays(1));
        for (int e = 0; e < g.entities().size(); e++) {
            double[] y = g.values()[e];
            int first = g.firstObservedStep()[e];
            SeriesState s = model.newState();
            double[][] issued = new double[H][LEVELS.length];
            for (int t = first; t < y.length; t++) {
                int slot = t % H;
                if (t >= first + Math.max(day, ArRefitPeer.WINDOW + H)) {
                    sums[0].add(y[t], issued[slot]);
                    addPeer(sums, 1, y[t], yuleWalker.step(y, t - H + 1, true));
                    addPeer(sums, 3, y[t], ols.step(y, t - H + 1, true));
                }
                model.update(s, g.start().plus(g.step().multipliedBy(t)), y[t], out);
                for (int k = 0; k < LEVELS.length; k++) {
                    issued[slot][k] = out.quantile(H, output[k]);
                }
            }
        }
        return sums;
    }

    private static void addPeer(Sums[] sums, int at, double y, ArRefitPeer.Forecast f) {
        sums[at].add(y, f.median(), f.q90(), f.q99());
        sums[at + 1].add(y, f.median(), f.q90Empirical(), f.q99Empirical());
    }
}
