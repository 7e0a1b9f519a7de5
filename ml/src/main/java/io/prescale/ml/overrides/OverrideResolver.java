package io.prescale.ml.overrides;

import io.prescale.ml.policy.Limits;
import io.prescale.ml.policy.PrescaleConfig;

/**
 * Merges overrides field by field: the entity's override wins over its tenant's, which wins over
 * the job's defaults; a {@code null} field inherits. The target is taken as a unit from the
 * narrowest scope that sets either {@code targetViolation} or {@code costRatio} (a cost ratio R
 * means {@code p = 1 / (R + 1)}, see {@link PrescaleConfig#violationForCostRatio}).
 *
 * <p>Mapping onto the policy: {@code min}, {@code max} and {@code step} replace the limits' floor,
 * ceiling and quantum (the maximum change per step stays the job's); the lead time becomes {@code L
 * = ⌈leadTime / step⌉} grid steps, at least 1. Anything the policy's configuration rejects throws
 * {@link IllegalArgumentException} with the policy's own message.
 */
public final class OverrideResolver {
    private OverrideResolver() {}

    /**
     * The effective policy under {@code tenant} and {@code entity} (either may be null).
     *
     * @param stepMillis the grid step in milliseconds, to turn a lead time into steps
     * @throws IllegalArgumentException naming the field that does not fit
     */
    public static EffectivePolicy resolve(
            PolicyDefaults defaults, ScopeOverride tenant, ScopeOverride entity, long stepMillis) {
        if (tenant == null && entity == null) {
            return defaults.effective();
        }
        PrescaleConfig c = defaults.config();
        Limits l = c.limits();
        double p = c.targetViolation();
        ScopeOverride target = hasTarget(entity) ? entity : hasTarget(tenant) ? tenant : null;
        if (target != null) {
            p =
                    target.targetViolation() != null
                            ? target.targetViolation()
                            : PrescaleConfig.violationForCostRatio(target.costRatio());
        }
        Long leadMillis = pick(entity, tenant, ScopeOverride::leadTimeMillis, null);
        int lead = leadMillis == null ? c.leadSteps() : leadSteps(leadMillis, stepMillis);
        Limits limits =
                new Limits(
                        pick(entity, tenant, ScopeOverride::min, l.min()),
                        pick(entity, tenant, ScopeOverride::max, l.max()),
                        pick(entity, tenant, ScopeOverride::step, l.quantum()),
                        l.maxChangePerStep());
        PrescaleConfig config =
                new PrescaleConfig(
                        p,
                        lead,
                        c.halfLifeSteps(),
                        c.feedbackGain(),
                        c.confidenceThreshold(),
                        c.stabilisationSteps(),
                        c.releaseFactor(),
                        c.tolerance(),
                        limits,
                        Math.max(limits.min(), Math.min(limits.max(), c.defaultAllocation())),
                        c.stepsPerDay());
        return new EffectivePolicy(
                pick(entity, tenant, ScopeOverride::pool, defaults.pool()),
                pick(entity, tenant, ScopeOverride::tier, defaults.tier()),
                pick(entity, tenant, ScopeOverride::enabled, Boolean.TRUE),
                config);
    }

    private static boolean hasTarget(ScopeOverride o) {
        return o != null && (o.targetViolation() != null || o.costRatio() != null);
    }

    private static int leadSteps(long leadMillis, long stepMillis) {
        if (leadMillis <= 0) {
            throw new IllegalArgumentException(
                    "leadTime must be positive (at least one step), was " + leadMillis + " ms");
        }
        long steps = (leadMillis + stepMillis - 1) / stepMillis;
        if (steps > 10_000) {
            throw new IllegalArgumentException(
                    "leadTime must be at most 10000 steps, was " + steps + " steps");
        }
        return (int) steps;
    }

    private static <T> T pick(
            ScopeOverride entity,
            ScopeOverride tenant,
            java.util.function.Function<ScopeOverride, T> field,
            T fallback) {
        if (entity != null && field.apply(entity) != null) {
            return field.apply(entity);
        }
        if (tenant != null && field.apply(tenant) != null) {
            return field.apply(tenant);
        }
        return fallback;
    }
}
