package io.prescale.ml.stats;

/**
 * The pinball (quantile) loss of a forecast quantile: with outcome {@code y}, the forecast
 * q-quantile {@code ŷ} and {@code u = y − ŷ},
 *
 * <pre>
 *   L_q(y, ŷ) = max(q · u, (q − 1) · u)
 * </pre>
 *
 * in the unit of y; 0 when the quantile is exact, and its expectation is minimised by the true
 * q-quantile.
 */
public final class Pinball {
    private Pinball() {}

    /** {@code L_q(y, ŷ)}; NaN when an argument is NaN. */
    public static double loss(double q, double y, double forecastQuantile) {
        double u = y - forecastQuantile;
        return Math.max(q * u, (q - 1) * u);
    }
}
