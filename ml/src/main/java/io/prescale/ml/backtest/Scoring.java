package io.prescale.ml.backtest;

import io.prescale.ml.stats.NearestRank;

/** Computes a {@link Score} from demands and allocations on the same grid. */
public final class Scoring {
    private Scoring() {}

    /**
     * Scores {@code alloc} against {@code demand} from step {@code warmupSteps} on; {@code
     * stepsPerDay} converts action counts to per entity-day. When the scored demand sums to 0 the
     * ratios to it (cost, shortfall, slack) are undefined: NaN, see {@link Score#costDefined()}.
     */
    public static Score score(
            double[][] demand, double[][] alloc, int warmupSteps, int stepsPerDay) {
        int entities = demand.length;
        if (entities == 0 || demand[0].length <= warmupSteps) {
            throw new IllegalArgumentException(
                    "nothing to score: no step after the warm-up of " + warmupSteps + " steps");
        }
        double[] rate = new double[entities];
        long violated = 0;
        long scored = 0;
        long actions = 0;
        double sumA = 0;
        double sumD = 0;
        double shortfall = 0;
        double slack = 0;
        for (int e = 0; e < entities; e++) {
            double[] d = demand[e];
            double[] a = alloc[e];
            long v = 0;
            for (int t = warmupSteps; t < d.length; t++) {
                if (d[t] > a[t]) {
                    v++;
                    shortfall += d[t] - a[t];
                } else {
                    slack += a[t] - d[t];
                }
                if (t > warmupSteps && changed(a[t - 1], a[t])) {
                    actions++;
                }
                sumA += a[t];
                sumD += d[t];
            }
            int n = d.length - warmupSteps;
            rate[e] = (double) v / n;
            violated += v;
            scored += n;
        }
        double days = (double) scored / stepsPerDay;
        // Σa / 0 would be Infinity (or NaN when Σa is 0 too): say undefined the same way for both
        boolean hasDemand = sumD > 0;
        return new Score(
                (double) violated / scored,
                NearestRank.quantile(rate, entities, 0.95),
                NearestRank.quantile(rate, entities, 0.50),
                NearestRank.quantile(rate, entities, 1.0),
                hasDemand ? sumA / sumD : Double.NaN,
                hasDemand ? shortfall / sumD : Double.NaN,
                hasDemand ? slack / sumD : Double.NaN,
                actions / days);
    }

    /** A change larger than rounding noise. */
    static boolean changed(double before, double after) {
        return Math.abs(after - before) > 1e-9 * Math.max(Math.abs(before), Math.abs(after));
    }
}
