package io.prescale.ml.backtest;

import io.prescale.ml.stats.NearestRank;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The knob sweep of a policy whose allocation is linear in its knob ({@code a = k · b}, the
 * reference policies): one replay at {@code k = 1} gives every point. With {@code r = d / b} per
 * scored entity-step, entity e violates at knob k on {@code #{r > k}} steps, and the cost is {@code
 * k · Σb / Σd}; counting is a binary search in each entity's sorted ratios.
 *
 * <p>The knob runs over a geometric grid from {@code MIN_KNOB} to {@code MAX_KNOB} with ratio
 * {@code 1.005}, dense enough that linear interpolation between points moves cost by well under 1
 * %.
 */
public final class ScaledSweep {
    static final double MIN_KNOB = 0.2;
    static final double MAX_KNOB = 200;
    static final double KNOB_RATIO = 1.005;

    private ScaledSweep() {}

    /** Sweeps {@code base} (the allocation at knob 1) against {@code demand}. */
    public static SweepResult sweep(double[][] demand, double[][] base, int warmupSteps) {
        int entities = demand.length;
        double[][] ratios = new double[entities][];
        double sumB = 0;
        double sumD = 0;
        long scored = 0;
        for (int e = 0; e < entities; e++) {
            double[] d = demand[e];
            double[] b = base[e];
            double[] r = new double[d.length - warmupSteps];
            for (int t = warmupSteps; t < d.length; t++) {
                r[t - warmupSteps] =
                        d[t] > 0 ? (b[t] > 0 ? d[t] / b[t] : Double.POSITIVE_INFINITY) : 0;
                sumB += b[t];
                sumD += d[t];
            }
            Arrays.sort(r);
            ratios[e] = r;
            scored += r.length;
        }
        List<double[]> pooled = new ArrayList<>();
        List<double[]> perEntity = new ArrayList<>();
        List<Double> knobs = new ArrayList<>();
        double[] rate = new double[entities];
        for (double k = MIN_KNOB; k <= MAX_KNOB; k *= KNOB_RATIO) {
            long violated = 0;
            for (int e = 0; e < entities; e++) {
                long above = ratios[e].length - upperBound(ratios[e], k);
                violated += above;
                rate[e] = (double) above / ratios[e].length;
            }
            double cost = sumD > 0 ? k * sumB / sumD : Double.NaN; // as Scoring: undefined
            pooled.add(new double[] {(double) violated / scored, cost});
            perEntity.add(new double[] {NearestRank.quantile(rate, entities, 0.95), cost});
            knobs.add(k);
        }
        return new SweepResult(Curve.of(pooled), Curve.of(perEntity), knobs.size());
    }

    /**
     * The smallest knob on the sweep grid at which the per-entity p95 violation of {@code k · base}
     * is at most {@code target} (the largest knob when none is).
     */
    public static double knobFor(
            double[][] demand, double[][] base, int warmupSteps, double target) {
        int entities = demand.length;
        double[][] ratios = new double[entities][];
        for (int e = 0; e < entities; e++) {
            double[] d = demand[e];
            double[] r = new double[d.length - warmupSteps];
            for (int t = warmupSteps; t < d.length; t++) {
                double b = base[e][t];
                r[t - warmupSteps] = d[t] > 0 ? (b > 0 ? d[t] / b : Double.POSITIVE_INFINITY) : 0;
            }
            Arrays.sort(r);
            ratios[e] = r;
        }
        double[] rate = new double[entities];
        double k = MIN_KNOB;
        for (; k < MAX_KNOB; k *= KNOB_RATIO) {
            for (int e = 0; e < entities; e++) {
                rate[e] = (double) (ratios[e].length - upperBound(ratios[e], k)) / ratios[e].length;
            }
            if (NearestRank.quantile(rate, entities, 0.95) <= target) {
                return k;
            }
        }
        return k;
    }

    /** Index of the first element &gt; key in ascending {@code a}. */
    private static int upperBound(double[] a, double key) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] <= key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
