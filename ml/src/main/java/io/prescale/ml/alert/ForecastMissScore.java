package io.prescale.ml.alert;

/**
 * STAND-IN anomaly score until the detectors of the forecasting issue land: how badly the
 * placeholder last-value forecast missed, relative to how badly it usually misses. Named so in
 * every output ({@link #NAME}) so that nobody mistakes it for a detector.
 *
 * <p>With {@code f} the previous window's mean (the placeholder's forecast of this one), {@code x}
 * this window's mean, {@code e = |x − f|} and {@code m} the exponentially weighted mean of past
 * errors (weight {@code α} for the newest, computed before this one is added, so no look-ahead):
 *
 * <pre>
 *   score = 1 − exp(−e / (k · (m + ε)))       ε = 1e-9 · (1 + |f|)
 * </pre>
 *
 * so {@code e = k·m} scores 0.63 and {@code e = 3k·m} 0.95. The expected interval reported is
 * {@code f ± k·m}. The first {@code warmup} errors only train {@code m} (score 0).
 *
 * <p>State: {@code [f, m, errors seen]} in a {@code double[3]}; {@code f} is NaN before the first
 * value.
 */
public final class ForecastMissScore {
    public static final String NAME = "placeholder-forecast-miss";
    private static final int FORECAST = 0;
    private static final int MEAN_ERROR = 1;
    private static final int SEEN = 2;

    private final double alpha;
    private final double k;
    private final int warmup;

    /**
     * @param alpha weight of the newest error in the mean error, in (0, 1]
     * @param k how many mean errors away an error scores 0.63, &gt; 0
     * @param warmup errors seen before the first non-zero score, &ge; 1
     */
    public ForecastMissScore(double alpha, double k, int warmup) {
        if (!(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1], was " + alpha);
        }
        if (!(k > 0) || Double.isInfinite(k)) {
            throw new IllegalArgumentException("k must be finite and > 0, was " + k);
        }
        if (warmup < 1) {
            throw new IllegalArgumentException("warmup must be >= 1, was " + warmup);
        }
        this.alpha = alpha;
        this.k = k;
        this.warmup = warmup;
    }

    /** A fresh state. */
    public static double[] empty() {
        return new double[] {Double.NaN, 0, 0};
    }

    /** The forecast {@code f} of the next value, NaN before the first one. */
    public static double forecast(double[] state) {
        return state[FORECAST];
    }

    /** Half-width {@code k·m} of the expected interval around {@link #forecast}. */
    public double halfWidth(double[] state) {
        return k * state[MEAN_ERROR];
    }

    /**
     * Scores {@code x} against the state's forecast, then learns it; returns the score in [0, 1].
     * Read {@link #forecast} and {@link #halfWidth} before calling for the interval {@code x} was
     * scored against. A non-finite {@code x} scores NaN and changes nothing.
     */
    public double score(double[] state, double x) {
        if (!Double.isFinite(x)) {
            return Double.NaN;
        }
        double f = state[FORECAST];
        state[FORECAST] = x;
        if (Double.isNaN(f)) {
            return 0;
        }
        double e = Math.abs(x - f);
        double m = state[MEAN_ERROR];
        double score =
                state[SEEN] < warmup ? 0 : 1 - Math.exp(-e / (k * (m + 1e-9 * (1 + Math.abs(f)))));
        state[MEAN_ERROR] = state[SEEN] == 0 ? e : m + alpha * (e - m);
        state[SEEN] = Math.min(state[SEEN] + 1, warmup);
        return Math.max(0, Math.min(1, score));
    }
}
