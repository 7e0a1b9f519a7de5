package io.prescale.ml.policy;

import static io.prescale.ml.policy.PrescaleState.FIRST;
import static io.prescale.ml.policy.PrescaleState.LAST;
import static io.prescale.ml.policy.PrescaleState.LEASE;

import io.prescale.ml.session.GapRelease;

/**
 * prescale's allocation policy: per entity, allocate the (1 − p)-quantile of demand at the lead,
 * corrected by feedback until the entity's realised violation rate is p.
 *
 * <p><b>Forecast.</b> {@link LeadQuantileModel} learns the entity's (1 − p)-quantile of demand L
 * steps ahead from its own history (two scaled-residual learners, an online quantile regression
 * over levels, recent peak and seasonal lags, and the entity's unconditional quantile, combined by
 * recent pinball loss).
 *
 * <p><b>Feedback.</b> When {@code d_s} arrives, the allocation {@code a_s} fixed at s − L is known,
 * and {@code θ ← θ + (η/p)(1[d_s > a_s] − p)}, clamped to [−20, 20], shifts the forecast by {@code
 * θ·σ} (σ the entity's demand scale): a stochastic approximation of the level at which the long-run
 * miss rate is p (adaptive conformal inference). It absorbs what the forecast cannot see:
 * quantisation, hysteresis, leases, release. Its long-run error over T steps is at most about
 * {@code 40p / (η T)}. The gain scales as 1/p because a rare miss must move θ as far as the many
 * hits between two misses move it back; at a fixed gain the frequent misses of a loose target add
 * noise that costs more than the slower tracking of a tight one. The forecast is then floored at
 * the smallest of the last L + 1 demands ({@link #recentFloor}). A step whose allocation was held
 * at {@code max} ({@link Limits}, an override's cap) is not counted: with demand above the cap
 * every step missed, θ rose for as long as the cap lasted, and once it was lifted the allocation
 * stood that many σ above demand for as long as the hits took to bring θ back, at η a step weeks (a
 * tester's entity at 50 % was allocated 258 % after a 20-hour cap of 45).
 *
 * <p><b>Cold start.</b> A session starts at its class profile's level (else at {@code
 * defaultAllocation}) and, for its first {@code COLD_STEPS} steps, before the learners have its own
 * history, holds the profile's level while demand stays within it; without a profile, or once
 * demand has gone above it, it takes twice the recent peak (never less than it holds). Until the
 * session has {@code YOUNG_STEPS} steps of its own, the forecast is then taken no lower than the
 * session's peak so far ({@link #youngFloor}).
 *
 * <p><b>Actuation.</b> A rise is gated: when f exceeds the reactive level (the recent peak) and
 * {@code P(d > current) < confidenceThreshold}, the allocation rises only to the reactive level.
 * While the forecast stays at or above the allocation the lease is renewed for {@code
 * stabilisationSteps}; after it expires the allocation is released towards f by {@code
 * releaseFactor} of the gap per step (towards a forecast at or below the floor as over a gap, see
 * {@link GapRelease}: it reaches the floor in a few steps instead of approaching it for ever).
 * Changes within {@code tolerance} are skipped; then {@link Limits} quantise, rate-limit and clamp.
 * Missing steps release as expired leases do, over k steps from the later of the lease expiry and
 * the gap's first missing step.
 *
 * <p>Holds configuration and its model's scratch arrays: one instance per thread (the job keeps one
 * per operator instance, the backtest one per run).
 */
public final class PrescalePolicy implements AllocationPolicy<PrescaleState> {
    static final int THETA = 0;
    static final int CURRENT = 1;
    static final int FORECAST = 2;

    private static final int COLD_STEPS = 12;

    /** How long a session is young: three cold starts, 3 hours at 5-minute steps. */
    private static final int YOUNG_STEPS = 3 * COLD_STEPS;

    private static final double THETA_BOUND = 20;

    private final PrescaleConfig config;
    private final LeadQuantileModel model;

    public PrescalePolicy(PrescaleConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("config must not be null");
        }
        this.config = config;
        this.model = new LeadQuantileModel(config);
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

    /**
     * Whether {@code st} has the layout of this policy's states: false for a state restored from an
     * older version (or another lead), which must start again rather than be misread.
     */
    public boolean fits(PrescaleState st) {
        return model.fits(st);
    }

    @Override
    public PrescaleState start(long gridStep, ClassProfile profile, DecisionSlot out) {
        double initial = profile == null ? config.defaultAllocation() : profile.startAllocation();
        initial = config.limits().apply(initial, initial);
        double[] scalars = model.emptyScalars();
        scalars[THETA] = profile == null ? 0 : profile.correction();
        scalars[CURRENT] = initial;
        // through the cold start, the class's level stands for the session's own forecast
        scalars[FORECAST] = profile == null ? Double.NaN : initial;
        PrescaleState st =
                new PrescaleState(
                        model.emptyHistory(),
                        model.emptyModel(),
                        model.emptyPending(),
                        scalars,
                        new long[] {gridStep, gridStep - 1, gridStep});
        for (long t = gridStep; t <= gridStep + config.leadSteps(); t++) {
            model.recordWithoutModel(st, t, initial);
        }
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
        releaseOverGap(st, s);
        out.inForce = Double.NaN;
        if (s >= steps[FIRST] + config.leadSteps()) {
            double a = model.allocationFor(st, s);
            out.inForce = a;
            // held at the max: whether the policy's own allocation would have missed is unknown
            if (a < config.limits().ceiling()) {
                sc[THETA] = correct(sc[THETA], demand > a);
            }
        }
        double previous = s > steps[FIRST] ? LeadQuantileModel.demandAt(st, s - 1) : demand;
        model.observe(st, s, demand);
        steps[LAST] = s;
        decide(st, s, Math.max(demand, previous), out);
    }

    /** The allocation decided for {@code gridStep}, known from {@code gridStep − L} on. */
    public double allocationFor(PrescaleState st, long gridStep) {
        return model.allocationFor(st, gridStep);
    }

    private double correct(double theta, boolean missed) {
        double p = config.targetViolation();
        double t = theta + config.feedbackGain() / p * ((missed ? 1 : 0) - p);
        return Math.max(-THETA_BOUND, Math.min(THETA_BOUND, t));
    }

    /**
     * Ends the session at {@code gridStep}: releases everything, to 0 (not to the floor {@code
     * min}: the entity's state is cleared with its session and nothing renews its lease any more,
     * so a floor kept would lapse to 0 one lease later, a second command for one end), and returns
     * the class profile updated with this session ({@code profile} may be null) by its (1 −
     * p)-quantile of demand ({@link #sessionLevel}).
     */
    public ClassProfile end(
            PrescaleState st,
            long gridStep,
            String className,
            ClassProfile profile,
            DecisionSlot out) {
        double forecast = st.scalars()[FORECAST];
        double level = sessionLevel(st);
        st.scalars()[CURRENT] = 0;
        st.steps()[LEASE] = gridStep;
        out.set(gridStep, 0, DecisionReason.SESSION_END, forecast, Double.NaN, Double.NaN);
        return profile == null
                ? ClassProfile.first(className, level, st.correction())
                : profile.plus(level, st.correction());
    }

    /**
     * What an ended session teaches its class, its (1 − p)-quantile of demand: past the cold start,
     * the forecast, {@code max(floor, q + θσ)}; a session that ended within its cold start (fewer
     * than {@value #COLD_STEPS} steps of data, before the learners forecast) has fewer samples than
     * 1/p takes, and the largest of them, its observed peak, is their (1 − p)-quantile. It used to
     * teach its cold start's allocation instead, twice its peak (or the class's own level, so a
     * class of short sessions could never learn lower). A session with no step observed teaches its
     * allocation.
     */
    private static double sessionLevel(PrescaleState st) {
        long[] steps = st.steps();
        double forecast = st.scalars()[FORECAST];
        if (steps[LAST] < steps[FIRST] || steps[LAST] - steps[FIRST] >= COLD_STEPS) {
            return Double.isNaN(forecast) ? st.currentAllocation() : forecast;
        }
        return peakSince(st, steps[FIRST], steps[LAST]);
    }

    /**
     * The highest demand of steps {@code from} to {@code to} that the history ring still keeps (at
     * daily steps it holds fewer than a young session's).
     */
    private static double peakSince(PrescaleState st, long from, long to) {
        double peak = 0;
        for (long t = Math.max(from, to - st.history().length + 1); t <= to; t++) {
            peak = Math.max(peak, LeadQuantileModel.demandAt(st, t));
        }
        return peak;
    }

    /**
     * A young session's floor under its forecast: its peak so far as the history ring keeps it (a
     * lone window far above its neighbours is kept at the higher neighbour, {@code
     * LeadQuantileModel}'s outlier rule, so a glitch does not hold the allocation), while it has
     * fewer than {@value #YOUNG_STEPS} steps. With fewer samples than 1/p the largest is their (1 −
     * p)-quantile (as {@link #sessionLevel} says), and the learners' quantile from 12 to 36 steps
     * of history lies below it: windows 13–36 of sessions cut from Azure VMs were under-provisioned
     * in 3.40 % of sessions at p = 1 %, 2.36 % with the floor, whole sessions of 2 to 8 hours 2.47
     * % → 2.19 % for 1.8 % more allocation, a third of what lowering p costs for as much
     * (BENCHMARKS.md, "Cold starts from class profiles"). Longer floors cost more per point gained.
     */
    private static double youngFloor(PrescaleState st, long s) {
        long first = st.steps()[FIRST];
        return s - first < YOUNG_STEPS ? peakSince(st, first, s) : 0;
    }

    private void decide(PrescaleState st, long s, double peak, DecisionSlot out) {
        double[] sc = st.scalars();
        long[] steps = st.steps();
        double current = sc[CURRENT];
        long forStep = s + config.leadSteps();
        double q = model.quantile(st, s);
        if (s - steps[FIRST] < COLD_STEPS) {
            coldStart(st, forStep, current, peak, out);
            return;
        }
        // an idle entity's learners give about 1e-11 (offsets times the scale's floor), not demand
        double floor = recentFloor(st, s);
        double f = model.idle(st) ? floor : Math.max(floor, q + sc[THETA] * model.scale(st));
        f = Math.max(f, youngFloor(st, s));
        sc[FORECAST] = f;
        double wanted = f;
        DecisionReason why;
        // recorded with every decision (the command's confidence), gating a rise only when asked
        double confidence = model.exceedance(st, f, current);
        if (f > current) {
            why = DecisionReason.SCALE_UP_FORECAST;
            if (config.confidenceThreshold() > 0 && f > peak) {
                if (confidence < config.confidenceThreshold()) {
                    wanted = Math.max(current, peak);
                    why = DecisionReason.HOLD_LOW_CONFIDENCE;
                }
            }
        } else if (s < steps[LEASE]) {
            wanted = current;
            why = DecisionReason.HOLD_STABILISING;
        } else {
            wanted =
                    f <= config.limits().min()
                            ? GapRelease.towardsFloor(config, current, s, steps[LEASE])
                            : decayed(current, f, s >= steps[LEASE] + settleSteps());
            why = DecisionReason.RELEASE_DECAY;
        }
        if (why != DecisionReason.HOLD_STABILISING
                && current > 0
                && Math.abs(wanted / current - 1) <= config.tolerance()) {
            wanted = current;
            why = DecisionReason.HOLD_STEADY;
        }
        out.confidence = confidence;
        finish(st, forStep, current, wanted, why, f, out);
    }

    /**
     * The release from {@code current} towards the forecast {@code f}: {@code releaseFactor} of the
     * gap. With a step (quantum), when that rounded up to the step would not move, {@link
     * Limits#stepDown}: a step down once the forecast is a quarter step below it, or, {@code
     * settled} (the lease ended an hour ago: the forecast has not reached {@code current} since),
     * once it is below it at all; else {@code current} (a hold, said as {@code HOLD_STEADY} rather
     * than a release that releases nothing). The quarter step keeps a forecast hovering at a step's
     * edge from moving the allocation every few steps (the fifty-first tester's 3 replicas, 2, 3,
     * 2, ...); the hour lets a steady demand end on the same step however it got there (the
     * fifty-second tester's 34 held at 42 for days where one reached from below got 35).
     */
    private double decayed(double current, double f, boolean settled) {
        double wanted = f + (current - f) * (1 - config.releaseFactor());
        Limits limits = config.limits();
        if (limits.quantum() <= 0 || limits.quantised(wanted) < current) {
            return wanted;
        }
        return limits.stepDown(current, f, settled ? 0 : limits.quantum() / 4);
    }

    /** An hour of steps (at least one): how long a step's release waits past the lease. */
    private int settleSteps() {
        return Math.max(1, config.stepsPerDay() / 24);
    }

    /**
     * A decision of the cold start, before the learners have {@code COLD_STEPS} steps of the
     * session's own demand. From a class profile (its level {@code ℓ} kept as the forecast until
     * then) the allocation holds at {@code ℓ} while the recent peak of demand {@code d̂} stays
     * within it ({@code COLD_START_PROFILE}); a peak above {@code ℓ} shows the profile does not fit
     * this session, which then goes on as one without a profile: {@code max(current, 2·d̂)} ({@code
     * COLD_START_DEFAULT}, the profile's level forgotten).
     */
    private void coldStart(
            PrescaleState st, long forStep, double current, double peak, DecisionSlot out) {
        double[] sc = st.scalars();
        if (peak <= sc[FORECAST]) {
            finish(
                    st,
                    forStep,
                    current,
                    current,
                    DecisionReason.COLD_START_PROFILE,
                    Double.NaN,
                    out);
            return;
        }
        sc[FORECAST] = Double.NaN;
        double cold = Math.max(current, 2 * peak);
        finish(st, forStep, current, cold, DecisionReason.COLD_START_DEFAULT, Double.NaN, out);
    }

    private void finish(
            PrescaleState st,
            long forStep,
            double current,
            double wanted,
            DecisionReason reason,
            double f,
            DecisionSlot out) {
        Limits limits = config.limits();
        double a = limits.apply(current, wanted);
        DecisionReason why = reason;
        if (a != wanted && why != DecisionReason.HOLD_STABILISING) {
            if (Math.abs(a - current) >= limits.maxChangePerStep()) {
                why = DecisionReason.RATE_LIMITED;
            } else if (a == limits.min() || a == limits.ceiling()) {
                why = DecisionReason.CLAMPED;
            }
        } else if (why == DecisionReason.HOLD_STEADY && a == limits.min() && a > 0 && f < a) {
            // held at the floor with the forecast below it: said so, not HOLD_STEADY forecast=10.44
            // beside a command for 50 (the ninety-eighth tester)
            why = DecisionReason.CLAMPED;
        }
        // the lease is renewed only while the forecast itself justifies the allocation
        boolean cold =
                why == DecisionReason.COLD_START_DEFAULT
                        || why == DecisionReason.COLD_START_PROFILE;
        if (!(f < a) || cold) {
            st.steps()[LEASE] = forStep - config.leadSteps() + config.stabilisationSteps();
        }
        st.scalars()[CURRENT] = a;
        model.recordAllocation(st, forStep, a);
        double confidence = cold ? Double.NaN : out.confidence;
        out.set(forStep, a, why, f, 1 - config.targetViolation(), confidence);
    }

    /**
     * The smallest of the last L + 1 demands (as the history keeps them, to 0.1 %), a floor under
     * the forecast. For a persistent series and p well below 1/(L + 2) the (1 − p)-quantile of the
     * demand L steps ahead lies above it, so it seldom binds; where it does, the learners lag a
     * rise, or demand is flat (a value repeated over a gap in the trace), which their levels
     * approach from below and would miss by a rounding error at every step.
     */
    private double recentFloor(PrescaleState st, long s) {
        double m = LeadQuantileModel.demandAt(st, s);
        for (long t = s - config.leadSteps(); t < s; t++) {
            m = Math.min(m, LeadQuantileModel.demandAt(st, t));
        }
        return m;
    }

    /**
     * Missing steps: nothing renews the lease, so once it expires the allocation decays towards the
     * floor {@code min} by {@code releaseFactor} of the gap per missing step, and reaches it at the
     * k-th release step counted from the later of the lease expiry and the gap's first missing step
     * ({@link GapRelease#afterMissingStep}): a gap after a long steady spell, whose lease expired
     * long before, is released over k steps too, not to the floor at its first step. The history
     * repeats the last demand over the gap; nothing is learnt from decisions the gap made.
     */
    private void releaseOverGap(PrescaleState st, long s) {
        long last = st.steps()[LAST];
        if (last < st.steps()[FIRST] || s <= last + 1) {
            return;
        }
        double[] sc = st.scalars();
        double lastDemand = LeadQuantileModel.demandAt(st, last);
        for (long g = last + 1; g < s; g++) {
            sc[CURRENT] =
                    GapRelease.afterMissingStep(
                            config, sc[CURRENT], g, st.steps()[LEASE], last + 1);
            model.recordWithoutModel(st, g + config.leadSteps(), sc[CURRENT]);
            model.fillGap(st, g, lastDemand);
        }
        st.steps()[LAST] = s - 1;
    }
}
