package io.prescale.ml.forecast;

/**
 * Damped-trend Holt smoothing, plain ({@link #holt}) or on the deseasonalised series x = y − S(t)
 * with the {@link Seasonality}'s coarse profiles S ({@link #holtWinters}, additive Holt–Winters):
 *
 * <pre>
 *   ℓ' = ℓ + φ b + α (x − ℓ − φ b),   b' = φ b + β (ℓ' − ℓ − φ b)
 *   ŷ(t + h) = ℓ + (φ + φ² + … + φ^h) b + S(t + h)
 * </pre>
 *
 * Two floats of state {@code [ℓ, b]}. With no profile in use Holt–Winters is Holt with its own,
 * slower, smoothing.
 */
final class DampedTrendForecaster implements Forecaster {
    static final int FLOATS = 2;

    private final String name;
    private final int offset;
    private final Seasonality season;
    private final double alpha;
    private final double beta;
    private final double phi;

    /** {@code damping[h] = φ + … + φ^h}. */
    private final double[] damping;

    private DampedTrendForecaster(
            String name, int offset, Seasonality season, ForecastConfig config, double[] abf) {
        this.name = name;
        this.offset = offset;
        this.season = season;
        this.alpha = abf[0];
        this.beta = abf[1];
        this.phi = abf[2];
        this.damping = new double[config.maxHorizon() + 1];
        for (int h = 1; h <= config.maxHorizon(); h++) {
            damping[h] = damping[h - 1] + Math.pow(phi, h);
        }
    }

    /** Holt with α = 0.2, β = 0.05, φ = 0.9. */
    static DampedTrendForecaster holt(int offset, ForecastConfig config) {
        return new DampedTrendForecaster(
                "holt", offset, null, config, new double[] {0.2, 0.05, 0.9});
    }

    /** Holt–Winters with α = 0.1, β = 0.02, φ = 0.9 on the deseasonalised series. */
    static DampedTrendForecaster holtWinters(
            int offset, Seasonality season, ForecastConfig config) {
        return new DampedTrendForecaster(
                "holt-winters", offset, season, config, new double[] {0.1, 0.02, 0.9});
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void start(ForecastState s, long epochSeconds, double value) {
        float[] f = s.members();
        f[offset] = (float) value;
        f[offset + 1] = 0;
    }

    @Override
    public void update(ForecastState s, long epochSeconds, double value) {
        float[] f = s.members();
        double level = f[offset];
        double trend = phi * f[offset + 1];
        double x = season == null ? value : value - season.current(s);
        double next = level + trend + alpha * (x - level - trend);
        f[offset] = (float) next;
        f[offset + 1] = (float) (trend + beta * (next - level - trend));
    }

    @Override
    public double forecast(ForecastState s, int h) {
        float[] f = s.members();
        double level = f[offset] + damping[h] * f[offset + 1];
        return season == null ? level : level + season.ahead(s, h);
    }

    @Override
    public void forecastAll(ForecastState s, int maxHorizon, double[] out, int from, int stride) {
        float[] f = s.members();
        double level = f[offset];
        double trend = f[offset + 1];
        for (int h = 1; h <= maxHorizon; h++) {
            double x = level + damping[h] * trend;
            out[from + (h - 1) * stride] = season == null ? x : x + season.ahead(s, h);
        }
    }
}
