package io.prescale.ml.forecast.eval;

import io.prescale.ml.stats.SortedWindow;
import java.time.Duration;

/**
 * The textbook seasonal naive forecaster, scored beside the stack's members as a reference (it is
 * no member, and the ensemble does not see it): the forecast for step u issued at step t = u − h is
 * the value one day before u, {@code y[u − k·P]} with P the steps in a day and k the fewest whole
 * days that reach back to t or before; the last value seen, {@code y[t]}, while the entity has no
 * such day behind it. Its q-quantile is the forecast plus the nearest-rank q-quantile of its own
 * errors {@code y_s − ŷ_s} over the last week of steps whose outcome it had seen when it issued
 * (the forecast itself before the first). It knows nothing of the stack's profiles, period
 * detection or calibrators, so a user can rebuild it from the trace alone; the stack's own {@code
 * seasonal-naive} member is a different forecaster (hourly means of a detected period).
 */
final class SeasonalNaiveReference {
    static final String NAME = "naive-1d";

    /** How far before the step issued after its forecast's base lies: {@code k·P − h ≥ 0}. */
    private final int lag;

    private final double[] ring;
    private final double[] sorted;
    private final double[] meta = new double[2];

    /**
     * @param step the grid step; P = one day in steps, rounded, at least 1
     * @param horizon h, in steps
     */
    SeasonalNaiveReference(Duration step, int horizon) {
        int period = (int) Math.max(1, Math.round(86_400.0 / step.toSeconds()));
        this.lag = period * ((horizon + period - 1) / period) - horizon;
        int week = (int) Math.min(7L * period, 1 << 16);
        this.ring = new double[week];
        this.sorted = new double[week];
    }

    /** Forgets every error: the next entity starts afresh. */
    void reset() {
        meta[0] = 0;
        meta[1] = 0;
    }

    /** Takes in the outcome y of the step whose point forecast was {@code issued}. */
    void learn(double y, double issued) {
        SortedWindow.add(ring, sorted, meta, y - issued);
    }

    /**
     * The point forecast for step t + h of {@code y} (an entity whose first observed step is {@code
     * first}), issued after step t.
     */
    double point(double[] y, int first, int t) {
        int base = t - lag;
        return base >= first ? y[base] : y[t];
    }

    /** The q-quantile around {@code point}: point + the errors' q-quantile (none yet: point). */
    double quantile(double point, double q) {
        double e = SortedWindow.quantile(sorted, meta, q);
        return Double.isNaN(e) ? point : point + e;
    }
}
