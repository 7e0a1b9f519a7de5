package io.prescale.ml.policy;

import io.prescale.model.Decimals;
import io.prescale.model.PolicyOverride;

/**
 * Configuration of the {@link PrescalePolicy}; every field is validated with a named message.
 *
 * @param targetViolation p, the share of steps an entity may be under-provisioned, in [0.0001, 0.5]
 *     ({@link PolicyOverride#MIN_TARGET_VIOLATION})
 * @param leadSteps L, the actuation delay in grid steps, &ge; 1
 * @param halfLifeSteps half-life h of the forecast's slow level and residual statistics ({@link
 *     LeadQuantileModel}), in grid steps, &gt; 0
 * @param feedbackGain η of the per-entity feedback loop: a miss raises the correction by {@code η(1
 *     − p)/p} and a step without one lowers it by η, in units of the entity's demand scale (see
 *     {@link PrescalePolicy}), &ge; 0
 * @param confidenceThreshold a proactive rise above the reactive level needs P(d &gt; current) at
 *     least this, in [0, 1]; 0 disables the gate
 * @param stabilisationSteps the lease: how long an allocation is held after its last renewal before
 *     it may be released, in grid steps, &ge; 0
 * @param releaseFactor share of the gap to the forecast released per step after the lease, (0, 1]
 * @param tolerance relative change below which the allocation is kept (hysteresis), in [0, 1)
 * @param limits min, max, quantum and maximum change per step
 * @param defaultAllocation the safe cold-start allocation when no class profile exists, &ge; 0
 * @param stepsPerDay grid steps in a day (time-of-day profiles), &ge; 1
 */
public record PrescaleConfig(
        double targetViolation,
        int leadSteps,
        int halfLifeSteps,
        double feedbackGain,
        double confidenceThreshold,
        int stabilisationSteps,
        double releaseFactor,
        double tolerance,
        Limits limits,
        double defaultAllocation,
        int stepsPerDay)
        implements java.io.Serializable {

    public PrescaleConfig {
        if (stepsPerDay < 1) {
            throw new IllegalArgumentException("stepsPerDay must be >= 1, was " + stepsPerDay);
        }
        if (!(targetViolation >= PolicyOverride.MIN_TARGET_VIOLATION && targetViolation <= 0.5)) {
            throw new IllegalArgumentException(
                    "targetViolation must be in [0.0001, 0.5], was "
                            + Decimals.plain(targetViolation));
        }
        if (leadSteps < 1) {
            throw new IllegalArgumentException("leadSteps must be >= 1, was " + leadSteps);
        }
        if (halfLifeSteps < 1) {
            throw new IllegalArgumentException("halfLifeSteps must be >= 1, was " + halfLifeSteps);
        }
        if (!(feedbackGain >= 0) || Double.isInfinite(feedbackGain)) {
            throw new IllegalArgumentException(
                    "feedbackGain must be finite and >= 0, was " + feedbackGain);
        }
        if (!(confidenceThreshold >= 0 && confidenceThreshold <= 1)) {
            throw new IllegalArgumentException(
                    "confidenceThreshold must be in [0, 1], was "
                            + Decimals.plain(confidenceThreshold));
        }
        if (stabilisationSteps < 0) {
            throw new IllegalArgumentException(
                    "stabilisationSteps must be >= 0, was " + stabilisationSteps);
        }
        if (!(releaseFactor > 0 && releaseFactor <= 1)) {
            throw new IllegalArgumentException(
                    "releaseFactor must be in (0, 1], was " + releaseFactor);
        }
        if (!(tolerance >= 0 && tolerance < 1)) {
            throw new IllegalArgumentException(
                    "tolerance must be in [0, 1), was " + Decimals.plain(tolerance));
        }
        if (limits == null) {
            throw new IllegalArgumentException("limits must not be null");
        }
        if (!(defaultAllocation >= 0) || Double.isInfinite(defaultAllocation)) {
            throw new IllegalArgumentException(
                    "defaultAllocation must be finite and >= 0, was " + defaultAllocation);
        }
    }

    /**
     * The newsvendor target: with {@code costRatio = c_under / c_over}, the critical ratio is
     * {@code R / (R + 1)}, so the allocation aims at the quantile of that level and the target
     * violation is {@code p = 1 / (R + 1)}.
     */
    public static double violationForCostRatio(double costRatio) {
        if (!(costRatio >= 1 && costRatio <= PolicyOverride.MAX_COST_RATIO)) {
            throw new IllegalArgumentException(
                    "costRatio (c_under / c_over) must be in [1, 9999], was "
                            + Decimals.plain(costRatio));
        }
        return 1 / (costRatio + 1);
    }

    /** The default tolerance: changes of less than 3 % of the allocation are not made. */
    public static final double DEFAULT_TOLERANCE = 0.03;

    /**
     * Defaults for a grid of {@code stepsPerDay} steps a day: statistics half-life half a day,
     * feedback gain 0.0002, no confidence gate, a lease of 5 minutes' worth of steps (at least
     * one), release 70 % of the gap per step after it, 3 % tolerance, no limits, cold start at 0
     * (then twice the recent peak until 12 steps are seen). Chosen for cost at the target violation
     * with fewer scale actions than a reactive autoscaler (BENCHMARKS.md, backtest).
     */
    public static PrescaleConfig defaults(double targetViolation, int leadSteps, int stepsPerDay) {
        return new PrescaleConfig(
                targetViolation,
                leadSteps,
                Math.max(1, stepsPerDay / 2),
                0.0002,
                0.0,
                Math.max(1, stepsPerDay / 288),
                0.7,
                DEFAULT_TOLERANCE,
                Limits.none(),
                0.0,
                stepsPerDay);
    }

    public PrescaleConfig withTargetViolation(double p) {
        return new PrescaleConfig(
                p,
                leadSteps,
                halfLifeSteps,
                feedbackGain,
                confidenceThreshold,
                stabilisationSteps,
                releaseFactor,
                tolerance,
                limits,
                defaultAllocation,
                stepsPerDay);
    }
}
