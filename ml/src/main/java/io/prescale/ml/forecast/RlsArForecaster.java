package io.prescale.ml.forecast;

/**
 * Online AR(p) with intercept on the deseasonalised series x = y − S(t) (or on its first
 * differences, ARI(p, 1), see {@link Spec}), fitted by recursive least squares with forgetting
 * factor λ (own O(p²) code, no matrix library).
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
 * The h-step forecast iterates the recursion on its own forecasts (clipped like the inputs), sums
 * them when differenced, and adds S(t + h) back; the path for h = 1..H is computed once per update
 * into the state's scratch.
 *
 * <p>State {@code [m, σ, last x, θ (p + 1), P (upper triangle, (p + 1)(p + 2)/2), the last p
 * regressands (ring by update count)]}.
 */
final class RlsArForecaster implements Forecaster {
    private static final int MEAN = 0;
    private static final int SCALE = 1;
    private static final int LAST = 2;
    private static final int THETA = 3;

    /** Forgetting factor per step of the default AR member. */
    static final double LAMBDA = 0.995;

    private static final double MEAN_RATE = 0.01;
    private static final double SCALE_RATE = 0.02;
    private static final double CLIP = 8;
    private static final double ERROR_CLIP = 5;
    private static final double TRACE_MAX = 1e4;
    private static final double P0 = 1;

    private final String name;
    private final double lambda;
    private final boolean differenced;
    private final int offset;
    private final Seasonality season;
    private final int p;
    private final int n;
    private final int pOffset;
    private final int lagOffset;
    private final int maxHorizon;

    /** {@code diagonal[i]}: offset of P(i, i) from the start of the packed triangle. */
    private final int[] diagonal;

    /**
     * Scratch: the normalised path {@code u} (p lags, oldest first, then h = 1..H), φ and v of the
     * RLS step (n each), then the deseasonalised forecasts for h = 1..H.
     */
    private final int path;

    private final int phi;
    private final int v;
    private final int levels;

    /**
     * What distinguishes one AR member from another.
     *
     * @param name its model name
     * @param lambda forgetting factor per step, in (0.9, 1]
     * @param differenced whether it models the first differences of x (ARI(p, 1)) instead of x
     * @param order p, 1..12
     */
    record Spec(String name, double lambda, boolean differenced, int order) {
        Spec {
            if (!(lambda > 0.9 && lambda <= 1)) {
                throw new IllegalArgumentException("lambda must be in (0.9, 1], was " + lambda);
            }
            if (order < 1 || order > 12) {
                throw new IllegalArgumentException("order must be in 1..12, was " + order);
            }
        }

        /** Floats of state. */
        int floats() {
            int n = order + 1;
            return THETA + n + n * (n + 1) / 2 + order;
        }

        /** Doubles of scratch: the path, the RLS temporaries and the forecasts. */
        int scratchDoubles(ForecastConfig config) {
            return 2 * config.maxHorizon() + 3 * order + 2;
        }
    }

    RlsArForecaster(
            Spec spec, int offset, Seasonality season, ForecastConfig config, int scratchOffset) {
        this.name = spec.name();
        this.lambda = spec.lambda();
        this.differenced = spec.differenced();
        this.offset = offset;
        this.season = season;
        this.p = spec.order();
        this.n = p + 1;
        this.pOffset = offset + THETA + n;
        this.lagOffset = pOffset + n * (n + 1) / 2;
        this.maxHorizon = config.maxHorizon();
        this.diagonal = new int[n];
        for (int i = 0; i < n; i++) {
            diagonal[i] = i * n - i * (i - 1) / 2;
        }
        this.path = scratchOffset;
        this.phi = path + p + maxHorizon;
        this.v = phi + n;
        this.levels = v + n;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void start(ForecastState s, long epochSeconds, double value) {
        float[] f = s.members();
        f[offset + MEAN] = differenced ? 0 : (float) value;
        f[offset + SCALE] = 0;
        f[offset + LAST] = (float) value;
        int at = pOffset;
        for (int i = 0; i < n; i++) {
            f[offset + THETA + i] = 0;
            for (int j = i; j < n; j++) {
                f[at++] = i == j ? (float) P0 : 0;
            }
        }
        for (int i = 0; i < p; i++) {
            f[lagOffset + i] = differenced ? 0 : (float) value;
        }
        forecastPath(s, 0);
    }

    @Override
    public void update(ForecastState s, long epochSeconds, double value) {
        float[] f = s.members();
        long count = s.clock()[ForecastState.STEPS];
        double level = value - season.current(s);
        double x = differenced ? level - f[offset + LAST] : level;
        f[offset + LAST] = (float) level;
        double m = f[offset + MEAN];
        double sigma = f[offset + SCALE];
        int slot = (int) (count % p);
        if (count >= p && sigma > 0) {
            double[] w = s.scratch();
            double inverse = 1 / sigma;
            for (int i = 0; i < p; i++) {
                int j = slot - 1 - i;
                w[phi + i] = normal(f[lagOffset + (j < 0 ? j + p : j)], m, inverse);
            }
            w[phi + p] = 1;
            learn(f, w, normal(x, m, inverse));
        }
        m += Math.max(MEAN_RATE, 1.0 / (count + 1)) * (x - m);
        sigma += Math.max(SCALE_RATE, 1.0 / (count + 1)) * (Math.abs(x - m) - sigma);
        f[offset + MEAN] = (float) m;
        f[offset + SCALE] = (float) Math.max(sigma, 1e-6 * Math.abs(level) + 1e-30);
        f[lagOffset + slot] = (float) x;
        forecastPath(s, slot);
    }

    @Override
    public double forecast(ForecastState s, int h) {
        return s.scratch()[levels + h - 1] + season.ahead(s, h);
    }

    /** Recomputes the path after a decode (the scratch is not encoded). */
    void restore(ForecastState s) {
        forecastPath(s, (int) Math.floorMod(s.clock()[ForecastState.STEPS] - 1, (long) p));
    }

    private void learn(float[] f, double[] w, double target) {
        // v = P φ over the packed upper triangle: each off-diagonal element serves (i, j) and (j,
        // i).
        for (int i = 0; i < n; i++) {
            w[v + i] = 0;
        }
        int at = pOffset;
        for (int i = 0; i < n; i++) {
            double phiI = w[phi + i];
            double vi = w[v + i] + f[at++] * phiI;
            for (int j = i + 1; j < n; j++) {
                double pij = f[at++];
                vi += pij * w[phi + j];
                w[v + j] += pij * phiI;
            }
            w[v + i] = vi;
        }
        double denominator = lambda;
        double predicted = 0;
        for (int i = 0; i < n; i++) {
            denominator += w[phi + i] * w[v + i];
            predicted += f[offset + THETA + i] * w[phi + i];
        }
        double gain = 1 / denominator;
        double error = Clip.symmetric(target - predicted, ERROR_CLIP) * gain;
        double trace = 0;
        for (int i = 0; i < n; i++) {
            f[offset + THETA + i] += (float) (w[v + i] * error);
            trace += f[pOffset + diagonal[i]];
        }
        double forget = trace > TRACE_MAX ? 1 : 1 / lambda;
        int ij = pOffset;
        for (int i = 0; i < n; i++) {
            double vi = w[v + i] * gain;
            for (int j = i; j < n; j++, ij++) {
                f[ij] = (float) ((f[ij] - vi * w[v + j]) * forget);
            }
        }
    }

    /**
     * The forecasts for h = 1..H, from the lags up to the one in ring slot {@code newest}: the
     * normalised path {@code u_h = θ_p + Σ_i θ_{i−1} u_{h−i}}, clipped to ±8, then {@code x̂_h = m
     * + σ u_h} (summed onto the last x when differenced).
     */
    private void forecastPath(ForecastState s, int newest) {
        float[] f = s.members();
        double[] w = s.scratch();
        double m = f[offset + MEAN];
        double sigma = Math.max(f[offset + SCALE], 1e-30);
        double inverse = 1 / sigma;
        for (int i = 0; i < p; i++) {
            int j = newest - i;
            w[path + p - 1 - i] = normal(f[lagOffset + (j < 0 ? j + p : j)], m, inverse);
        }
        double level = differenced ? f[offset + LAST] : 0;
        double intercept = f[offset + THETA + p];
        for (int h = p; h < p + maxHorizon; h++) {
            // Two partial sums: half the dependency chain of one.
            double even = intercept;
            double odd = 0;
            int i = 0;
            for (; i + 1 < p; i += 2) {
                even += f[offset + THETA + i] * w[path + h - 1 - i];
                odd += f[offset + THETA + i + 1] * w[path + h - 2 - i];
            }
            if (i < p) {
                even += f[offset + THETA + i] * w[path + h - 1 - i];
            }
            double u = even + odd;
            u = Clip.symmetric(u, CLIP);
            w[path + h] = u;
            double x = m + sigma * u;
            level = differenced ? level + x : x;
            w[levels + h - p] = level;
        }
    }

    private static double normal(double x, double m, double inverseSigma) {
        return Clip.symmetric((x - m) * inverseSigma, CLIP);
    }

    @Override
    public void forecastAll(ForecastState s, int maxHorizon, double[] out, int from, int stride) {
        double[] w = s.scratch();
        for (int h = 1; h <= maxHorizon; h++) {
            out[from + (h - 1) * stride] = w[levels + h - 1] + season.ahead(s, h);
        }
    }
}
