package io.prescale.ml.stats;

import java.util.Arrays;

/**
 * Median and MAD of the last {@code w} values, allocation-free: the values are kept twice, in
 * arrival order ({@code ring}) and sorted ({@code sorted}), so an update is one binary search and
 * one shift of at most {@code w} elements, the median is read off the middle and the MAD is found
 * by walking outwards from the middle (the deviations on each side grow monotonically), O(w).
 *
 * <p>Static functions over arrays owned by their caller (a detector's state, an evaluation's
 * reference model): {@code ring} and {@code sorted} have length w, {@code meta = [count, next ring
 * position]}.
 */
public final class SortedWindow {
    private SortedWindow() {}

    /** Adds {@code x}, evicting the oldest value once the window is full. */
    public static void add(double[] ring, double[] sorted, double[] meta, double x) {
        int w = ring.length;
        int count = (int) meta[0];
        int pos = (int) meta[1];
        if (count == w) {
            int at = indexOf(sorted, count, ring[pos]);
            System.arraycopy(sorted, at + 1, sorted, at, count - at - 1);
            count--;
        }
        int at = insertionPoint(sorted, count, x);
        System.arraycopy(sorted, at, sorted, at + 1, count - at);
        sorted[at] = x;
        ring[pos] = x;
        meta[0] = count + 1;
        meta[1] = (pos + 1) % w;
    }

    /** Rebuilds {@code sorted} from {@code ring} (after decoding a state). */
    public static void rebuild(double[] ring, double[] sorted, double[] meta) {
        int count = (int) meta[0];
        int pos = (int) meta[1];
        int w = ring.length;
        for (int i = 0; i < count; i++) {
            sorted[i] = ring[Math.floorMod(pos - count + i, w)];
        }
        Arrays.sort(sorted, 0, count);
    }

    /** Median of the window; NaN when empty. */
    public static double median(double[] sorted, double[] meta) {
        int c = (int) meta[0];
        if (c == 0) {
            return Double.NaN;
        }
        return c % 2 == 1 ? sorted[c / 2] : 0.5 * (sorted[c / 2 - 1] + sorted[c / 2]);
    }

    /** Median absolute deviation from {@code median}; NaN when empty. */
    public static double mad(double[] sorted, double[] meta, double median) {
        int c = (int) meta[0];
        if (c == 0) {
            return Double.NaN;
        }
        int left = insertionPoint(sorted, c, median) - 1;
        int right = left + 1;
        double previous = 0;
        double current = 0;
        for (int k = 0; k <= c / 2; k++) {
            double dl = left >= 0 ? median - sorted[left] : Double.POSITIVE_INFINITY;
            double dr = right < c ? sorted[right] - median : Double.POSITIVE_INFINITY;
            previous = current;
            if (dl <= dr) {
                current = dl;
                left--;
            } else {
                current = dr;
                right++;
            }
        }
        return c % 2 == 1 ? current : 0.5 * (previous + current);
    }

    /**
     * The nearest-rank q-quantile of the window ({@link NearestRank}: the smallest value with at
     * least a share q of the values at or below it); NaN when empty.
     */
    public static double quantile(double[] sorted, double[] meta, double q) {
        int c = (int) meta[0];
        if (c == 0) {
            return Double.NaN;
        }
        return sorted[Math.max(0, (int) Math.ceil(q * c) - 1)];
    }

    /** First index whose value is {@code > x} (so equal values stay in arrival order). */
    private static int insertionPoint(double[] sorted, int count, double x) {
        int lo = 0;
        int hi = count;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static int indexOf(double[] sorted, int count, double x) {
        int at = insertionPoint(sorted, count, x) - 1;
        return at >= 0 && sorted[at] == x ? at : linearIndexOf(sorted, count, x);
    }

    private static int linearIndexOf(double[] sorted, int count, double x) {
        for (int i = 0; i < count; i++) {
            if (Double.compare(sorted[i], x) == 0) {
                return i;
            }
        }
        throw new IllegalStateException("window value " + x + " not in its sorted copy");
    }
}
