package io.prescale.ml.policy;

/**
 * Exponentially growing histogram buckets, as in the Kubernetes VPA recommender: bucket {@code i}
 * starts at {@code start(i) = f · (r^i − 1) / (r − 1)} (f = first bucket size, r = ratio), so
 * buckets are about f wide near zero and a share {@code r − 1} of their value far from it. Values
 * below 0 fall in bucket 0, values beyond the last start in the last bucket.
 *
 * @param firstBucketSize f, in the unit of the values, &gt; 0
 * @param ratio r, &gt; 1
 * @param count number of buckets, &ge; 2
 */
public record LogBuckets(double firstBucketSize, double ratio, int count) {

    public LogBuckets {
        if (!(firstBucketSize > 0) || Double.isInfinite(firstBucketSize)) {
            throw new IllegalArgumentException(
                    "firstBucketSize must be finite and > 0, was " + firstBucketSize);
        }
        if (!(ratio > 1) || Double.isInfinite(ratio)) {
            throw new IllegalArgumentException("ratio must be finite and > 1, was " + ratio);
        }
        if (count < 2) {
            throw new IllegalArgumentException("count must be >= 2, was " + count);
        }
    }

    /** Buckets of ratio r from f up to at least {@code maxValue}. */
    public static LogBuckets covering(double firstBucketSize, double ratio, double maxValue) {
        int n =
                (int)
                        Math.ceil(
                                Math.log(maxValue * (ratio - 1) / firstBucketSize + 1)
                                        / Math.log(ratio));
        return new LogBuckets(firstBucketSize, ratio, Math.max(2, n + 1));
    }

    /** The bucket holding {@code value}. */
    public int index(double value) {
        if (!(value > 0)) {
            return 0;
        }
        int i =
                (int)
                        Math.floor(
                                Math.log(value * (ratio - 1) / firstBucketSize + 1)
                                        / Math.log(ratio));
        return Math.min(Math.max(i, 0), count - 1);
    }

    /** Lower bound of bucket {@code i}. */
    public double start(int i) {
        return firstBucketSize * (Math.pow(ratio, i) - 1) / (ratio - 1);
    }
}
