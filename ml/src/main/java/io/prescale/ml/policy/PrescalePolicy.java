package io.prescale.ml.policy;

import static io.prescale.ml.policy.PrescaleState.CURRENT;
import static io.prescale.ml.policy.PrescaleState.FIRST;
import static io.prescale.ml.policy.PrescaleState.FORECAST;
import static io.prescale.ml.policy.PrescaleState.LAST;
import static io.prescale.ml.policy.PrescaleState.LEASE;
import static io.prescale.ml.policy.PrescaleState.MEAN;
import static io.prescale.ml.policy.PrescaleState.THETA;

import java.util.Arrays;

/**
 * prescale's allocation policy: per entity, allocate the (1 − p)-quantile of demand at the lead,
 * corrected by feedback until the entity's realised violation rate is p.
 *
 * <p><b>Forecast.</b> Two forecasters ({@link Baseline}) learn from decaying histograms (half-life
 * h): the ratio of demand to the recent peak, and demand given the recent level. Each forecasts its
 * (1 − p)-quantile for {@code s + L} times {@code e^{θ_i}}, where its own correction {@code θ_i ←
 * θ_i + η (1[d_s > f_{i,s}] − p)} makes its own miss rate p; the policy follows the one whose
 * forecasts have been lower ({@link ForecastPair}).
 *
 * <p><b>Feedback.</b> When {@code d_s} arrives, the allocation {@code a_s} fixed at s − L is known,
 * and {@code θ ← θ + η (1[d_s > a_s] − p)}, clamped to [−5, 5], scales the followed forecast by
 * {@code e^θ}: a stochastic approximation of the level at which the long-run miss rate is p
 * (adaptive conformal inference in log space). It absorbs what the forecasts cannot see:
 * quantisation, hysteresis, leases, release, and switching between forecasters. Its long-run error
 * over T steps is at most about {@code 10 / (η T)}.
 *
 * <p><b>Actuation.</b> A rise is gated: when f exceeds the reactive level (the recent peak) and the
 * ratio histogram gives {@code P(d > current) < confidenceThreshold}, the allocation rises only to
 * the reactive level. While the forecast stays at or above the allocation the lease is renewed for
 * {@code stabilisationSteps}; after it expires the allocation is released towards f by {@code
 * releaseFactor} of the gap per step. Changes within {@code tolerance} are skipped; then {@link
 * Limits} quantise, rate-limit and clamp. Missing steps release as expired leases do.
 */
public final class PrescalePolicy implements AllocationPolicy<PrescaleState> {
    private static final int COLD_STEPS = 12;
    private static final double THETA_BOUND = 5;

    private final PrescaleConfig config;
    private final Baseline baseline;
    private final ForecastPair forecasts;
    private final double meanAlpha;

    public PrescalePolicy(PrescaleConfig config) {
        this(config, Baseline.MIN_OF);
    }

    public PrescalePolicy(PrescaleConfig config, Baseline baseline) {
        if (config == null || baseline == null) {
            throw new IllegalArgumentException("config and baseline must not be null");
        }
        this.config = config;
        this.baseline = baseline;
        this.forecasts = new ForecastPair(config);
        this.meanAlpha = 1 - Math.pow(2, -1.0 / config.halfLifeSteps());
    }

    public PrescaleConfig config() {
        return config;
    }

    @Override
    public String name() {
        return "prescale";
    }

    @Override
    public int leadSteps() {
        return config.leadSteps();
    }

    @Override
    public PrescaleState start(long gridStep, ClassProfile profile, DecisionSlot out) {
        int lead = config.leadSteps();
        double initial = profile == null ? config.defaultAllocation() : profile.startAllocation();
        initial = config.limits().apply(initial, initial);
        double theta = profile == null ? 0 : profile.correction();
        double[] pending = new double[3 * (lead + 1)];
        Arrays.fill(pending, initial);
        double[] scalars = new double[PrescaleState.SCALARS];
        scalars[THETA] = theta;
        scalars[CURRENT] = initial;
        scalars[FORECAST] = Double.NaN;
        scalars[PrescaleState.WEIGHT] = 1.0;
        PrescaleState st =
                new PrescaleState(
                        forecasts.emptyHistograms(),
                        new double[lead + 2],
                        pending,
                        scalars,
                        new long[] {gridStep, gridStep - 1, gridStep});
        DecisionReason why =
                profile == null
                        ? DecisionReason.COLD_START_DEFAULT
                        : DecisionReason.COLD_START_PROFILE;
        out.set(gridStep, initial, why, Double.NaN, 1 - config.targetViolation(), Double.NaN);
        return st;
    }

    @Override
    public void step(PrescaleState st, long gridStep, double demand, DecisionSlot out) {
        long s = gridStep;
        long[] steps = st.steps();
        double[] sc = st.scalars();
        int lead = config.leadSteps();
        releaseOverGap(st, s);
        int now = slot(s, lead + 1);
        double[] pending = st.pending();
        if (s >= steps[FIRST] + lead) {
            sc[THETA] = correct(sc[THETA], demand > pending[now]);
            if (s >= steps[FIRST] + lead + COLD_STEPS) {
                int k = PrescaleState.THETA_RATIO;
                sc[k] = correct(sc[k], demand > pending[lead + 1 + now]);
                k = PrescaleState.THETA_LEVEL;
                sc[k] = correct(sc[k], demand > pending[2 * (lead + 1) + now]);
            }
        }
        double[] ring = st.demands();
        sc[MEAN] = s == steps[FIRST] ? demand : sc[MEAN] + meanAlpha * (demand - sc[MEAN]);
        if (s - lead - 1 >= steps[FIRST]) {
            double pastPeak =
                    Math.max(ring[slot(s - lead, lead + 2)], ring[slot(s - lead - 1, lead + 2)]);
            forecasts.learn(st, demand, pastPeak);
        }
        double previous = s > steps[FIRST] ? ring[slot(s - 1, lead + 2)] : demand;
        ring[slot(s, lead + 2)] = demand;
        steps[LAST] = s;
        decide(st, s, Math.max(demand, previous), out);
        int next = slot(s + lead, lead + 1);
        pending[next] = out.allocation();
    }

    private double correct(double theta, boolean missed) {
        double t = theta + config.feedbackGain() * ((missed ? 1 : 0) - config.targetViolation());
        return Math.max(-THETA_BOUND, Math.min(THETA_BOUND, t));
    }

    /**
     * Ends the session at {@code gridStep}: releases everything (to the floor {@code min}) and
     * returns the class profile updated with this session ({@code profile} may be null).
     */
    public ClassProfile end(
            PrescaleState st,
            long gridStep,
            String className,
            ClassProfile profile,
            DecisionSlot out) {
        double forecast = st.scalars()[FORECAST];
        double level = Double.isNaN(forecast) ? st.currentAllocation() : forecast;
        double min = config.limits().min();
        st.scalars()[CURRENT] = min;
        st.steps()[LEASE] = gridStep;
        out.set(gridStep, min, DecisionReason.SESSION_END, forecast, Double.NaN, Double.NaN);
        return profile == null
                ? ClassProfile.first(className, level, st.correction())
                : profile.plus(level, st.correction());
    }

    private void decide(PrescaleState st, long s, double peak, DecisionSlot out) {
        double[] sc = st.scalars();
        long[] steps = st.steps();
        double current = sc[CURRENT];
        double p = config.targetViolation();
        long forStep = s + config.leadSteps();
        int lead = config.leadSteps();
        double level = Math.min(1, Math.max(0, 1 - p * Math.exp(-sc[THETA])));
        if (s - steps[FIRST] < COLD_STEPS || forecasts.isEmpty(st)) {
            double cold = Math.max(current, 2 * peak);
            st.pending()[lead + 1 + slot(forStep, lead + 1)] = cold;
            st.pending()[2 * (lead + 1) + slot(forStep, lead + 1)] = cold;
            finish(
                    st,
                    forStep,
                    current,
                    cold,
                    DecisionReason.COLD_START_DEFAULT,
                    Double.NaN,
                    level,
                    out);
            return;
        }
        double fr = forecasts.ratioForecast(st, peak);
        double fl = forecasts.levelForecast(st, peak);
        st.pending()[lead + 1 + slot(forStep, lead + 1)] = fr;
        st.pending()[2 * (lead + 1) + slot(forStep, lead + 1)] = fl;
        double followed = forecasts.follow(st, baseline, fr, fl);
        double f = followed * Math.exp(sc[THETA]);
        sc[FORECAST] = f;
        double wanted = f;
        DecisionReason why;
        double confidence = Double.NaN;
        if (f > current) {
            why = DecisionReason.SCALE_UP_FORECAST;
            if (config.confidenceThreshold() > 0 && f > peak) {
                confidence = forecasts.shareAbove(st, peak, current);
                if (confidence < config.confidenceThreshold()) {
                    wanted = Math.max(current, peak);
                    why = DecisionReason.HOLD_LOW_CONFIDENCE;
                }
            }
        } else if (s < steps[LEASE]) {
            wanted = current;
            why = DecisionReason.HOLD_STABILISING;
        } else {
            wanted = f + (current - f) * (1 - config.releaseFactor());
            why = DecisionReason.RELEASE_DECAY;
        }
        if (why != DecisionReason.HOLD_STABILISING
                && current > 0
                && Math.abs(wanted / current - 1) <= config.tolerance()) {
            wanted = current;
            why = DecisionReason.HOLD_STEADY;
        }
        out.confidence = confidence;
        finish(st, forStep, current, wanted, why, f, level, out);
    }

    private void finish(
            PrescaleState st,
            long forStep,
            double current,
            double wanted,
            DecisionReason reason,
            double f,
            double level,
            DecisionSlot out) {
        Limits limits = config.limits();
        double a = limits.apply(current, wanted);
        DecisionReason why = reason;
        if (a != wanted && why != DecisionReason.HOLD_STABILISING) {
            if (Math.abs(a - current) >= limits.maxChangePerStep()) {
                why = DecisionReason.RATE_LIMITED;
            } else if (a == limits.min() || a == limits.max()) {
                why = DecisionReason.CLAMPED;
            }
        }
        // the lease is renewed only while the forecast itself justifies the allocation
        if (!(f < a) || why == DecisionReason.COLD_START_DEFAULT) {
            st.steps()[LEASE] = forStep - config.leadSteps() + config.stabilisationSteps();
        }
        st.scalars()[CURRENT] = a;
        double confidence = why == DecisionReason.COLD_START_DEFAULT ? Double.NaN : out.confidence;
        out.set(forStep, a, why, f, level, confidence);
    }

    /**
     * Missing steps: nothing renews the lease, so once it expires the allocation decays towards the
     * floor {@code min} by {@code releaseFactor} of the gap per missing step.
     */
    private void releaseOverGap(PrescaleState st, long s) {
        long last = st.steps()[LAST];
        if (last < st.steps()[FIRST] || s <= last + 1) {
            return;
        }
        double[] sc = st.scalars();
        int lead = config.leadSteps();
        double floor = config.limits().min();
        double lastDemand = st.demands()[slot(last, lead + 2)];
        for (long g = last + 1; g < s; g++) {
            if (g >= st.steps()[LEASE]) {
                double wanted = floor + (sc[CURRENT] - floor) * (1 - config.releaseFactor());
                sc[CURRENT] = config.limits().apply(sc[CURRENT], wanted);
            }
            for (int k = 0; k < 3; k++) {
                st.pending()[k * (lead + 1) + slot(g + lead, lead + 1)] = sc[CURRENT];
            }
            st.demands()[slot(g, lead + 2)] = lastDemand;
        }
        st.steps()[LAST] = s - 1;
    }

    static int slot(long step, int size) {
        return (int) Math.floorMod(step, (long) size);
    }
}
