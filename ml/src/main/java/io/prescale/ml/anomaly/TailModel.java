package io.prescale.ml.anomaly;

/**
 * The tail probability of a detector's statistic under its own recent history, by peaks over a
 * threshold (Pickands–Balkema–de Haan; as in SPOT, Siffer et al., KDD 2017) with an exponential
 * tail.
 *
 * <p>Four numbers per statistic, kept as floats in the caller's state array at {@code offset}: the
 * count {@code n}, the tracked {@code (1 − τ)}-quantile {@code u}, the mean excess {@code β} of the
 * statistic over {@code u} and the count {@code k} of exceedances (counts stop at 2<sup>24</sup>).
 * The statistic is taken in single precision too, so that a value repeated exactly meets the
 * quantile it set exactly (a flat series would otherwise be scored on rounding). Single precision
 * holds the tracking steps of {@code u} (about {@code β / m}) unless {@code |u| / β} passes
 * 2<sup>23</sup> / m, some 8,000 for m = 1,000. Then
 *
 * <pre>
 *   p(s) = min(1, τ · exp(−(s − u) / β))
 * </pre>
 *
 * i.e. τ at the quantile, the fitted exponential tail above it, and (continuously) 1 further below.
 * Learning, after scoring: {@code u ← u + γ (1[s > u] − τ)} with step {@code γ = β / (τ min(max(n,
 * 1/τ), m))} (stochastic quantile tracking whose memory is about {@code m} points), and on an
 * exceedance {@code β ← β + (min(s − u, 10 β) − β) / min(k, τ m)} over the {@code k}-th exceedance
 * (excesses winsorised at 10 β so one outlier cannot blow the scale up). Until {@code warmup}
 * points have been seen {@code p = 1}. A non-finite statistic means "as extreme as can be": {@code
 * p = 0}, and it is not learnt. {@code p} is not floored at {@link AnomalyScore#MIN_PROBABILITY}: a
 * floor before a combination's Bonferroni factors would cap every score below 1.
 *
 * <p><b>Scale floor.</b> On a constant statistic (a series idle at one value) {@code u} settles on
 * the value and every exceedance is a rounding step, so {@code β} shrinks by about {@code 1 / (τ
 * m)} per exceedance until nothing is left of it: the first small change afterwards is then
 * billions of {@code β} out. The variants taking {@code floor} use {@code max(β, floor)} wherever
 * {@code β} appears (scoring, winsorising, stepping, the first value's {@code β}), where the caller
 * knows a least sensible scale in the statistic's units; the others use a floor of 0 (in every case
 * {@code β ≥ 10^−12}).
 *
 * @param tau the tail level τ, e.g. 0.02
 * @param memory the memory m of the estimates, in points
 * @param warmup points before any probability below 1 is reported
 */
public record TailModel(double tau, int memory, int warmup) {
    /** Slots used in the state array. */
    public static final int SLOTS = 4;

    private static final int N = 0;
    private static final int U = 1;
    private static final int BETA = 2;
    private static final int EXCEEDANCES = 3;
    private static final double TINY = 1e-12;

    public TailModel {
        if (!(tau > 0 && tau < 0.5)) {
            throw new IllegalArgumentException("tail level tau must be in (0, 0.5), was " + tau);
        }
        if (memory < 1 || warmup < 0) {
            throw new IllegalArgumentException(
                    "memory must be >= 1 and warmup >= 0, were " + memory + ", " + warmup);
        }
    }

    /**
     * The probability of {@code s} under the state at {@code offset}, in [0, 1] and not floored,
     * without learning it.
     */
    public double probability(float[] state, int offset, double s) {
        return probability(state, offset, s, 0);
    }

    /** {@link #probability(float[], int, double)} with {@code β} at least {@code floor}. */
    public double probability(float[] state, int offset, double s, double floor) {
        if (Double.isNaN(s)) {
            return 1.0;
        }
        if (!Double.isFinite(s)) {
            return s > 0 ? 0.0 : 1.0;
        }
        if (state[offset + N] < warmup) {
            return 1.0;
        }
        double beta = floored(state[offset + BETA], floor);
        double z = (StateCodec.toFloat(s) - state[offset + U]) / beta;
        return Math.min(1.0, tau * Math.exp(-z));
    }

    /** Learns {@code s} into the state at {@code offset} (non-finite values are skipped). */
    public void learn(float[] state, int offset, double statistic) {
        learn(state, offset, statistic, 0);
    }

    /** {@link #learn(float[], int, double)} with {@code β} at least {@code floor}. */
    public void learn(float[] state, int offset, double statistic, double floor) {
        if (!Double.isFinite(statistic)) {
            return;
        }
        float s = StateCodec.toFloat(statistic);
        double n = state[offset + N] + 1;
        state[offset + N] = (float) Math.min(n, StateCodec.COUNT_CAP);
        if (n == 1) {
            state[offset + U] = s;
            state[offset + BETA] = (float) floored(StateCodec.toFloat(Math.abs(s) * 0.1), floor);
            return;
        }
        double u = state[offset + U];
        double beta = floored(state[offset + BETA], floor);
        double rate = 1.0 / (tau * Math.min(Math.max(n, 1.0 / tau), memory));
        if (s > u) {
            double k = state[offset + EXCEEDANCES] + 1;
            state[offset + EXCEEDANCES] = (float) Math.min(k, StateCodec.COUNT_CAP);
            double excess = Math.min(s - u, 10 * beta);
            beta += (excess - beta) / Math.min(k, tau * memory);
            state[offset + U] = StateCodec.finiteOr(u + beta * rate * (1 - tau), u);
        } else {
            state[offset + U] = StateCodec.finiteOr(u - beta * rate * tau, u);
        }
        state[offset + BETA] = (float) floored(StateCodec.finiteOr(beta, TINY), floor);
    }

    private static double floored(double beta, double floor) {
        return Math.max(beta, Double.isFinite(floor) && floor > TINY ? floor : TINY);
    }

    /** {@link #probability} then {@link #learn}. */
    public double probabilityThenLearn(float[] state, int offset, double s) {
        return probabilityThenLearn(state, offset, s, 0);
    }

    /** {@link #probability} then {@link #learn}, with {@code β} at least {@code floor}. */
    public double probabilityThenLearn(float[] state, int offset, double s, double floor) {
        double p = probability(state, offset, s, floor);
        learn(state, offset, s, floor);
        return p;
    }
}
