package io.prescale.ml.backtest;

import io.prescale.ml.stats.NearestRank;
import io.prescale.ml.trace.DemandGrid;
import io.prescale.ml.trace.Plural;

/** Computes a {@link Score} from demands and allocations on the same grid. */
public final class Scoring {
    private Scoring() {}

    /**
     * Scores {@code alloc} against {@code demand} from step {@code warmupSteps} on, every entity
     * observed over the whole grid; {@code stepsPerDay} converts action counts to per entity-day.
     */
    public static Score score(
            double[][] demand, double[][] alloc, int warmupSteps, int stepsPerDay) {
        return score(
                demand, alloc, ScoredSteps.whole(demand, warmupSteps), warmupSteps, stepsPerDay);
    }

    /**
     * Scores {@code alloc} against the grid's demand on each entity's own span after its warm-up
     * ({@link ScoredSteps}); {@code stepsPerDay} converts action counts to per entity-day. When the
     * scored demand sums to 0 the ratios to it (cost, shortfall, slack) are undefined: NaN, see
     * {@link Score#costDefined()}.
     */
    public static Score score(
            DemandGrid grid, double[][] alloc, long warmupSteps, int stepsPerDay) {
        return score(
                grid.values(), alloc, ScoredSteps.of(grid, warmupSteps), warmupSteps, stepsPerDay);
    }

    private static Score score(
            double[][] demand,
            double[][] alloc,
            ScoredSteps steps,
            long warmupSteps,
            int stepsPerDay) {
        int[] scoredEntities = steps.scoredEntities();
        if (scoredEntities.length == 0) {
            throw new IllegalArgumentException(
                    "nothing to score: no entity has a step after its warm-up of "
                            + Plural.of(warmupSteps, "step"));
        }
        double[] rate = new double[scoredEntities.length];
        long violated = 0;
        long scored = 0;
        long actions = 0;
        double sumA = 0;
        double sumD = 0;
        double shortfall = 0;
        double slack = 0;
        for (int i = 0; i < scoredEntities.length; i++) {
            int e = scoredEntities[i];
            double[] d = demand[e];
            double[] a = alloc[e];
            long v = 0;
            for (int t = steps.from()[e]; t < steps.to()[e]; t++) {
                if (d[t] > a[t]) {
                    v++;
                    shortfall += d[t] - a[t];
                } else {
                    slack += a[t] - d[t];
                }
                if (t > steps.from()[e] && changed(a[t - 1], a[t])) {
                    actions++;
                }
                sumA += a[t];
                sumD += d[t];
            }
            int n = steps.count(e);
            rate[i] = (double) v / n;
            violated += v;
            scored += n;
        }
        double days = (double) scored / stepsPerDay;
        // Σa / 0 would be Infinity (or NaN when Σa is 0 too): say undefined the same way for both
        boolean hasDemand = sumD > 0;
        int n = rate.length;
        return new Score(
                (double) violated / scored,
                NearestRank.quantile(rate, n, 0.95),
                NearestRank.quantile(rate, n, 0.50),
                NearestRank.quantile(rate, n, 1.0),
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
