package io.prescale.ml.policy;

/**
 * An exponentially decaying histogram kept in a plain {@code double[]} so that it can live inside a
 * compact state record: {@code w[0 .. n−1]} are bucket weights, {@code w[n]} their total, {@code
 * w[n+1]} the weight the next sample gets.
 *
 * <p>Decay follows the VPA recommender: rather than shrinking old weights, a sample at step {@code
 * s} is added with weight {@code 2^((s − s_ref) / h)} (h = half-life in steps), so a sample h steps
 * older counts half. When the weight passes 2^40 every weight is multiplied by 2^−40, which leaves
 * every quantile unchanged and keeps the doubles far from overflow.
 */
public final class DecayingHistogram {
    private static final double RENORMALISE_AT = 0x1p40;

    private DecayingHistogram() {}

    /** An empty histogram over {@code buckets}. */
    public static double[] empty(LogBuckets buckets) {
        double[] w = new double[buckets.count() + 2];
        w[buckets.count() + 1] = 1.0;
        return w;
    }

    /**
     * Adds {@code value} with the current sample weight, then advances the weight by {@code growth
     * = 2^(steps / h)} for the next sample {@code steps} later.
     */
    public static void add(double[] w, LogBuckets buckets, double value, double growth) {
        int n = buckets.count();
        double weight = w[n + 1];
        w[buckets.index(value)] += weight;
        w[n] += weight;
        weight *= growth;
        if (weight > RENORMALISE_AT) {
            for (int i = 0; i <= n; i++) {
                w[i] *= 0x1p-40;
            }
            weight *= 0x1p-40;
        }
        w[n + 1] = weight;
    }

    /**
     * Adds {@code value} with an explicit {@code weight} to the histogram stored at {@code offset}
     * in {@code w} (its bucket weights then its total, {@code n + 1} doubles); for several
     * histograms sharing one weight clock, renormalised together by {@link #scale}.
     */
    public static void addAt(
            double[] w, int offset, LogBuckets buckets, double value, double weight) {
        w[offset + buckets.index(value)] += weight;
        w[offset + buckets.count()] += weight;
    }

    /** Multiplies every weight in {@code w[from, to)} by {@code factor}. */
    public static void scale(double[] w, int from, int to, double factor) {
        for (int i = from; i < to; i++) {
            w[i] *= factor;
        }
    }

    /** Total weight of the histogram at {@code offset}. */
    public static double totalAt(double[] w, int offset, LogBuckets buckets) {
        return w[offset + buckets.count()];
    }

    /** As {@link #quantile(double[], LogBuckets, double)} for the histogram at {@code offset}. */
    public static double quantileAt(double[] w, int offset, LogBuckets buckets, double q) {
        int n = buckets.count();
        double total = w[offset + n];
        if (!(total > 0)) {
            return 0;
        }
        double allowedAbove = (1 - q) * total;
        int i = n - 1;
        double above = 0;
        while (i > 0 && above + w[offset + i] <= allowedAbove) {
            above += w[offset + i];
            i--;
        }
        return i < n - 1 ? buckets.start(i + 1) : buckets.start(i);
    }

    /** As {@link #shareAbove(double[], LogBuckets, double)} for the histogram at {@code offset}. */
    public static double shareAboveAt(double[] w, int offset, LogBuckets buckets, double value) {
        int n = buckets.count();
        double total = w[offset + n];
        if (!(total > 0)) {
            return 1;
        }
        double above = 0;
        for (int i = n - 1; i > buckets.index(value); i--) {
            above += w[offset + i];
        }
        return above / total;
    }

    /** Whether nothing was added yet. */
    public static boolean isEmpty(double[] w, LogBuckets buckets) {
        return !(w[buckets.count()] > 0);
    }

    /**
     * The q-quantile as the VPA recommender reads it: the end of the first bucket at which the
     * cumulative weight reaches {@code q · total} (the start of the last bucket if it is that one);
     * 0 when empty. Walks down from the top, which is short for the high quantiles asked.
     */
    public static double quantile(double[] w, LogBuckets buckets, double q) {
        int n = buckets.count();
        double total = w[n];
        if (!(total > 0)) {
            return 0;
        }
        double allowedAbove = (1 - q) * total;
        int i = n - 1;
        double above = 0;
        while (i > 0 && (w[i] == 0 || above + w[i] <= allowedAbove)) {
            above += w[i];
            i--;
        }
        return i < n - 1 ? buckets.start(i + 1) : buckets.start(i);
    }

    /** The weighted share of samples in buckets entirely above {@code value}: P(X &gt; value). */
    public static double shareAbove(double[] w, LogBuckets buckets, double value) {
        int n = buckets.count();
        double total = w[n];
        if (!(total > 0)) {
            return 1;
        }
        double above = 0;
        for (int i = n - 1; i > buckets.index(value); i--) {
            above += w[i];
        }
        return above / total;
    }
}
