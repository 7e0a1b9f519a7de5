package io.prescale.benchmarks.forecast;

import java.util.Arrays;
import smile.timeseries.AR;

/**
 * The peer forecaster: at every step refit Smile's AR(8) on the last {@link #WINDOW} values and
 * forecast 12 steps. Its quantiles two steps ahead are Gaussian, {@code f₂ + z_q σ √(1 + φ₁²)} with
 * σ² the fit's residual variance (the textbook AR prediction interval); {@link
 * Forecast#q99Empirical} and {@link Forecast#q90Empirical} replace {@code z_q σ} by the q-quantile
 * of the fit's own residuals (no normality assumed). A fit that fails (a constant window) forecasts
 * the last value with zero spread.
 */
final class ArRefitPeer {
    static final int WINDOW = 256;
    static final int ORDER = 8;
    private static final double Z90 = 1.2815515655446004;
    private static final double Z99 = 2.3263478740408408;

    private final boolean ols;

    ArRefitPeer(boolean ols) {
        this.ols = ols;
    }

    /**
     * What the peer issues after seeing {@code y[0 .. t)} for step t + 1 (two steps after the last
     * value seen, t − 1).
     *
     * @param median its 0.5-quantile (the forecast: the Gaussian median is the mean)
     * @param q90 its Gaussian 0.9-quantile
     * @param q99 its Gaussian 0.99-quantile
     * @param q90Empirical its 0.9-quantile from the empirical residual quantile
     * @param q99Empirical its 0.99-quantile from the empirical residual quantile
     */
    record Forecast(
            double median, double q90, double q99, double q90Empirical, double q99Empirical) {}

    Forecast step(double[] y, int t) {
        return step(y, t, false);
    }

    /**
     * As {@link #step(double[], int)}; {@code empirical} also sorts the fit's residuals for {@link
     * Forecast#q90Empirical} and {@link Forecast#q99Empirical} (NaN otherwise), which the timed
     * benchmark leaves out.
     */
    Forecast step(double[] y, int t, boolean empirical) {
        double[] window = Arrays.copyOfRange(y, t - WINDOW, t);
        AR model;
        try {
            model = ols ? AR.ols(window, ORDER, false) : AR.fit(window, ORDER);
        } catch (RuntimeException e) {
            double last = window[WINDOW - 1];
            return new Forecast(last, last, last, last, last);
        }
        double[] f = model.forecast(12);
        double phi = model.ar()[0];
        double growth = Math.sqrt(1 + phi * phi);
        double sd = Math.sqrt(Math.max(model.variance(), 0)) * growth;
        double r90 = Double.NaN;
        double r99 = Double.NaN;
        if (empirical) {
            double[] residuals = model.residuals().clone();
            Arrays.sort(residuals);
            r90 = residuals[(int) Math.ceil(0.9 * residuals.length) - 1] * growth;
            r99 = residuals[(int) Math.ceil(0.99 * residuals.length) - 1] * growth;
        }
        return new Forecast(f[1], f[1] + Z90 * sd, f[1] + Z99 * sd, f[1] + r90, f[1] + r99);
    }
}
