package io.prescale.ml.backtest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A policy's cost-versus-violation curve from a knob sweep, in one view (pooled or per entity).
 *
 * <p>{@link #costAt(double)} interpolates linearly between the two sweep points whose violation
 * brackets the level asked (points sorted by violation, ties by cost); outside the swept range it
 * returns NaN rather than extrapolate.
 *
 * @param violation the x of each point, ascending
 * @param cost the y of each point
 */
public record Curve(double[] violation, double[] cost) {

    public Curve {
        if (violation.length != cost.length) {
            throw new IllegalArgumentException("violation and cost must have the same length");
        }
    }

    /** Sorts {@code points} ({x, y} pairs) into a curve. */
    public static Curve of(List<double[]> points) {
        double[][] sorted = points.toArray(new double[0][]);
        Arrays.sort(
                sorted,
                Comparator.<double[]>comparingDouble(p -> p[0]).thenComparingDouble(p -> -p[1]));
        double[] x = new double[sorted.length];
        double[] y = new double[sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            x[i] = sorted[i][0];
            y[i] = sorted[i][1];
        }
        return new Curve(x, y);
    }

    /**
     * The points of {@code curves} that no other point beats in both violation and cost, ascending
     * in violation (so descending in cost).
     */
    static Curve lowerEnvelope(List<Curve> curves) {
        List<double[]> all = new ArrayList<>();
        for (Curve c : curves) {
            for (int i = 0; i < c.violation.length; i++) {
                if (!Double.isNaN(c.cost[i])) {
                    all.add(new double[] {c.violation[i], c.cost[i]});
                }
            }
        }
        all.sort(Comparator.<double[]>comparingDouble(p -> p[0]).thenComparingDouble(p -> p[1]));
        List<double[]> front = new ArrayList<>();
        for (double[] p : all) {
            if (front.isEmpty() || p[1] < front.get(front.size() - 1)[1]) {
                front.add(p);
            }
        }
        return of(front);
    }

    /** Cost at violation {@code v} by linear interpolation; NaN outside the swept range. */
    public double costAt(double v) {
        int n = violation.length;
        if (n == 0 || v < violation[0] || v > violation[n - 1]) {
            return Double.NaN;
        }
        // the last point at or below v and the first at or above it
        int lo = 0;
        while (lo + 1 < n && violation[lo + 1] <= v) {
            lo++;
        }
        int hi = lo;
        while (hi < n - 1 && violation[hi] < v) {
            hi++;
        }
        if (violation[hi] == violation[lo]) {
            return cost[lo];
        }
        double f = (v - violation[lo]) / (violation[hi] - violation[lo]);
        return cost[lo] + f * (cost[hi] - cost[lo]);
    }
}
