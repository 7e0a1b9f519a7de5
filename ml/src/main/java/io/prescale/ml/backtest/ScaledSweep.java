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
        return sweep(demand, base, ScoredSteps.whole(demand, warmupSteps));
    }

    /** Sweeps {@code base} against {@code demand} on the scored {@code steps}. */
    static SweepResult sweep(double[][] demand, double[][] base, ScoredSteps steps) {
        int[] scoredEntities = steps.scoredEntities();
        double[][] ratios = ratios(demand, base, steps, scoredEntities);
        double sumB = 0;
        double sumD = 0;
        long scored = 0;
        for (int i = 0; i < scoredEntities.length; i++) {
            int e = scoredEntities[i];
            for (int t = steps.from()[e]; t < steps.to()[e]; t++) {
                sumB += base[e][t];
                sumD += demand[e][t];
            }
            scored += ratios[i].length;
        }
        List<double[]> pooled = new ArrayList<>();
        List<double[]> perEntity = new ArrayList<>();
        List<Double> knobs = new ArrayList<>();
        int n = ratios.length;
        double[] rate = new double[n];
        for (double k = MIN_KNOB; k <= MAX_KNOB; k *= KNOB_RATIO) {
            long violated = 0;
            for (int i = 0; i < n; i++) {
                long above = ratios[i].length - upperBound(ratios[i], k);
                violated += above;
                rate[i] = (double) above / ratios[i].length;
            }
            double cost = sumD > 0 ? k * sumB / sumD : Double.NaN; // as Scoring: undefined
            pooled.add(new double[] {(double) violated / scored, cost});
            perEntity.add(new double[] {NearestRank.quantile(rate, n, 0.95), cost});
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
        return knobFor(demand, base, ScoredSteps.whole(demand, warmupSteps), target);
    }

    /** As {@link #knobFor(double[][], double[][], int, double)} on the scored {@code steps}. */
    static double knobFor(double[][] demand, double[][] base, ScoredSteps steps, double target) {
        double[][] ratios = ratios(demand, base, steps, steps.scoredEntities());
        int n = ratios.length;
        double[] rate = new double[n];
        double k = MIN_KNOB;
        for (; k < MAX_KNOB; k *= KNOB_RATIO) {
            for (int i = 0; i < n; i++) {
                rate[i] = (double) (ratios[i].length - upperBound(ratios[i], k)) / ratios[i].length;
            }
            if (NearestRank.quantile(rate, n, 0.95) <= target) {
                return k;
            }
        }
        return k;
    }

    /** Per scored entity, its sorted ratios {@code r = d / b} over its scored steps. */
    private static double[][] ratios(
            double[][] demand, double[][] base, ScoredSteps steps, int[] scoredEntities) {
        double[][] ratios = new double[scoredEntities.length][];
        for (int i = 0; i < scoredEntities.length; i++) {
            int e = scoredEntities[i];
            int from = steps.from()[e];
            double[] r = new double[steps.count(e)];
            for (int t = from; t < steps.to()[e]; t++) {
                double d = demand[e][t];
                double b = base[e][t];
                r[t - from] = d > 0 ? (b > 0 ? d / b : Double.POSITIVE_INFINITY) : 0;
            }
            Arrays.sort(r);
            ratios[i] = r;
        }
        return ratios;
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
