package io.prescale.operators.capacity;

import java.time.Instant;
import java.util.Objects;

/**
 * A pool's usage after one arbitration round, per tier and in all: the {@code pool} measurement.
 *
 * @param pool the pool
 * @param resource the resource
 * @param tier the tier as text, or {@link #ALL_TIERS} for the pool's totals
 * @param capacity the pool's capacity, {@code null} when unlimited
 * @param requested Σ requested of the tier's entities in force
 * @param granted Σ granted (committed) to them
 * @param denied Σ (requested − granted), &ge; 0
 * @param shadow the shadow pool in force, on the {@link #ALL_TIERS} row only ({@code null} on tier
 *     rows): the target of its last command, or the one that would have been commanded when the
 *     shadow is not actuated (0 after a release, below {@link ShadowCommands} cuts)
 * @param time the round's step time
 */
public record PoolUsage(
        String pool,
        String resource,
        String tier,
        Double capacity,
        double requested,
        double granted,
        double denied,
        Double shadow,
        Instant time) {
    public static final String ALL_TIERS = "all";

    public PoolUsage {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(time, "time");
    }
}
