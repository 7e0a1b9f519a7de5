package io.prescale.ml.nab;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;

/**
 * One results file prepared for NAB scoring: for every point after the probationary period, its
 * anomaly score, the window it lies in (or -1) and its unweighted sweep value.
 *
 * <p>For a point {@code i} inside window {@code [a, b]} (row indices, inclusive) the value is the
 * reward of a detection there, {@code σ̃(−(b − i + 1)/(b − a + 1)) / σ̃(−1)}, where {@code σ̃(x) =
 * 2/(1 + e^{5x}) − 1} for {@code x ≤ 3} and −1 beyond: 1 at the window's first row, about 0.11 at
 * its last. Outside every window the value is the cost factor of a false positive: −1 before the
 * first window, else {@code σ̃((i − b')/(w' − 1))} with {@code b'} the last row and {@code w'} the
 * length of the closest preceding window (a one-row window divides by 1, where NAB would divide by
 * zero). The probationary period is {@code min(⌊0.15 n⌋, 0.15 × 5000)} rows, as NAB computes it.
 *
 * @param name the file's relative path, for reports
 * @param scores anomaly scores of the scorable points
 * @param window the index into this file's windows of each scorable point, or -1
 * @param unit unweighted sweep value of each scorable point (see above)
 * @param windows number of windows with at least one scorable row
 * @param days the time from the first scorable row to the last row, in days (0 with fewer than two
 *     scorable rows): what false positives per series-day are counted over
 */
public record NabScoredFile(
        String name, double[] scores, int[] window, double[] unit, int windows, double days) {
    /** NAB's probationary fraction. */
    public static final double PROBATION = 0.15;

    /**
     * Prepares a file.
     *
     * @param timestamps the rows' timestamps, increasing
     * @param scores the detector's anomaly score of each row
     * @param labelled the file's labelled windows (ends inclusive, in timestamps)
     */
    public static NabScoredFile of(
            String name, LocalDateTime[] timestamps, double[] scores, List<NabWindow> labelled) {
        if (timestamps.length != scores.length) {
            throw new IllegalArgumentException(
                    name + ": " + scores.length + " scores for " + timestamps.length + " rows");
        }
        int n = scores.length;
        int[][] bounds = windowRows(timestamps, labelled);
        int probation = probationaryLength(n);
        int count = Math.max(0, n - probation);
        double[] s = new double[count];
        int[] w = new int[count];
        double[] u = new double[count];
        boolean[] scorable = new boolean[bounds.length];
        for (int i = probation; i < n; i++) {
            int k = i - probation;
            s[k] = scores[i];
            w[k] = windowAt(bounds, i);
            u[k] = w[k] >= 0 ? reward(bounds[w[k]], i) : falsePositiveFactor(bounds, i);
            if (w[k] >= 0) {
                scorable[w[k]] = true;
            }
        }
        int windows = 0;
        for (boolean b : scorable) {
            windows += b ? 1 : 0;
        }
        double days =
                count < 2
                        ? 0
                        : Duration.between(timestamps[probation], timestamps[n - 1]).toSeconds()
                                / 86_400.0;
        return new NabScoredFile(name, s, w, u, windows, days);
    }

    /** {@code min(⌊0.15 n⌋, 0.15 × 5000)}: the first rows that are never scored. */
    public static int probationaryLength(int rows) {
        return (int) Math.min(Math.floor(PROBATION * rows), PROBATION * 5000);
    }

    /** NAB's scaled sigmoid {@code σ̃(x) = 2/(1 + e^{5x}) − 1}, and −1 for {@code x > 3}. */
    public static double scaledSigmoid(double x) {
        return x > 3.0 ? -1.0 : 2.0 / (1.0 + Math.exp(5.0 * x)) - 1.0;
    }

    static double reward(int[] window, int i) {
        double width = window[1] - window[0] + 1;
        return scaledSigmoid(-(window[1] - i + 1) / width) / scaledSigmoid(-1.0);
    }

    private static double falsePositiveFactor(int[][] bounds, int i) {
        int[] previous = null;
        for (int[] b : bounds) {
            if (b[0] <= b[1] && b[1] < i && (previous == null || b[1] > previous[1])) {
                previous = b;
            }
        }
        if (previous == null) {
            return -1.0;
        }
        double width = previous[1] - previous[0] + 1;
        return scaledSigmoid((i - previous[1]) / Math.max(1.0, width - 1));
    }

    private static int windowAt(int[][] bounds, int i) {
        for (int w = 0; w < bounds.length; w++) {
            if (bounds[w][0] <= i && i <= bounds[w][1]) {
                return w;
            }
        }
        return -1;
    }

    /** Row index ranges of the windows; a window that holds no row gets {@code [1, 0]} (empty). */
    private static int[][] windowRows(LocalDateTime[] t, List<NabWindow> windows) {
        int[][] bounds = new int[windows.size()][];
        for (int w = 0; w < bounds.length; w++) {
            int first = -1;
            int last = -2;
            for (int i = 0; i < t.length; i++) {
                if (windows.get(w).contains(t[i])) {
                    first = first < 0 ? i : first;
                    last = i;
                }
            }
            bounds[w] = first < 0 ? new int[] {1, 0} : new int[] {first, last};
        }
        return bounds;
    }

    public int size() {
        return scores.length;
    }
}
