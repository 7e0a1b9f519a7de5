package io.prescale.model;

import java.time.Instant;

/**
 * An absolute allocation target for one resource of one entity. Versions are monotonic per (entity,
 * resource), so applying a command twice, or an older one late, changes nothing.
 *
 * @param targetAmount the absolute amount wanted, in {@code unit}
 * @param previousAmount the amount commanded before this one ({@code targetAmount} for a {@link
 *     ScaleAction#RENEW})
 * @param forecastQuantile quantile level of the forecast behind the decision
 * @param forecastHorizonSteps horizon of that forecast, in steps, >= 0
 * @param version monotonic per (entity, resource), >= 0; the actuator ignores a version not newer
 *     than the last it applied
 * @param confidence probability in [0, 1] that demand exceeds the previous amount
 * @param tier priority tier, 0 the highest
 * @param neededBy when the capacity must be in place (the forecast's target time)
 * @param leaseExpiry when the allocation lapses unless a newer command renews it
 */
public record ScaleCommand(
        String id,
        String entity,
        String resource,
        ScaleAction action,
        double targetAmount,
        String unit,
        double previousAmount,
        long version,
        String reason,
        double forecastQuantile,
        int forecastHorizonSteps,
        double confidence,
        int tier,
        Instant issuedAt,
        Instant neededBy,
        Instant leaseExpiry) {

    /**
     * The prefix of a pool's shadow entity, {@code shadow:<pool>}: the pool's pre-warmed,
     * unassigned capacity (capacity.shadow-commands), which a backend keeps spare.
     */
    public static final String SHADOW_PREFIX = "shadow:";

    /** The shadow entity of {@code pool}: {@code shadow:<pool>}. */
    public static String shadowEntity(String pool) {
        return SHADOW_PREFIX + pool;
    }

    /** The pool whose shadow entity {@code entity} is, or null when it is not one. */
    public static String shadowPool(String entity) {
        return entity.startsWith(SHADOW_PREFIX) ? entity.substring(SHADOW_PREFIX.length()) : null;
    }

    public ScaleCommand {
        Checks.notBlank("id", id);
        Checks.notBlank("entity", entity);
        Checks.notBlank("resource", resource);
        Checks.notNull("action", action);
        Checks.nonNegative("targetAmount", targetAmount);
        Checks.notBlank("unit", unit);
        Checks.nonNegative("previousAmount", previousAmount);
        Checks.atLeast("version", version, 0);
        Checks.notNull("reason", reason);
        Checks.within("forecastQuantile", forecastQuantile, 0, 1);
        Checks.atLeast("forecastHorizonSteps", forecastHorizonSteps, 0);
        Checks.within("confidence", confidence, 0, 1);
        Checks.atLeast("tier", tier, 0);
        Checks.notNull("issuedAt", issuedAt);
        Checks.notNull("neededBy", neededBy);
        Checks.notNull("leaseExpiry", leaseExpiry);
    }
}
