package io.prescale.ml.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PrescalePolicyTest {
    private static final int STEPS_PER_DAY = 288;
    private static final int LEAD = 2;

    /** Bursty demand: a daily wave, noise, and rare spikes lasting a few steps; seeded. */
    private static double[] bursty(long seed, int steps) {
        Random r = new Random(seed);
        double[] d = new double[steps];
        int spike = 0;
        for (int t = 0; t < steps; t++) {
            spike = spike > 0 ? spike - 1 : r.nextDouble() < 0.01 ? 1 + r.nextInt(6) : 0;
            double wave = 20 + 10 * Math.sin(2 * Math.PI * t / STEPS_PER_DAY);
            d[t] = Math.max(0, wave + 3 * r.nextGaussian() + (spike > 0 ? 40 : 0));
        }
        return d;
    }

    /** Realised violation of {@code d} from day 1 on, decisions fixed L steps ahead. */
    private static double violation(PrescalePolicy policy, double[] d, Set<DecisionReason> seen) {
        return violation(policy, d, seen, STEPS_PER_DAY);
    }

    /** Realised violation of {@code d} from step {@code from} on. */
    private static double violation(
            PrescalePolicy policy, double[] d, Set<DecisionReason> seen, int from) {
        double[] a = allocations(policy, d, seen);
        int missed = 0;
        for (int t = from; t < d.length; t++) {
            missed += d[t] > a[t] ? 1 : 0;
        }
        return (double) missed / (d.length - from);
    }

    /**
     * How far a 10-day run's realised violation may lie from the target p: 0.004, or 1.5 standard
     * deviations of a binomial rate over its 9 scored days (2,592 steps) where that is wider: 0.004
     * at 1 % (two deviations), 0.0064 at 5 % (where 0.004 was less than one: the cap on learner C,
     * {@code LeadQuantileModel#reach}, moved seed 1 from 0.0467 to 0.0455 and the 3-step lease's
     * run from 0.0463 to 0.0459, while the shared traces stay within 0.3 points of their targets).
     */
    private static double tolerance(double p) {
        return Math.max(0.004, 1.5 * Math.sqrt(p * (1 - p) / (9.0 * STEPS_PER_DAY)));
    }

    @Test
    void realisedViolationConvergesOnTheTargetPerEntity() {
        Set<DecisionReason> seen = EnumSet.noneOf(DecisionReason.class);
        for (double p : new double[] {0.01, 0.05}) {
            for (long seed = 1; seed <= 3; seed++) {
                PrescalePolicy policy =
                        new PrescalePolicy(PrescaleConfig.defaults(p, LEAD, STEPS_PER_DAY));
                double v = violation(policy, bursty(seed, 10 * STEPS_PER_DAY), seen);
                assertThat(v)
                        .as("p=%s seed=%s", p, seed)
                        .isCloseTo(p, org.assertj.core.data.Offset.offset(tolerance(p)));
            }
        }
        // the default lease is one step, which holds nothing at 5-minute steps; a longer one holds
        double leased =
                violation(
                        new PrescalePolicy(
                                withLease(PrescaleConfig.defaults(0.05, LEAD, STEPS_PER_DAY), 3)),
                        bursty(1, 10 * STEPS_PER_DAY),
                        seen);
        assertThat(leased).isCloseTo(0.05, org.assertj.core.data.Offset.offset(tolerance(0.05)));
        assertThat(seen)
                .contains(
                        DecisionReason.COLD_START_DEFAULT,
                        DecisionReason.SCALE_UP_FORECAST,
                        DecisionReason.HOLD_STABILISING,
                        DecisionReason.RELEASE_DECAY,
                        DecisionReason.HOLD_STEADY);
    }

    private static PrescaleConfig withLease(PrescaleConfig c, int steps) {
        return with(c, steps, c.limits());
    }

    private static PrescaleConfig withLimits(PrescaleConfig c, Limits limits) {
        return with(c, c.stabilisationSteps(), limits);
    }

    private static PrescaleConfig with(PrescaleConfig c, int leaseSteps, Limits limits) {
        return new PrescaleConfig(
                c.targetViolation(),
                c.leadSteps(),
                c.halfLifeSteps(),
                c.feedbackGain(),
                c.confidenceThreshold(),
                leaseSteps,
                c.releaseFactor(),
                c.tolerance(),
                limits,
                c.defaultAllocation(),
                c.stepsPerDay());
    }

    /**
     * The twenty-seventh tester's finding: a cap below demand (an override's max of 45 on an entity
     * at 50 ± 6) made every step a miss, and the correction rose for as long as the cap lasted;
     * once it was lifted the entity was allocated several times its demand for hours. Steps held at
     * the cap are not counted: a day after the cap is lifted, the allocation is that of the same
     * entity never capped.
     */
    @Test
    void aCapBelowDemandDoesNotWindTheCorrectionUp() {
        PrescaleConfig free = PrescaleConfig.defaults(0.01, LEAD, STEPS_PER_DAY);
        PrescaleConfig capped = withLimits(free, new Limits(0, 45, 0, Double.POSITIVE_INFINITY));
        Random r = new Random(7);
        double[] d = new double[4 * STEPS_PER_DAY];
        for (int t = 0; t < d.length; t++) {
            d[t] = 50 + 6 * r.nextGaussian();
        }
        PrescalePolicy freePolicy = new PrescalePolicy(free);
        PrescalePolicy cappedPolicy = new PrescalePolicy(capped);
        DecisionSlot slot = new DecisionSlot();
        PrescaleState never = freePolicy.start(0, null, slot);
        PrescaleState once = freePolicy.start(0, null, slot);
        double thetaBeforeCap = 0;
        for (int s = 0; s < d.length; s++) {
            freePolicy.step(never, s, d[s], slot);
            boolean underCap = s >= STEPS_PER_DAY && s < 2 * STEPS_PER_DAY;
            if (s == STEPS_PER_DAY + LEAD) {
                thetaBeforeCap = once.correction();
            }
            (underCap ? cappedPolicy : freePolicy).step(once, s, d[s], slot);
            if (underCap && s >= STEPS_PER_DAY + LEAD) {
                assertThat(slot.allocation()).isEqualTo(45);
                assertThat(once.correction()).as("step %d", s).isEqualTo(thetaBeforeCap);
            }
        }
        double freeLast = freePolicy.allocationFor(never, d.length - 1 + LEAD);
        assertThat(freePolicy.allocationFor(once, d.length - 1 + LEAD))
                .isCloseTo(freeLast, within(0.1 * freeLast));
    }

    /**
     * The ninety-eighth tester's {@code min 50} on an entity near 10: its commands held 50 saying
     * {@code HOLD_STEADY forecast=10.44}; held at the floor with the forecast below it is {@code
     * CLAMPED}.
     */
    @Test
    void heldAtTheFloorBelowTheForecastIsClamped() {
        PrescaleConfig floored =
                withLimits(
                        PrescaleConfig.defaults(0.01, LEAD, STEPS_PER_DAY),
                        new Limits(50, Double.POSITIVE_INFINITY, 0, Double.POSITIVE_INFINITY));
        PrescalePolicy policy = new PrescalePolicy(floored);
        DecisionSlot slot = new DecisionSlot();
        PrescaleState st = policy.start(0, null, slot);
        Random r = new Random(5);
        for (int s = 0; s < STEPS_PER_DAY; s++) {
            policy.step(st, s, 10 + r.nextGaussian(), slot);
            assertThat(slot.allocation()).isGreaterThanOrEqualTo(50);
        }
        assertThat(slot.allocation()).isEqualTo(50);
        assertThat(slot.forecast()).isLessThan(50);
        assertThat(slot.reason()).isEqualTo(DecisionReason.CLAMPED);
    }

    /**
     * The forty-eighth tester's override {@code min 30, max 50, step 7} on an entity at 30 ± 5:
     * after a rise the allocation came down to 42 and stayed there for eleven hours, as the release
     * (30 % of the gap kept), rounded up to the step, never crossed one. It now steps down once the
     * forecast is a quarter step below the lower step, to the forecast rounded up to the step; and
     * the ceiling is the max on the step's grid, 49, not 50.
     */
    @Test
    void aStepDoesNotHoldTheReleaseAndTheCeilingIsOnItsGrid() {
        PrescaleConfig stepped =
                withLimits(
                        PrescaleConfig.defaults(0.01, LEAD, STEPS_PER_DAY),
                        new Limits(30, 50, 7, Double.POSITIVE_INFINITY));
        PrescalePolicy policy = new PrescalePolicy(stepped);
        DecisionSlot slot = new DecisionSlot();
        PrescaleState st = policy.start(0, null, slot);
        Random r = new Random(11);
        int s = 0;
        for (; s < 2 * STEPS_PER_DAY; s++) {
            double d = s >= 100 && s < 130 ? 60 : 31 + r.nextGaussian();
            policy.step(st, s, d, slot);
            assertThat(slot.allocation() % 7).as("step %d: %s", s, slot.allocation()).isZero();
            assertThat(slot.allocation()).isLessThanOrEqualTo(49);
            if (s >= 100 && s < 130 && slot.allocation() == 49) {
                assertThat(slot.reason()).isIn(DecisionReason.CLAMPED, DecisionReason.HOLD_STEADY);
            }
        }
        for (int end = s + 24; s < end; s++) {
            policy.step(st, s, 32, slot);
        }
        double f = slot.forecast();
        assertThat(slot.allocation())
                .as("a day after the rise, forecast %s", f)
                .isEqualTo(Math.max(35, Math.ceil(f / 7) * 7));
    }

    /**
     * The fifty-second tester's steady demand near 34 (here a constant 33.5) with a step of 7,
     * started high (a cold start of 70): held at 42 for days under the quarter-step band, where the
     * same demand reached from below gets 35. An hour after the lease, a forecast below the lower
     * step at all steps down.
     */
    @Test
    void aSteadyDemandEndsOnTheSameStepFromAbove() {
        PrescalePolicy policy =
                new PrescalePolicy(
                        withLimits(
                                PrescaleConfig.defaults(0.01, LEAD, STEPS_PER_DAY),
                                new Limits(
                                        0, Double.POSITIVE_INFINITY, 7, Double.POSITIVE_INFINITY)));
        DecisionSlot slot = new DecisionSlot();
        PrescaleState st = policy.start(0, null, slot);
        for (int s = 0; s < 2 * STEPS_PER_DAY; s++) {
            policy.step(st, s, 33.5, slot);
        }
        assertThat(slot.forecast()).isLessThan(35);
        assertThat(slot.allocation()).isEqualTo(35);
    }

    /**
     * Rounding up to a quantum of 8 over-provisions; the feedback must learn to give that back.
     * Without a miss it lowers the correction by η = 0.0002σ a step, so it needs about a week here:
     * the last 10 of 30 days are scored.
     */
    @Test
    void feedbackStillHitsTheTargetUnderCoarseQuantisation() {
        PrescaleConfig base = PrescaleConfig.defaults(0.05, LEAD, STEPS_PER_DAY);
        PrescaleConfig coarse =
                new PrescaleConfig(
                        0.05,
                        LEAD,
                        base.halfLifeSteps(),
                        base.feedbackGain(),
                        0,
                        base.stabilisationSteps(),
                        base.releaseFactor(),
                        base.tolerance(),
                        new Limits(0, 1000, 8, 16),
                        0,
                        STEPS_PER_DAY);
        double v =
                violation(
                        new PrescalePolicy(coarse),
                        bursty(4, 30 * STEPS_PER_DAY),
                        EnumSet.noneOf(DecisionReason.class),
                        20 * STEPS_PER_DAY);
        assertThat(v).isCloseTo(0.05, org.assertj.core.data.Offset.offset(0.006));
    }

    @Test
    void sessionEndReleasesAndColdStartUsesTheClassProfile() {
        PrescalePolicy policy =
                new PrescalePolicy(PrescaleConfig.defaults(0.05, LEAD, STEPS_PER_DAY));
        DecisionSlot slot = new DecisionSlot();
        PrescaleState st = policy.start(0, null, slot);
        assertThat(slot.reason()).isEqualTo(DecisionReason.COLD_START_DEFAULT);
        double[] d = bursty(5, 3 * STEPS_PER_DAY);
        for (int s = 0; s < d.length; s++) {
            policy.step(st, s, d[s], slot);
        }
        ClassProfile profile = policy.end(st, d.length, "web", null, slot);
        assertThat(slot.reason()).isEqualTo(DecisionReason.SESSION_END);
        assertThat(slot.allocation()).isZero();
        assertThat(profile.className()).isEqualTo("web");
        assertThat(profile.startAllocation()).isBetween(20.0, 80.0);

        policy.start(0, profile, slot);
        assertThat(slot.reason()).isEqualTo(DecisionReason.COLD_START_PROFILE);
        assertThat(slot.allocation()).isEqualTo(profile.startAllocation());
    }

    /**
     * A session that ends within its cold start teaches its class its observed peak, the (1 −
     * p)-quantile of fewer samples than 1/p, not an allocation: the tester's session of peak 2.013
     * taught 4.026, its cold start's twice the peak, and one started from a profile taught the
     * profile's own level back however low its demand stayed.
     */
    @Test
    void aSessionEndedInItsColdStartTeachesItsPeakNotItsAllocation() {
        PrescalePolicy policy =
                new PrescalePolicy(PrescaleConfig.defaults(0.01, LEAD, STEPS_PER_DAY));
        DecisionSlot slot = new DecisionSlot();
        double[] d = {1.5, 2.013, 1.8, 1.2, 1.9};
        PrescaleState fresh = policy.start(0, null, slot);
        PrescaleState profiled = policy.start(0, new ClassProfile("vm", 3, 40, 0), slot);
        for (int s = 0; s < d.length; s++) {
            policy.step(fresh, s, d[s], slot);
            policy.step(profiled, s, d[s], slot);
        }
        assertThat(fresh.currentAllocation()).isCloseTo(4.026, within(0.01));
        ClassProfile learnt = policy.end(fresh, d.length, "vm", null, slot);
        assertThat(learnt.startAllocation()).isCloseTo(2.013, within(0.01));
        ClassProfile lowered =
                policy.end(profiled, d.length, "vm", new ClassProfile("vm", 3, 40, 0), slot);
        // below the class's level, a session moves it by 2·(1 − 0.9)·w, w = 1/4
        assertThat(lowered.startAllocation()).isCloseTo(40 + 0.2 * (2.013 - 40) / 4, within(0.01));
    }

    /**
     * A session started from a class profile holds the profile's level through the cold start while
     * its demand stays within it (it used to take twice the peak from its first step, as {@code
     * COLD_START_DEFAULT}); the first peak above the level falls back to that rule for good.
     */
    @Test
    void aProfiledColdStartHoldsTheProfilesLevelWhileDemandStaysWithinIt() {
        PrescalePolicy policy =
                new PrescalePolicy(PrescaleConfig.defaults(0.05, LEAD, STEPS_PER_DAY));
        DecisionSlot slot = new DecisionSlot();
        ClassProfile web = new ClassProfile("web", 3, 40, 0.5);
        PrescaleState st = policy.start(100, web, slot);
        for (int s = 100; s < 106; s++) {
            policy.step(st, s, 30, slot);
            assertThat(slot.reason()).as("step %d", s).isEqualTo(DecisionReason.COLD_START_PROFILE);
            assertThat(slot.allocation()).isEqualTo(40);
            assertThat(slot.confidence()).isNaN();
        }
        policy.step(st, 106, 45, slot);
        assertThat(slot.reason()).isEqualTo(DecisionReason.COLD_START_DEFAULT);
        assertThat(slot.allocation()).isEqualTo(90);
        policy.step(st, 107, 30, slot);
        assertThat(slot.reason()).isEqualTo(DecisionReason.COLD_START_DEFAULT);
        assertThat(slot.allocation()).isEqualTo(90);

        PrescaleState none = policy.start(100, null, slot);
        policy.step(none, 100, 30, slot);
        assertThat(slot.reason()).isEqualTo(DecisionReason.COLD_START_DEFAULT);
        assertThat(slot.allocation()).isEqualTo(60);
    }

    /**
     * Until its 36th step a session's forecast is no lower than its peak so far (fewer samples than
     * 1/p: the largest is their (1 − p)-quantile); windows 13–36 were under-provisioned in 3.4 % of
     * sessions at p = 1 % when the learners' short history set it alone. Then it is released.
     */
    @Test
    void aYoungSessionIsNotReleasedBelowItsPeakSoFar() {
        double[] d = cpuAt50(80, 80, 0);
        d[3] = 80;
        double[] a = allocations(d);
        for (int t = 12 + LEAD; t < 36 + LEAD; t++) {
            assertThat(a[t]).as("step %d", t).isGreaterThanOrEqualTo(79.9);
        }
        assertThat(a[60]).isLessThan(70);
    }

    @Test
    void leaseRunsOutOverMissingStepsAndTheAllocationDecaysToTheFloor() {
        PrescalePolicy policy =
                new PrescalePolicy(PrescaleConfig.defaults(0.05, LEAD, STEPS_PER_DAY));
        double[] d = bursty(6, 2 * STEPS_PER_DAY);
        DecisionSlot slot = new DecisionSlot();
        PrescaleState st = policy.start(0, null, slot);
        for (int s = 0; s < d.length; s++) {
            policy.step(st, s, d[s], slot);
        }
        PrescaleState copy = PrescaleState.decode(st.encode());
        // no demand at all: one step later, or after 100 missing steps over which the lease ran
        // out and the allocation decayed to the floor
        policy.step(st, d.length, 0, slot);
        double noGap = slot.allocation();
        policy.step(copy, d.length + 100, 0, slot);
        assertThat(slot.reason()).isEqualTo(DecisionReason.SCALE_UP_FORECAST);
        assertThat(slot.allocation()).isLessThan(noGap);
    }

    /**
     * An entity steady at 40 for two days (its lease, renewed only while the forecast is at or
     * above the allocation, expired long ago) that misses one window: the missing step is released
     * by the release factor (to 12 with the defaults), not to the floor, and a longer gap reaches
     * the floor at its k-th (3rd) step. The k steps were counted from the lease expiry, so the
     * first missing step went to 0 at once and the next window raised it again (RELEASE 0.0, then
     * PREWARM 41).
     */
    @Test
    void aMissedWindowAfterALongSteadySpellIsReleasedOverKStepsNotToTheFloor() {
        PrescalePolicy policy =
                new PrescalePolicy(PrescaleConfig.defaults(0.01, LEAD, STEPS_PER_DAY));
        DecisionSlot slot = new DecisionSlot();
        PrescaleState st = policy.start(0, null, slot);
        int last = 2 * STEPS_PER_DAY;
        for (int s = 0; s <= last; s++) {
            policy.step(st, s, 40, slot);
        }
        double held = st.currentAllocation();
        assertThat(st.steps()[PrescaleState.LEASE]).as("lease long expired").isLessThan(last - 12);
        PrescaleState oneMissed = PrescaleState.decode(st.encode());
        policy.step(oneMissed, last + 2, 40, slot);
        assertThat(policy.allocationFor(oneMissed, last + 1 + LEAD))
                .isCloseTo(0.3 * held, org.assertj.core.data.Offset.offset(1e-9));
        policy.step(st, last + 4, 40, slot);
        assertThat(policy.allocationFor(st, last + 2 + LEAD))
                .isCloseTo(0.09 * held, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(policy.allocationFor(st, last + 3 + LEAD)).isZero();
    }

    /**
     * An idle entity (demand 0 throughout, as Azure's idle VMs) holds the floor from its first step
     * and no later step changes the allocation. It used to fall by 70 % a step for ever, to 1e-300
     * and below, a change at every step (287 actions per entity-day).
     */
    @Test
    void anIdleEntityIsReleasedToTheFloorNotApproachedForEver() {
        PrescalePolicy policy =
                new PrescalePolicy(PrescaleConfig.defaults(0.01, LEAD, STEPS_PER_DAY));
        DecisionSlot slot = new DecisionSlot();
        PrescaleState st = policy.start(0, null, slot);
        // from the first step: the learners' quantiles of an idle entity (about 1e-11, offsets
        // times the scale's floor) are not taken for demand (they were, 34 changes on day one)
        for (int s = 0; s < 2 * STEPS_PER_DAY; s++) {
            policy.step(st, s, 0, slot);
            assertThat(slot.allocation()).as("step %d", s).isZero();
        }
        // and the first demand is followed as ever
        for (int s = 2 * STEPS_PER_DAY; s < 2 * STEPS_PER_DAY + 3; s++) {
            policy.step(st, s, 5, slot);
        }
        assertThat(slot.allocation()).isGreaterThanOrEqualTo(5);
    }

    @Test
    void confidenceGateKeepsRisesAtTheReactiveLevel() {
        PrescaleConfig base = PrescaleConfig.defaults(0.05, LEAD, STEPS_PER_DAY);
        PrescaleConfig gated =
                new PrescaleConfig(
                        0.05,
                        LEAD,
                        base.halfLifeSteps(),
                        base.feedbackGain(),
                        1.0,
                        base.stabilisationSteps(),
                        base.releaseFactor(),
                        base.tolerance(),
                        base.limits(),
                        0,
                        STEPS_PER_DAY);
        PrescalePolicy policy = new PrescalePolicy(gated);
        DecisionSlot slot = new DecisionSlot();
        PrescaleState st = policy.start(0, null, slot);
        double[] d = bursty(8, 2 * STEPS_PER_DAY);
        int gatedCount = 0;
        for (int s = 0; s < d.length; s++) {
            double before = st.currentAllocation();
            policy.step(st, s, d[s], slot);
            if (slot.reason() == DecisionReason.HOLD_LOW_CONFIDENCE) {
                gatedCount++;
                double reactive = Math.max(d[s], s > 0 ? d[s - 1] : d[s]);
                assertThat(slot.allocation())
                        .isLessThanOrEqualTo(Math.max(before, reactive) + 1e-9);
                assertThat(slot.confidence()).isLessThan(1.0);
            }
        }
        assertThat(gatedCount).isPositive();
    }

    /**
     * Without the gate every decision after the cold start still carries P(d > current): a rise
     * above the target miss rate p, a hold or a release at most p. It was NaN (0 in the job's
     * commands) unless the gate was on.
     */
    @Test
    void everyDecisionCarriesItsConfidence() {
        double p = 0.05;
        PrescalePolicy policy = new PrescalePolicy(PrescaleConfig.defaults(p, LEAD, STEPS_PER_DAY));
        DecisionSlot slot = new DecisionSlot();
        PrescaleState st = policy.start(0, null, slot);
        double[] d = bursty(8, 2 * STEPS_PER_DAY);
        int rises = 0;
        for (int s = 0; s < d.length; s++) {
            policy.step(st, s, d[s], slot);
            if (slot.reason() == DecisionReason.COLD_START_DEFAULT) {
                continue;
            }
            assertThat(slot.confidence()).as("step %d", s).isBetween(0.0, 1.0);
            if (slot.reason() == DecisionReason.SCALE_UP_FORECAST) {
                rises++;
                assertThat(slot.confidence()).as("rise at %d", s).isGreaterThan(p);
            } else if (slot.reason() == DecisionReason.RELEASE_DECAY) {
                assertThat(slot.confidence()).as("release at %d", s).isLessThanOrEqualTo(p);
            }
        }
        assertThat(rises).isPositive();
    }

    /** A state of another lead, or of the layout before the history's shift, does not fit. */
    @Test
    void onlyAStateOfThisLayoutFits() {
        PrescalePolicy policy =
                new PrescalePolicy(PrescaleConfig.defaults(0.01, LEAD, STEPS_PER_DAY));
        DecisionSlot slot = new DecisionSlot();
        PrescaleState st = policy.start(0, null, slot);
        assertThat(policy.fits(st)).isTrue();
        PrescalePolicy longer =
                new PrescalePolicy(PrescaleConfig.defaults(0.01, LEAD + 1, STEPS_PER_DAY));
        assertThat(longer.fits(st)).isFalse();
        PrescaleState older =
                new PrescaleState(
                        st.history(),
                        st.model(),
                        st.pending(),
                        Arrays.copyOf(st.scalars(), st.scalars().length - 1),
                        st.steps());
        assertThat(policy.fits(older)).isFalse();
    }

    /**
     * About 50 % CPU with noise of 2 on a 5-minute grid; {@code demand(t)} is set from {@code at}.
     */
    private static double[] cpuAt50(int steps, int at, double demand) {
        Random r = new Random(1);
        double[] d = new double[steps];
        for (int t = 0; t < steps; t++) {
            d[t] = 50 + 2 * r.nextGaussian();
        }
        for (int t = at; t < steps; t++) {
            d[t] = demand + 2 * r.nextGaussian();
        }
        return d;
    }

    /** The allocations for each step of {@code d} at p = 1 %. */
    private static double[] allocations(double[] d) {
        PrescalePolicy policy =
                new PrescalePolicy(PrescaleConfig.defaults(0.01, LEAD, STEPS_PER_DAY));
        return allocations(policy, d, EnumSet.noneOf(DecisionReason.class));
    }

    /** The allocations for each step of {@code d}, decisions fixed L steps ahead. */
    private static double[] allocations(
            PrescalePolicy policy, double[] d, Set<DecisionReason> seen) {
        DecisionSlot slot = new DecisionSlot();
        PrescaleState st = policy.start(0, null, slot);
        double[] a = new double[d.length];
        for (int s = 0; s + LEAD < d.length; s++) {
            policy.step(st, s, d[s], slot);
            a[s + LEAD] = slot.allocation();
            seen.add(slot.reason());
            assertThat(slot.forGridStep()).isEqualTo(s + LEAD);
        }
        return a;
    }

    /**
     * One value of 10⁹ or 10¹⁸ at step 100 (in the warm-up) of a series at 50: it is learnt as at
     * most 11 times the level, so the allocation is back within 20 % of the clean run's 3 hours
     * later and stays there (the lag features read it again 1, 2, 8, 12 and 24 hours later). Taken
     * raw, it kept the allocation near 10⁵ (or 10¹⁴) after 3 hours and above 400 (or 10¹²) after 41
     * hours.
     */
    @Test
    void oneGlitchIsForgottenWithinHoursNotDays() {
        assertGlitchForgotten(100, 102, 100 + 36);
    }

    /**
     * One value of 10⁹ or 10¹⁸ as the entity's first demand, which no level precedes: at the second
     * step it is learnt again as 11 times the second demand, so the allocation is within 20 % of
     * the clean run's from 8 hours on (the cold start's first hour, which allocates twice the
     * demands as they came, and its release take the rest). Taken as it came, it filled the history
     * and every level, and the allocation was still 9,317 (or 8·10¹³) after two days.
     */
    @Test
    void aGlitchAsTheFirstDemandIsForgottenWithinHours() {
        assertGlitchForgotten(0, 8 * 12, 8 * 12);
    }

    /**
     * With a value of 10⁹ or 10¹⁸ at step {@code at} of a series at 50, the allocation is below
     * five times the clean run's from step {@code below} on, and within 20 % of it from {@code
     * close} on.
     */
    private static void assertGlitchForgotten(int at, int below, int close) {
        int steps = 600;
        double[] clean = allocations(cpuAt50(steps, steps, 0));
        for (double glitch : new double[] {1e9, 1e18}) {
            double[] d = cpuAt50(steps, steps, 0);
            d[at] = glitch;
            double[] a = allocations(d);
            for (int t = below; t < steps; t++) {
                assertThat(a[t]).as("glitch %s, step %d", glitch, t).isLessThan(5 * clean[t]);
            }
            for (int t = close; t < steps; t++) {
                assertThat(a[t] / clean[t]).as("glitch %s, step %d", glitch, t).isBetween(0.8, 1.2);
            }
        }
    }

    /**
     * Demand that really goes to a new level and stays is followed as before: from the third
     * decision that sees it on, every step is covered, for a shift within ten scales of the level
     * (to 150) and one far beyond (to 5,000, whose first step is cut for the statistics but is
     * taken back into the history when the second confirms it).
     */
    @Test
    void aLevelShiftIsStillFollowedWithinAFewSteps() {
        int shift = 300;
        for (double level : new double[] {150, 500, 5000}) {
            double[] d = cpuAt50(400, shift, level);
            double[] a = allocations(d);
            for (int t = shift + LEAD + 3; t < 400; t++) {
                assertThat(a[t]).as("shift to %s, step %d", level, t).isGreaterThan(d[t]);
            }
        }
    }
}
