package io.prescale.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Duration;

/**
 * A per-entity or per-tenant policy override from the compacted {@code prescale.config} topic. A
 * {@code null} field inherits the next broader setting (tenant, then the job's defaults).
 *
 * @param scope the entity, or {@code tenant:<id>}
 * @param tier priority tier, 0 the highest
 * @param min smallest allocation
 * @param max largest allocation
 * @param step allocation granularity
 * @param targetViolation target share of under-provisioned steps in [0.0001, 0.5]; exclusive with
 *     {@code costRatio}
 * @param costRatio under- to over-provisioning cost ratio R in [1, {@link #MAX_COST_RATIO}] (the
 *     target violation 1 / (R + 1)); exclusive with {@code targetViolation}
 * @param leadTime actuation delay the policy plans for, not negative (in JSON an ISO-8601 string
 *     such as {@code "PT10M"}); the job takes ⌈leadTime / window⌉ steps, from 1 to 10,000, so it
 *     refuses zero
 * @param enabled whether the policy acts at all for this scope
 * @param pool the capacity pool the scope draws from
 */
public record PolicyOverride(
        String scope,
        Integer tier,
        Double min,
        Double max,
        Double step,
        Double targetViolation,
        Double costRatio,
        Duration leadTime,
        Boolean enabled,
        String pool) {

    public static final String TENANT_PREFIX = "tenant:";

    /**
     * The tightest target violation: one under-provisioned step in 10,000 (35 days of 5-minute
     * steps). Below it no trace can show whether the target is met, and the policy's feedback gain,
     * which scales as 1/p, overflows (p = 1e-100 made allocations NaN).
     */
    public static final double MIN_TARGET_VIOLATION = 1e-4;

    /** The largest cost ratio, R = 1/p − 1 at {@link #MIN_TARGET_VIOLATION}. */
    public static final double MAX_COST_RATIO = 9_999;

    /**
     * Returns {@code scope} when an override can have it: a name (not blank, at most 1,024
     * characters, no control character) and, for {@code tenant:}, a tenant id after it.
     *
     * @throws InvalidRecordException naming what is wrong
     */
    public static String requireScope(String scope) {
        Checks.name("scope", scope);
        if (scope.startsWith(TENANT_PREFIX) && scope.substring(TENANT_PREFIX.length()).isBlank()) {
            throw new InvalidRecordException(
                    "scope " + Checks.quote(scope) + " needs a tenant id after 'tenant:'");
        }
        return scope;
    }

    public PolicyOverride {
        requireScope(scope);
        if (tier != null) {
            Checks.atLeast("tier", tier, 0);
        }
        // as every other amount a client sends (a hint's, an actuation result's): a floor of 1e300
        // was commanded, and results of it refused as out of range (forty-fifth tester)
        if (min != null) {
            Checks.amount("min", min);
        }
        if (max != null) {
            Checks.amount("max", max);
        }
        if (min != null && max != null && min > max) {
            throw new InvalidRecordException(
                    "min ("
                            + Decimals.plain(min)
                            + ") must be <= max ("
                            + Decimals.plain(max)
                            + ")");
        }
        if (step != null && !(Checks.amount("step", step) > 0)) {
            throw new InvalidRecordException("step must be > 0, was " + Decimals.plain(step));
        }
        if (targetViolation != null && costRatio != null) {
            throw new InvalidRecordException(
                    "give targetViolation or costRatio, not both (were "
                            + Decimals.plain(targetViolation)
                            + " and "
                            + Decimals.plain(costRatio)
                            + ")");
        }
        if (targetViolation != null) {
            Checks.finite("targetViolation", targetViolation);
            if (targetViolation < MIN_TARGET_VIOLATION || targetViolation > 0.5) {
                throw new InvalidRecordException(
                        "targetViolation must be in [0.0001, 0.5], was "
                                + Decimals.plain(targetViolation));
            }
        }
        if (costRatio != null
                && !(Checks.finite("costRatio", costRatio) >= 1 && costRatio <= MAX_COST_RATIO)) {
            throw new InvalidRecordException(
                    "costRatio must be in [1, 9999], was " + Decimals.plain(costRatio));
        }
        if (leadTime != null && leadTime.isNegative()) {
            throw new InvalidRecordException("leadTime must not be negative, was " + leadTime);
        }
        Checks.nullOrSeriesName("pool", pool);
    }

    /** An override that leaves the pool to the broader scopes. */
    public PolicyOverride(
            String scope,
            Integer tier,
            Double min,
            Double max,
            Double step,
            Double targetViolation,
            Double costRatio,
            Duration leadTime,
            Boolean enabled) {
        this(scope, tier, min, max, step, targetViolation, costRatio, leadTime, enabled, null);
    }

    /** Whether this override applies to a whole tenant rather than one entity. */
    @JsonIgnore
    public boolean isTenant() {
        return scope.startsWith(TENANT_PREFIX);
    }
}
