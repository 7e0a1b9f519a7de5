package io.prescale.ml.policy;

import io.prescale.ml.anomaly.Winsorised;
import io.prescale.ml.stats.Float16;
import io.prescale.ml.stats.Pinball;
import java.util.Arrays;

/**
 * The per-entity forecast behind the {@link PrescalePolicy}: the (1 − p)-quantile of demand L steps
 * ahead, learnt online from the entity's own misses by four learners and combined by their recent
 * pinball loss.
 *
 * <p><b>Statistics</b> (updated with each demand {@code d_s}): levels {@code ℓ_m, ℓ_s}, EWMAs of d
 * with α = 0.02 and 2·α_h; residual scales {@code r_f, r_s}, EWMAs of {@code |d_s − ℓ_f(s−L)|} with
 * α = 0.05 and α_h, where {@code ℓ_f} is learner A's level, {@code α_h = 1 − 2^(−1/h)} and h is the
 * config's half-life. {@code σ = max(ℓ_s, 1e−9)} is the entity's scale: features and corrections
 * are in units of it, so the same constants serve series of any magnitude. Everything here learns
 * from the demand winsorised against one outlier ({@link #winsorised}), not as it came.
 *
 * <p><b>Learners A and B</b> (scaled residual): {@code q = max(0, ℓ + z·r)} with ℓ an EWMA of d (α
 * = 0.2 for A, 0.4 for B) and r an EWMA of {@code |d_s − ℓ(s−L)|} (α = 0.01 for A, 0.05 for B);
 * after each step {@code z ← z + (0.0005 / p)(1[d > q] − p)}: adaptive conformal inference on the
 * residual score, whose long-run miss rate is p. B follows a fast-moving, noisy level (a web
 * server's request rate); A a steadier one.
 *
 * <p><b>Learner C</b> (online linear quantile regression) over the {@link LeadFeatures} x: {@code
 * q_C = max(0, w·x + θ_C)·σ}. w follows the pinball-loss subgradient {@code g = −(τ − 1[y <
 * w·x])x}, τ = 1 − p, with AdaGrad steps {@code w ← w − 0.1 g / √G} ({@code G ← G + g²}); {@code
 * θ_C ← θ_C + 0.01(1[d > q_C] − p)} calibrates it. The lags catch cron jobs, hourly and daily
 * cycles where a coarse profile cannot.
 *
 * <p><b>Learner D</b> (the entity's unconditional quantile): {@code q_D ← max(0, q_D + 0.03σ(1[d_s
 * > q_D] − p))}, a stochastic approximation of the (1 − p)-quantile of d itself. It moves by at
 * most 0.03σ a step, so it is scored on the value it had one step before rather than L. It wins
 * where demand is noise around a steady level and any conditioning on the recent past only adds
 * variance.
 *
 * <p><b>Combination</b>: each learner's pinball loss at τ, discounted by 0.995 per step, {@code
 * Λ_i}; weights {@code ∝ exp(−(Λ_i − min Λ) / (20 p σ))}; the forecast is the weighted mean of the
 * four quantiles, learner C's taken at most as high as the highest of the others and of its own
 * inputs ({@link #reach}). Memory: the history ring of {@code maxLag + L + 2} 16-bit floats ({@link
 * Float16}, 0.1 % precision, plenty for lag features; 292 at 5-minute steps), the regression's
 * weights and accumulators and the pending decisions as floats and 21 doubles of statistics; lags
 * longer than {@link #MAX_LAG_STEPS} steps are left out.
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

    static final int STATIC_Q = RESIDUAL_LEARNERS + 8;
    static final int LOSS_D = STATIC_Q + 1;

    /**
     * The history ring's binary shift ({@link Float16#shiftFor}): 0 until a demand reaches
     * 2<sup>31</sup> (memory or network in bytes), so that no demand is clamped.
     */
    static final int HISTORY_SHIFT = LOSS_D + 1;

    /** The last demand as it came, before {@link #winsorised}: a rise it matches is no outlier. */
    static final int LAST_DEMAND = HISTORY_SHIFT + 1;

    static final int SCALARS = LAST_DEMAND + 1;

    /**
     * A pending decision record: σ (NaN when nothing was decided from the model), the {@link
     * LeadFeatures#STORED} features, then each scaled-residual learner's level and quantile, then
     * learner C's quantile.
     */
    private static final int P_SCALE = 0;

    private static final int P_LEARNERS = 1 + LeadFeatures.STORED;
    private static final int P_QC = P_LEARNERS + 4;
    private static final int STRIDE = P_QC + 1;

    private static final double[] LEVEL_ALPHA = {0.2, 0.4};
    private static final double[] SCALE_ALPHA = {0.01, 0.05};
    private static final double QR_RATE = 0.1;
    private static final double C_GAIN = 0.01;
    private static final double A_GAIN = 0.0005;
    private static final double D_RATE = 0.03;
    private static final double LOSS_DISCOUNT = 0.995;
    private static final double TINY = 1e-9;

    private final double p;
    private final int lead;
    private final LeadFeatures lf;
    private final int features;
    private final int historySize;
    private final double slowAlpha;

    /** Scratch, reused by every step (one model per thread): the features, learners, losses. */
    private final double[] x;

    private final double[] q = new double[LEVEL_ALPHA.length + 2];
    private final double[] loss = new double[q.length];

    LeadQuantileModel(PrescaleConfig config) {
        this.p = config.targetViolation();
        this.lead = config.leadSteps();
        this.lf = new LeadFeatures(lead, config.stepsPerDay(), MAX_LAG_STEPS);
        this.features = lf.count();
        this.historySize = lf.historySize();
        this.slowAlpha = 1 - Math.pow(2, -1.0 / config.halfLifeSteps());
        this.x = new double[features];
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
        float[] pending = new float[(lead + 1) * STRIDE];
        for (int slot = 0; slot <= lead; slot++) {
            pending[slot * STRIDE + P_SCALE] = Float.NaN; // no decision recorded
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
    void observe(PrescaleState st, long s, double demand) {
        learn(st, s, winsorised(st, s, demand));
    }

    /**
     * Updates the statistics and the history with the demand {@code d} as {@link #observe} takes
     * it.
     */
    private void learn(PrescaleState st, long s, double d) {
        double[] sc = st.scalars();
        float[] pend = st.pending();
        int at = slot(s, lead + 1) * STRIDE;
        if (s == st.steps()[PrescaleState.FIRST]) {
            store(st, s, d);
            Arrays.fill(st.history(), st.history()[slot(s, historySize)]);
            sc[RESIDUAL_LEARNERS] = d;
            sc[RESIDUAL_LEARNERS + 4] = d;
            sc[LEVEL_MID] = d;
            sc[LEVEL_SLOW] = d;
            sc[STATIC_Q] = d;
        }
        double scale = pend[at + P_SCALE];
        if (!Double.isNaN(scale)) {
            learnRegression(st, s - lead, at, scale, d);
            learnResiduals(sc, pend, at, d);
        }
        double q = sc[STATIC_Q];
        sc[LOSS_D] = LOSS_DISCOUNT * sc[LOSS_D] + Pinball.loss(1 - p, d, q);
        sc[STATIC_Q] = Math.max(0, q + D_RATE * scale(st) * ((d > q ? 1 : 0) - p));
        for (int i = 0; i < LEVEL_ALPHA.length; i++) {
            int k = RESIDUAL_LEARNERS + 4 * i;
            sc[k] += LEVEL_ALPHA[i] * (d - sc[k]);
        }
        sc[LEVEL_MID] += 0.02 * (d - sc[LEVEL_MID]);
        sc[LEVEL_SLOW] += 2 * slowAlpha * (d - sc[LEVEL_SLOW]);
        store(st, s, d);
    }

    /**
     * The demand {@code d_s} as every statistic, learner and the history take it: a demand above
     * {@code b = ℓ_f + 10·max(σ, q_D − ℓ_f, h − ℓ_f)} (ℓ_f the fast level, σ the scale, q_D learner
     * D's unconditional quantile, h the highest demand the history ring holds: ten times the widest
     * reach the model knows above the level, the factor {@link Winsorised#LIMIT} the detectors use)
     * counts at most as high as the higher of b and its neighbours. The statistics take {@code
     * min(d_s, max(b, d_{s−1}))} at once; the history, which the floor and the lag features read,
     * raises it to {@code min(d_s, max(b, d_{s+1}))} when the next demand comes. So a level shift
     * or a burst is taken as it is from its second step on, and one outlier is cut. Taken raw, one
     * value of 10⁹ in a CPU series made σ, every level and residual scale, q_D and a day of lag
     * features about 10⁷ for days, and the allocation with them. A dip is taken as it is (demand is
     * at least 0).
     *
     * <p>The first demand has no level to be compared with, and no earlier neighbour: it is judged
     * at the second step, against the bound the second demand alone gives ({@code b = d_1 +
     * 10·d_1}, the rule above with every level, σ, q_D and h at {@code d_1}) and its one neighbour
     * {@code d_1}. If it is above {@code 11·d_1}, everything learnt from it is learnt again from
     * {@code 11·d_1} ({@link #relearnFirst}). Taken as it came, a first demand of 10⁹ in a CPU
     * series at 50 filled the history and every level with it, and the allocation was still 9,317
     * after two days. A large first demand followed by a small one is what the rule cuts anywhere
     * else in a series, so a first step it cuts is one it would cut later on; a session whose first
     * step really is ten times its second (a start-up burst) loses that step from its statistics,
     * not from its allocation, which the cold start takes from the demands as they came. After a
     * gap at the second step the first demand stays as it came: the gap repeated it, as a level.
     *
     * <p>Two outliers in a row are not cut: the second confirms the first, as the second step of a
     * level shift does, and at that step nothing tells the two apart. Telling them apart at the
     * third step would mean undoing what the second taught every statistic and learner, which needs
     * their values from before it (about as many doubles again as the state holds); learning every
     * shift from its third step instead only moves the gap to three outliers in a row, and makes
     * every real shift beyond the bound wait one step longer. No rule here does either.
     */
    private double winsorised(PrescaleState st, long s, double demand) {
        double[] sc = st.scalars();
        double previous = sc[LAST_DEMAND];
        sc[LAST_DEMAND] = demand;
        long first = st.steps()[PrescaleState.FIRST];
        if (s == first) {
            return demand;
        }
        if (s == first + 1 && previous > (1 + Winsorised.LIMIT) * demand) {
            relearnFirst(st, first, (1 + Winsorised.LIMIT) * demand);
        }
        double kept = demandAt(st, s - 1);
        if (kept < previous) {
            store(st, s - 1, Math.min(previous, Math.max(kept, demand)));
        }
        double level = fastLevel(sc);
        double bound = level + Winsorised.LIMIT * Math.max(sc[LEVEL_SLOW], sc[STATIC_Q] - level);
        if (demand <= bound || demand <= previous) {
            return demand;
        }
        bound = Math.max(bound, level + Winsorised.LIMIT * (highestInHistory(st) - level));
        return Math.min(demand, Math.max(bound, previous));
    }

    /**
     * Learns the first step again as if its demand had been {@code d}: the history (from a shift of
     * 0, so that a first demand of 10¹⁸ leaves no coarse shift behind), the levels and q_D; the
     * decision made at the first step, from the demand as it came, is not learnt from.
     */
    private void relearnFirst(PrescaleState st, long first, double d) {
        st.scalars()[HISTORY_SHIFT] = 0;
        learn(st, first, d);
        st.pending()[slot(first + lead, lead + 1) * STRIDE + P_SCALE] = Float.NaN;
    }

    /** The highest demand the history ring holds. */
    private static double highestInHistory(PrescaleState st) {
        int shift = (int) st.scalars()[HISTORY_SHIFT];
        double m = Double.NEGATIVE_INFINITY;
        for (short v : st.history()) {
            m = Math.max(m, Float16.decode(v, shift));
        }
        return m;
    }

    /** One AdaGrad pinball step of learner C on the decision made at {@code decided}. */
    private void learnRegression(PrescaleState st, long decided, int at, double scale, double d) {
        float[] w = st.model();
        lf.fill(st, decided, st.pending(), at + 1, scale, x);
        double tau = 1 - p;
        double pr = 0;
        for (int i = 0; i < features; i++) {
            pr += w[i] * x[i];
        }
        double coef = d / scale > pr ? -tau : 1 - tau;
        for (int i = 0; i < features; i++) {
            double g = coef * x[i];
            w[features + i] += g * g;
            w[i] -= QR_RATE * g / Math.sqrt(w[features + i]);
        }
        double[] sc = st.scalars();
        double qc = st.pending()[at + P_QC];
        sc[THETA_C] += C_GAIN * ((d > qc ? 1 : 0) - p);
        sc[LOSS_C] = LOSS_DISCOUNT * sc[LOSS_C] + Pinball.loss(tau, d, qc);
    }

    /** Residual scales, and learners A and B's calibration and losses. */
    private void learnResiduals(double[] sc, float[] pend, int at, double d) {
        double r = Math.abs(d - pend[at + P_LEARNERS]);
        sc[RESID_FAST] += 0.05 * (r - sc[RESID_FAST]);
        sc[RESID_SLOW] += slowAlpha * (r - sc[RESID_SLOW]);
        for (int i = 0; i < LEVEL_ALPHA.length; i++) {
            int k = RESIDUAL_LEARNERS + 4 * i;
            double ri = Math.abs(d - pend[at + P_LEARNERS + 2 * i]);
            double qi = pend[at + P_LEARNERS + 1 + 2 * i];
            sc[k + 1] += SCALE_ALPHA[i] * (ri - sc[k + 1]);
            sc[k + 2] += A_GAIN / p * ((d > qi ? 1 : 0) - p);
            sc[k + 3] = LOSS_DISCOUNT * sc[k + 3] + Pinball.loss(1 - p, d, qi);
        }
    }

    /**
     * The combined (1 − p)-quantile of demand at step {@code s + L}, decided at s after {@link
     * #observe}; records what the decision was made from in the pending slot of {@code s + L}.
     */
    double quantile(PrescaleState st, long s) {
        double[] sc = st.scalars();
        float[] pend = st.pending();
        int at = slot(s + lead, lead + 1) * STRIDE;
        double scale = scale(st);
        pend[at + P_SCALE] = (float) scale;
        pend[at + 1] = (float) (fastLevel(sc) / scale);
        pend[at + 2] = (float) (sc[LEVEL_MID] / scale);
        pend[at + 3] = (float) (sc[RESID_SLOW] / scale);
        pend[at + 4] = (float) (sc[RESID_FAST] / scale);
        lf.fill(st, s, pend, at + 1, scale, x);
        float[] w = st.model();
        double dot = 0;
        for (int i = 0; i < features; i++) {
            dot += w[i] * x[i];
        }
        q[0] = Math.max(0, dot + sc[THETA_C]) * scale;
        loss[0] = sc[LOSS_C];
        pend[at + P_QC] = (float) q[0];
        for (int i = 0; i < LEVEL_ALPHA.length; i++) {
            int k = RESIDUAL_LEARNERS + 4 * i;
            q[1 + i] = Math.max(0, sc[k] + sc[k + 2] * sc[k + 1]);
            loss[1 + i] = sc[k + 3];
            pend[at + P_LEARNERS + 2 * i] = (float) sc[k];
            pend[at + P_LEARNERS + 1 + 2 * i] = (float) q[1 + i];
        }
        q[q.length - 1] = sc[STATIC_Q];
        loss[q.length - 1] = sc[LOSS_D];
        q[0] = Math.min(q[0], reach(q, scale));
        return combine(q, loss, 20 * p * scale + TINY);
    }

    /**
     * The most learner C's quantile may put into the combination: the highest of the other
     * learners' quantiles and of C's own inputs in demand units (the recent peak, each seasonal
     * lag). C is scored and calibrated on its quantile as it came (the pending record's); only the
     * combination takes it capped. After a level shift the regression's misses raise its weights on
     * features measured in units of a scale σ that follows the new level slowly, so for hours C
     * forecast far above the new level and every other learner, and won the combination on the
     * pinball loss its few misses at the shift had spared it: a series stepping from 10 to 60 and
     * staying flat was allocated 154 two hours after the step, 77 at most with the cap. On the
     * shared traces the cap moves the costs at 1 % and 5 % by at most 0.3 % up and 0.9 % down, with
     * up to a tenth fewer scale actions ({@code BENCHMARKS.md}, backtest).
     */
    private double reach(double[] q, double scale) {
        double cap = q[1];
        for (int i = 2; i < q.length; i++) {
            cap = Math.max(cap, q[i]);
        }
        for (int i = 1 + LeadFeatures.STORED; i < features; i++) {
            cap = Math.max(cap, x[i] * scale);
        }
        return cap;
    }

    /** The mean of {@code q} weighted by {@code exp(−(loss − min loss) / temperature)}. */
    private static double combine(double[] q, double[] loss, double temperature) {
        double best = Double.POSITIVE_INFINITY;
        for (double l : loss) {
            best = Math.min(best, l);
        }
        double total = 0;
        double sum = 0;
        for (int i = 0; i < q.length; i++) {
            double weight = Math.exp(-(loss[i] - best) / temperature);
            total += weight;
            sum += weight * q[i];
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
        st.pending()[slot(forStep, lead + 1) * STRIDE + P_SCALE] = Float.NaN;
        recordAllocation(st, forStep, allocation);
    }

    /** Fills the history over missing steps with the last demand seen. */
    void fillGap(PrescaleState st, long step, double demand) {
        st.scalars()[LAST_DEMAND] = demand;
        store(st, step, demand);
    }

    /**
     * Keeps the demand of step s in the history ring, first raising the ring's shift (and
     * re-expressing what it holds) if the demand is beyond its range.
     */
    private void store(PrescaleState st, long s, double demand) {
        double[] sc = st.scalars();
        int shift = Float16.raise(demand, (int) sc[HISTORY_SHIFT], st.history());
        sc[HISTORY_SHIFT] = shift;
        st.history()[slot(s, historySize)] = Float16.encode(demand, shift);
    }

    /** The demand of step s as the history ring keeps it (rounded to {@link Float16}). */
    static double demandAt(PrescaleState st, long s) {
        int shift = (int) st.scalars()[HISTORY_SHIFT];
        return Float16.decode(st.history()[slot(s, st.history().length)], shift);
    }

    /** Whether {@code st} has the layout of this model's states (false for an older layout). */
    boolean fits(PrescaleState st) {
        return st.history().length == historySize
                && st.model().length == 2 * features
                && st.pending().length == (lead + 1) * STRIDE
                && st.scalars().length == SCALARS + lead + 1;
    }

    /**
     * Whether the entity has shown no demand at the scale's resolution (its slow level at most
     * {@value #TINY}): its learners' quantiles are then offsets times that floor, about 10⁻¹¹, not
     * demand.
     */
    boolean idle(PrescaleState st) {
        return !(st.scalars()[LEVEL_SLOW] > TINY);
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
