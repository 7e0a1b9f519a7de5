package io.prescale.ml.forecast;

/**
 * Online AR(p) with intercept on the deseasonalised series x = y − S(t), fitted by recursive least
 * squares with forgetting factor λ (own O(p²) code, no matrix library).
 *
 * <p>Values are normalised {@code u = clip((x − m) / σ, ±8)} by a slow mean m and mean absolute
 * deviation σ (rates 0.01 and 0.02 per step, running averages until then) so the regression is well
 * conditioned at any magnitude; with regressors φ = [u_{t−1}, …, u_{t−p}, 1]:
 *
 * <pre>
 *   v = P φ,  k = v / (λ + φᵀ v),  e = clip(u_t − θᵀ φ, ±5)
 *   θ ← θ + k e,   P ← (P − k vᵀ) / λ      (no division by λ while trace P > 10⁴: no wind-up
 *                                            on a constant series)
 * </pre>
 *
 * The h-step forecast iterates the recursion on its own forecasts (clipped like the inputs) and
 * adds S(t + h) back; the path for h = 1..H is computed once per update into the state's scratch.
 *
 * <p>State {@code [m, σ, θ (p + 1), P (upper triangle, (p + 1)(p + 2)/2), x_{t−1..t−p} (ring by
 * update count)]}.
 */
final class RlsArForecaster implements Forecaster {
    private static final int MEAN = 0;
    private static final int SCALE = 1;
    private static final int THETA = 2;

    /** Forgetting factor per step. */
    static final double LAMBDA = Double.parseDouble(System.getProperty("fc.lambda", "0.995"));

    private static final double MEAN_RATE = 0.01;
    private static final double SCALE_RATE = 0.02;
    private static final double CLIP = 8;
    private static final double ERROR_CLIP = 5;
    private static final double TRACE_MAX = 1e4;
    private static final double P0 = 1;

    private final int offset;
    private final Seasonality season;
    private final long stepSeconds;
    private final int p;
    private final int n;
    private final int pOffset;
    private final int lagOffset;
    private final int maxHorizon;

    /** Scratch layout: path (H), φ (p + 1), v (p + 1), iterate buffer (p). */
    private final int phi;

    private final int v;
    private final int work;

    RlsArForecaster(int offset, Seasonality season, ForecastConfig config) {
        this.offset = offset;
        this.season = season;
        this.stepSeconds = config.stepSeconds();
        this.p = config.arOrder();
        this.n = p + 1;
        this.pOffset = offset + THETA + n;
        this.lagOffset = pOffset + n * (n + 1) / 2;
        this.maxHorizon = config.maxHorizon();
        this.phi = maxHorizon;
        this.v = phi + n;
        this.work = v + n;
    }

    /** Floats of state for AR(p). */
    static int floats(ForecastConfig config) {
        int n = config.arOrder() + 1;
        return THETA + n + n * (n + 1) / 2 + config.arOrder();
    }

    /** Doubles of scratch: the path and the RLS temporaries. */
    static int scratchDoubles(ForecastConfig config) {
        return config.maxHorizon() + 3 * config.arOrder() + 2;
    }

    @Override
    public String name() {
        return "ar";
    }

    @Override
    public void start(ForecastState s, long epochSeconds, double value) {
        float[] f = s.members();
        double x = value - season.offset(s, epochSeconds);
        f[offset + MEAN] = (float) x;
        f[offset + SCALE] = 0;
        for (int i = 0; i < n; i++) {
            f[offset + THETA + i] = 0;
            for (int j = i; j < n; j++) {
                f[pOffset + packed(i, j)] = i == j ? (float) P0 : 0;
            }
        }
        for (int i = 0; i < p; i++) {
            f[lagOffset + i] = (float) x;
        }
        path(s, 0);
    }

    @Override
    public void update(ForecastState s, long epochSeconds, double value) {
        float[] f = s.members();
        long count = s.clock()[ForecastState.STEPS];
        double x = value - season.offset(s, epochSeconds);
        double m = f[offset + MEAN];
        double sigma = f[offset + SCALE];
        if (count >= p && sigma > 0) {
            double[] w = s.scratch();
            for (int i = 0; i < p; i++) {
                w[phi + i] = normal(f[lagOffset + (int) ((count - 1 - i) % p)], m, sigma);
            }
            w[phi + p] = 1;
            learn(f, w, normal(x, m, sigma));
        }
        double rate = Math.max(MEAN_RATE, 1.0 / (count + 1));
        m += rate * (x - m);
        double floor = 1e-6 * Math.abs(m) + 1e-30;
        sigma += Math.max(SCALE_RATE, 1.0 / (count + 1)) * (Math.abs(x - m) - sigma);
        f[offset + MEAN] = (float) m;
        f[offset + SCALE] = (float) Math.max(sigma, floor);
        f[lagOffset + (int) (count % p)] = (float) x;
        path(s, count);
    }

    @Override
    public double forecast(ForecastState s, int h) {
        long target = s.clock()[ForecastState.LAST_TIME] + h * stepSeconds;
        return s.scratch()[h - 1] + season.offset(s, target);
    }

    /** Recomputes the deseasonalised path after a decode (the scratch is not encoded). */
    void restore(ForecastState s) {
        path(s, s.clock()[ForecastState.STEPS] - 1);
    }

    private void learn(float[] f, double[] w, double target) {
        double denominator = LAMBDA;
        double predicted = 0;
        for (int i = 0; i < n; i++) {
            double vi = 0;
            for (int j = 0; j < n; j++) {
                vi += f[pOffset + packed(i, j)] * w[phi + j];
            }
            w[v + i] = vi;
            denominator += w[phi + i] * vi;
            predicted += f[offset + THETA + i] * w[phi + i];
        }
        double error = Math.max(-ERROR_CLIP, Math.min(ERROR_CLIP, target - predicted));
        double trace = 0;
        for (int i = 0; i < n; i++) {
            f[offset + THETA + i] += (float) (w[v + i] / denominator * error);
            trace += f[pOffset + packed(i, i)];
        }
        double forget = trace > TRACE_MAX ? 1 : LAMBDA;
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                int ij = pOffset + packed(i, j);
                f[ij] = (float) ((f[ij] - w[v + i] * w[v + j] / denominator) / forget);
            }
        }
    }

    /**
     * The deseasonalised forecasts for h = 1..H into scratch[0..H), from the lags up to update
     * index {@code newest}. Relative time r (0 the newest value, negative older, positive
     * forecasts) lives in the work ring at {@code r mod p}.
     */
    private void path(ForecastState s, long newest) {
        float[] f = s.members();
        double[] w = s.scratch();
        double m = f[offset + MEAN];
        double sigma = Math.max(f[offset + SCALE], 1e-30);
        for (int i = 0; i < p; i++) {
            float lag = f[lagOffset + (int) Math.floorMod(newest - i, (long) p)];
            w[work + Math.floorMod(-i, p)] = normal(lag, m, sigma);
        }
        for (int h = 1; h <= maxHorizon; h++) {
            double u = f[offset + THETA + p];
            for (int i = 1; i <= p; i++) {
                u += f[offset + THETA + i - 1] * w[work + Math.floorMod(h - i, p)];
            }
            u = Math.max(-CLIP, Math.min(CLIP, u));
            w[work + Math.floorMod(h, p)] = u;
            w[h - 1] = m + sigma * u;
        }
    }

    private static double normal(double x, double m, double sigma) {
        return Math.max(-CLIP, Math.min(CLIP, (x - m) / sigma));
    }

    /** Index of (i, j) in the packed upper triangle of an n × n symmetric matrix. */
    private int packed(int i, int j) {
        if (i > j) {
            return packed(j, i);
        }
        return i * n - i * (i - 1) / 2 + (j - i);
    }
}
