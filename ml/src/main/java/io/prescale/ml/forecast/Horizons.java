package io.prescale.ml.forecast;

/**
 * The spread {@code Q − centre} at a horizon that is not an anchor: linear between the anchors
 * around it, a power law {@code spread(a) (h / a)^β} outside them (see {@link ForecastStack}).
 */
final class Horizons {
    private static final double DEFAULT_BETA = 0.5;

    private Horizons() {}

    static double spread(ForecastStack stack, ForecastState s, int model, int h, int k) {
        int[] a = stack.anchors();
        int last = a.length - 1;
        if (h < a[0]) {
            return stack.spreadAt(s, model, 0, k)
                    * Math.pow(h / (double) a[0], beta(stack, s, model, 0));
        }
        if (h > a[last]) {
            return stack.spreadAt(s, model, last, k)
                    * Math.pow(h / (double) a[last], beta(stack, s, model, Math.max(0, last - 1)));
        }
        int i = 0;
        while (a[i + 1] < h) {
            i++;
        }
        double t = (h - a[i]) / (double) (a[i + 1] - a[i]);
        return (1 - t) * stack.spreadAt(s, model, i, k) + t * stack.spreadAt(s, model, i + 1, k);
    }

    /** Growth exponent between anchors i and i + 1, from the model's residual scales there. */
    private static double beta(ForecastStack stack, ForecastState s, int model, int i) {
        int[] a = stack.anchors();
        if (a.length < 2) {
            return DEFAULT_BETA;
        }
        double lo = stack.scaleAt(s, model, i);
        double hi = stack.scaleAt(s, model, i + 1);
        if (!(lo > 0 && hi > 0)) {
            return DEFAULT_BETA;
        }
        double beta = Math.log(hi / lo) / Math.log(a[i + 1] / (double) a[i]);
        return Math.max(0, Math.min(1, beta));
    }
}
