package io.prescale.ml.anomaly;

/**
 * The detectors' slow running statistics, which one outlier cannot blow up: a point's absolute
 * deviation counts for at most {@value #LIMIT} times the running mean of them so far, and a running
 * level moves by at most that much a point's worth, as {@link TailModel} winsorises its excesses at
 * {@value #LIMIT} β. Taken raw, one value of 10⁹ in a series moving by 0.03 made these means about
 * 10⁷ for days, and every threshold in units of them with it, so nothing after it surprised the
 * detectors. A real change of scale is still followed: the mean can grow by a factor of {@code 1 +
 * 9 / n} a point. While the mean is 0 (a constant start) a deviation is taken as it is.
 */
public final class Winsorised {
    /** How many typical deviations one point's excess counts for at most. */
    public static final double LIMIT = 10;

    private Winsorised() {}

    /** The running mean of absolute deviations after one more, {@code n} points in it with it. */
    static double meanAbs(double mean, double deviation, double n) {
        double d = mean > 0 ? Math.min(deviation, LIMIT * mean) : deviation;
        return mean + (d - mean) / n;
    }

    /** {@code x − level} within ±{@value #LIMIT} × {@code meanAbs} (as it is while that is 0). */
    static double difference(double x, double level, double meanAbs) {
        double d = x - level;
        if (!(meanAbs > 0)) {
            return d;
        }
        double bound = LIMIT * meanAbs;
        return d > bound ? bound : d < -bound ? -bound : d;
    }
}
