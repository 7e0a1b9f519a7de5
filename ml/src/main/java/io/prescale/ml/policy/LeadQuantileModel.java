package io.prescale.ml.policy;

import io.prescale.ml.stats.Float16;
import io.prescale.ml.stats.Pinball;
import java.util.Arrays;

/**
 * The per-entity forecast behind the {@link PrescalePolicy}: the (1 − p)-quantile of demand L steps
 * ahead, learnt online from the entity's own misses by two learners and combined by their recent
 * pinball loss.
 *
 * <p><b>Statistics</b> (updated with each demand {@code d_s}): levels {@code ℓ_m, ℓ_s}, EWMAs of d
 * with α = 0.02 and 2·α_h; residual scales {@code r_f, r_s}, EWMAs of {@code |d_s − ℓ_f(s−L)|} with
 * α = 0.05 and α_h, where {@code ℓ_f} is learner A's level, {@code α_h = 1 − 2^(−1/h)} and h is the
 * config's half-life. {@code σ = max(ℓ_s, 1e−9)} is the entity's scale: features and corrections
 * are in units of it, so the same constants serve series of any magnitude.
 *
 * <p><b>Learners A and B</b> (scaled residual): {@code q = max(0, ℓ + z·r)} with ℓ an EWMA of d (α
 * = 0.2 for A, 0.4 for B) and r an EWMA of {@code |d_s − ℓ(s−L)|} (α = 0.01 for A, 0.05 for B);
 * after each step {@code z ← z + (0.002 / p)(1[d > q] − p)}: adaptive conformal inference on the
 * residual score, whose long-run miss rate is p. B follows a fast-moving, noisy level (a web
 * server's request rate); A a steadier one.
 *
 * <p><b>Learner C</b> (online linear quantile regression): features x = (1, ℓ_f, ℓ_m, max(d_s,
 * d_{s−1}), r_s, r_f, and for each seasonal lag k of 1 h, 2 h, 8 h, 12 h and 1 day that fits the
 * history ring, {@code max(d_{t−k−1}, d_{t−k}, d_{t−k+1})} for the target step t) / σ; {@code q_C =
 * max(0, w·x + θ_C)·σ}. w follows the pinball-loss subgradient {@code g = −(τ − 1[y < w·x])x}, τ =
 * 1 − p, with AdaGrad steps {@code w ← w − 0.05 g / √G} ({@code G ← G + g²}); {@code θ_C ← θ_C +
 * 0.02(1[d > q_C] − p)} calibrates it. The lags catch cron jobs, hourly and daily cycles where a
 * coarse profile cannot.
 *
 * <p><b>Combination</b>: each learner's pinball loss at τ, discounted by 0.99 per step, {@code
 * Λ_i}; weights {@code ∝ exp(−(Λ_i − min Λ) / (20 p σ))}; the forecast is the weighted mean of the
 * three quantiles. Memory: the history ring of {@code maxLag + L + 2} 16-bit floats ({@link
 * Float16}, 0.1 % precision, plenty for lag features; 292 at 5-minute steps), the regression and
 * the pending decisions as floats and 17 doubles of statistics; lags longer than {@link
 * #MAX_LAG_STEPS} steps are left out.
 */
final class LeadQuantileModel {
    /** The longest seasonal lag kept, in steps: bounds the history ring (640 bytes). */
    static final int MAX_LAG_STEPS = 320;

    static final int LEVEL_MID = 3;
    static final int LEVEL_SLOW = 4;
    static final int RESID_FAST = 5;
    static final int RESID_SLOW = 6;
    static final int THETA_C = 7;
    static final int LOSS_C = 8;

    /** Scaled-residual learner i's level, residual scale, z and loss start at {@code 9 + 4i}. */
    private static final int RESIDUAL_LEARNERS = 9;

    static final int SCALARS = RESIDUAL_LEARNERS + 8;

    private static final int BASE_FEATURES = 6;
    private static final double[] LAG_HOURS = {1, 2, 8, 12, 24};
    private static final double[] LEVEL_ALPHA = {0.2, 0.4};
    private static final double[] SCALE_ALPHA = {0.01, 0.05};
    private static final double QR_RATE = 0.05;
    private static final double C_GAIN = 0.02;
    private static final double A_GAIN = 0.002;
    private static final double LOSS_DISCOUNT = 0.99;
    private static final double TINY = 1e-9;

    private final double p;
    private final int lead;
    private final int[] lags;
    private final int features;
    private final int stride;
    private final int historySize;
    private final double slowAlpha;

    LeadQuantileModel(PrescaleConfig config) {
        this.p = config.targetViolation();
        this.lead = config.leadSteps();
        this.lags =
                Arrays.stream(LAG_HOURS)
                        .mapToInt(h -> (int) Math.round(h * config.stepsPerDay() / 24.0))
                        .filter(k -> k >= lead + 1 && k <= MAX_LAG_STEPS)
                        .distinct()
                        .toArray();
        this.features = BASE_FEATURES + lags.length;
        this.stride = features + 6;
        int maxLag = lags.length == 0 ? 0 : lags[lags.length - 1];
        this.historySize = maxLag + lead + 2;
        this.slowAlpha = 1 - Math.pow(2, -1.0 / config.halfLifeSteps());
    }

    short[] emptyHistory() {
        return new short[historySize];
    }

    float[] emptyModel() {
        float[] m = new float[2 * features];
        m[1] = 1f; // start as the fast level
        Arrays.fill(m, features, 2 * features, 1e-8f);
        return m;
    }

    float[] emptyPending() {
        float[] pending = new float[(lead + 1) * stride];
        for (int slot = 0; slot <= lead; slot++) {
            pending[slot * stride + features] = Float.NaN; // no decision recorded
        }
        return pending;
    }

    /**
     * The named statistics ({@link #SCALARS} of them, the policy's own first), then the ring of the
     * L + 1 allocations decided for the steps ahead, kept exact, indexed by {@code step mod (L +
     * 1)}.
     */
    double[] emptyScalars() {
        double[] sc = new double[SCALARS + lead + 1];
        for (int i = 0; i < LEVEL_ALPHA.length; i++) {
            sc[RESIDUAL_LEARNERS + 4 * i + 2] = 2.0;
        }
        return sc;
    }

    /** Learner A's level, the fast level feature {@code ℓ_f}. */
    private static double fastLevel(double[] sc) {
        return sc[RESIDUAL_LEARNERS];
    }

    /**
     * Learns from {@code d_s}: scores the decision recorded for s (if any) and updates the
     * statistics and the history.
     */
    void observe(PrescaleState st, long s, double d) {
        double[] sc = st.scalars();
        float[] pend = st.pending();
        int at = slot(s, lead + 1) * stride;
        if (s == st.steps()[PrescaleState.FIRST]) {
            Arrays.fill(st.history(), Float16.encode(d));
            sc[RESIDUAL_LEARNERS] = d;
            sc[RESIDUAL_LEARNERS + 4] = d;
            sc[LEVEL_MID] = d;
            sc[LEVEL_SLOW] = d;
        }
        double scale = pend[at + features];
        if (!Double.isNaN(scale)) {
            learn(st, at, scale, d);
        }
        for (int i = 0; i < LEVEL_ALPHA.length; i++) {
            int k = RESIDUAL_LEARNERS + 4 * i;
            sc[k] += LEVEL_ALPHA[i] * (d - sc[k]);
        }
        sc[LEVEL_MID] += 0.02 * (d - sc[LEVEL_MID]);
        sc[LEVEL_SLOW] += 2 * slowAlpha * (d - sc[LEVEL_SLOW]);
        st.history()[slot(s, historySize)] = Float16.encode(d);
    }

    private void learn(PrescaleState st, int at, double scale, double d) {
        double[] sc = st.scalars();
        float[] pend = st.pending();
        float[] w = st.model();
        double tau = 1 - p;
        double y = d / scale;
        double pr = 0;
        for (int i = 0; i < features; i++) {
            pr += w[i] * pend[at + i];
        }
        double coef = y > pr ? -tau : 1 - tau;
        for (int i = 0; i < features; i++) {
            double g = coef * pend[at + i];
            w[features + i] += g * g;
            w[i] -= QR_RATE * g / Math.sqrt(w[features + i]);
        }
        double r = Math.abs(d - pend[at + features + 1]);
        sc[RESID_FAST] += 0.05 * (r - sc[RESID_FAST]);
        sc[RESID_SLOW] += slowAlpha * (r - sc[RESID_SLOW]);
        for (int i = 0; i < LEVEL_ALPHA.length; i++) {
            int k = RESIDUAL_LEARNERS + 4 * i;
            double ri = Math.abs(d - pend[at + features + 1 + 2 * i]);
            double qi = pend[at + features + 2 + 2 * i];
            sc[k + 1] += SCALE_ALPHA[i] * (ri - sc[k + 1]);
            sc[k + 2] += A_GAIN / p * ((d > qi ? 1 : 0) - p);
            sc[k + 3] = LOSS_DISCOUNT * sc[k + 3] + Pinball.loss(tau, d, qi);
        }
        double qc = pend[at + features + 5];
        sc[THETA_C] += C_GAIN * ((d > qc ? 1 : 0) - p);
        sc[LOSS_C] = LOSS_DISCOUNT * sc[LOSS_C] + Pinball.loss(tau, d, qc);
    }

    /**
     * The combined (1 − p)-quantile of demand at step {@code s + L}, decided at s after {@link
     * #observe}; records what the decision was made from in the pending slot of {@code s + L}.
     */
    double quantile(PrescaleState st, long s, double peak) {
        double[] sc = st.scalars();
        float[] pend = st.pending();
        float[] w = st.model();
        int at = slot(s + lead, lead + 1) * stride;
        double scale = Math.max(sc[LEVEL_SLOW], TINY);
        float[] x = pend;
        x[at] = 1;
        x[at + 1] = (float) (fastLevel(sc) / scale);
        x[at + 2] = (float) (sc[LEVEL_MID] / scale);
        x[at + 3] = (float) (peak / scale);
        x[at + 4] = (float) (sc[RESID_SLOW] / scale);
        x[at + 5] = (float) (sc[RESID_FAST] / scale);
        for (int i = 0; i < lags.length; i++) {
            long t = s + lead - lags[i];
            double m =
                    Math.max(demandAt(st, t - 1), Math.max(demandAt(st, t), demandAt(st, t + 1)));
            x[at + BASE_FEATURES + i] = (float) (m / scale);
        }
        double dot = 0;
        for (int i = 0; i < features; i++) {
            dot += w[i] * x[at + i];
        }
        double qc = Math.max(0, dot + sc[THETA_C]) * scale;
        pend[at + features] = (float) scale;
        pend[at + features + 5] = (float) qc;
        double temperature = 20 * p * scale + TINY;
        double best = sc[LOSS_C];
        for (int i = 0; i < LEVEL_ALPHA.length; i++) {
            best = Math.min(best, sc[RESIDUAL_LEARNERS + 4 * i + 3]);
        }
        double weight = Math.exp(-(sc[LOSS_C] - best) / temperature);
        double total = weight;
        double sum = weight * qc;
        for (int i = 0; i < LEVEL_ALPHA.length; i++) {
            int k = RESIDUAL_LEARNERS + 4 * i;
            double qi = Math.max(0, sc[k] + sc[k + 2] * sc[k + 1]);
            pend[at + features + 1 + 2 * i] = (float) sc[k];
            pend[at + features + 2 + 2 * i] = (float) qi;
            weight = Math.exp(-(sc[k + 3] - best) / temperature);
            total += weight;
            sum += weight * qi;
        }
        return sum / total;
    }

    /** Records the allocation decided for step {@code forStep}. */
    void recordAllocation(PrescaleState st, long forStep, double allocation) {
        st.scalars()[SCALARS + slot(forStep, lead + 1)] = allocation;
    }

    /** The allocation recorded for step s. */
    double allocationFor(PrescaleState st, long s) {
        return st.scalars()[SCALARS + slot(s, lead + 1)];
    }

    /** Marks step s as decided without a model (a gap or a cold start): nothing to learn from. */
    void recordWithoutModel(PrescaleState st, long forStep, double allocation) {
        st.pending()[slot(forStep, lead + 1) * stride + features] = Float.NaN;
        recordAllocation(st, forStep, allocation);
    }

    /** Fills the history over missing steps with the last demand seen. */
    void fillGap(PrescaleState st, long step, double demand) {
        st.history()[slot(step, historySize)] = Float16.encode(demand);
    }

    /** The demand of step s as the history ring keeps it (rounded to {@link Float16}). */
    static double demandAt(PrescaleState st, long s) {
        return Float16.decode(st.history()[slot(s, st.history().length)]);
    }

    /** The entity's demand scale σ. */
    double scale(PrescaleState st) {
        return Math.max(st.scalars()[LEVEL_SLOW], TINY);
    }

    /**
     * {@code P(d > c)} for a forecast quantile f at level 1 − p: an exponential tail anchored at f
     * with mean excess {@code r_s}, {@code min(1, p·e^{−(c − f)/r_s})}.
     */
    double exceedance(PrescaleState st, double f, double c) {
        double tail = Math.max(st.scalars()[RESID_SLOW], TINY);
        return Math.min(1, p * Math.exp(-(c - f) / tail));
    }

    static int slot(long step, int size) {
        return (int) Math.floorMod(step, (long) size);
    }
}
