package io.prescale.benchmarks.forecast;

import io.prescale.ml.forecast.ForecastConfig;
import io.prescale.ml.forecast.ForecastStack;
import io.prescale.ml.forecast.ForecastState;
import io.prescale.ml.trace.DemandGrid;

/**
 * Pinball loss and coverage two steps ahead of the stack's ensemble and of the AR(8)-refit peer on
 * the same entity-steps: every step from the end of each entity's first day (and of the peer's
 * first 256-value window), pooled over entities.
 */
final class PeerAccuracy {
    static final int H = 2;

    /** Sums for one forecaster: pinball at 0.5 and 0.99, and steps covered by the 0.99 bound. */
    static final class Sums {
        double pinball50;
        double pinball99;
        long covered99;
        long n;

        void add(double y, double median, double q99) {
            pinball50 += pinball(0.5, y - median);
            pinball99 += pinball(0.99, y - q99);
            covered99 += y <= q99 ? 1 : 0;
            n++;
        }

        double pinball50() {
            return pinball50 / n;
        }

        double pinball99() {
            return pinball99 / n;
        }

        double coverage99() {
            return covered99 / (double) n;
        }

        private static double pinball(double q, double u) {
            return Math.max(q * u, (q - 1) * u);
        }
    }

    /** [stack, peer Gaussian, peer empirical] for the peer fitted by {@code ols} or Yule–Walker. */
    static Sums[] measure(DemandGrid g, boolean ols) {
        ForecastStack stack = new ForecastStack(ForecastConfig.defaults(g.step()));
        ArRefitPeer peer = new ArRefitPeer(ols);
        Sums[] sums = {new Sums(), new Sums(), new Sums()};
        int day = g.stepsIn(java.time.Duration.ofDays(1));
        long start = g.start().getEpochSecond();
        long step = g.step().toSeconds();
        for (int e = 0; e < g.entities().size(); e++) {
            double[] y = g.values()[e];
            int first = g.firstObservedStep()[e];
            ForecastState s = stack.newState();
            double[][] issued = new double[H][2];
            for (int t = first; t < y.length; t++) {
                int slot = t % H;
                boolean scored = t >= first + Math.max(day, ArRefitPeer.WINDOW + H);
                if (scored) {
                    sums[0].add(y[t], issued[slot][0], issued[slot][1]);
                    ArRefitPeer.Forecast f = peer.step(y, t - H + 1, true);
                    sums[1].add(y[t], f.median(), f.q99());
                    sums[2].add(y[t], f.median(), f.q99Empirical());
                }
                stack.update(s, start + t * step, y[t]);
                issued[slot][0] = stack.quantile(s, H, 0.5);
                issued[slot][1] = stack.quantile(s, H, 0.99);
            }
        }
        return sums;
    }
}
