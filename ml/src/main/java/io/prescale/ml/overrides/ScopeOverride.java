package io.prescale.ml.overrides;

import io.prescale.model.PolicyOverride;
import java.time.Duration;

/**
 * A {@link PolicyOverride} in a form that keyed and broadcast state can hold with a plain POJO
 * serializer (the lead time in milliseconds rather than a {@code Duration}). A {@code null} field
 * inherits the next broader scope; {@code removed} marks the deletion of the scope's override (a
 * tombstone on the compacted config topic).
 *
 * @param scope the entity, or {@code tenant:<id>}
 * @param leadTimeMillis the actuation delay, milliseconds, or {@code null}
 * @param removed whether this deletes the scope's override (then every other field is null)
 */
public record ScopeOverride(
        String scope,
        Integer tier,
        Double min,
        Double max,
        Double step,
        Double targetViolation,
        Double costRatio,
        Long leadTimeMillis,
        Boolean enabled,
        String pool,
        boolean removed) {

    public ScopeOverride {
        if (scope == null || scope.isBlank()) {
            throw new IllegalArgumentException("scope must not be blank");
        }
    }

    public static ScopeOverride of(PolicyOverride o) {
        return new ScopeOverride(
                o.scope(),
                o.tier(),
                o.min(),
                o.max(),
                o.step(),
                o.targetViolation(),
                o.costRatio(),
                o.leadTime() == null ? null : leadTimeMillis(o.leadTime()),
                o.enabled(),
                o.pool(),
                false);
    }

    /**
     * @throws IllegalArgumentException when {@code leadTime} has no milliseconds in a long (over
     *     292 million years): far more than the resolver's 10,000 steps, which it would refuse
     */
    private static long leadTimeMillis(Duration leadTime) {
        try {
            return leadTime.toMillis();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(
                    "leadTime must be at most 10000 steps, was " + leadTime, e);
        }
    }

    /** The deletion of {@code scope}'s override. */
    public static ScopeOverride removal(String scope) {
        return new ScopeOverride(scope, null, null, null, null, null, null, null, null, null, true);
    }

    /** Whether this override is for a whole tenant. */
    public boolean isTenant() {
        return scope.startsWith(PolicyOverride.TENANT_PREFIX);
    }

    /** The scope of a tenant's override. */
    public static String tenantScope(String tenant) {
        return PolicyOverride.TENANT_PREFIX + tenant;
    }
}
