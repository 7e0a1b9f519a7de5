package io.prescale.ml.capacity;

import java.util.Objects;

/**
 * What one entity asks of its pool for one resource, in the resource's unit (e.g. percent of a
 * core, vCPU, replicas). The amount is split into three layers that the {@link CapacityArbiter}
 * serves in order:
 *
 * <pre>
 *   floor part       = floor
 *   firm part        = max(0, (amount − speculative) − floor)
 *   speculative part = amount − max(floor, amount − speculative)
 * </pre>
 *
 * so the three add up to {@code amount}; where the floor reaches into the speculative part, that
 * share counts as floor (the floor is protected, the speculation above it is not).
 *
 * @param entity the entity asking
 * @param tier priority tier, 0 the highest; higher tiers (smaller numbers) are served first
 * @param amount the absolute allocation wanted, finite and &ge; 0
 * @param speculative the pre-warm part of {@code amount} beyond the reactive level, in [0, amount]
 * @param floor the entity's minimum, in [0, amount]
 */
public record CapacityRequest(
        String entity, int tier, double amount, double speculative, double floor) {

    public CapacityRequest {
        Objects.requireNonNull(entity, "entity");
        if (tier < 0) {
            throw new IllegalArgumentException(entity + ": tier must be >= 0, was " + tier);
        }
        if (!(amount >= 0) || Double.isInfinite(amount)) {
            throw new IllegalArgumentException(
                    entity + ": amount must be finite and >= 0, was " + amount);
        }
        if (!(speculative >= 0 && speculative <= amount)) {
            throw new IllegalArgumentException(
                    entity
                            + ": speculative must be in [0, amount="
                            + amount
                            + "], was "
                            + speculative);
        }
        if (!(floor >= 0 && floor <= amount)) {
            throw new IllegalArgumentException(
                    entity + ": floor must be in [0, amount=" + amount + "], was " + floor);
        }
    }

    /** The firm part: what is wanted above the floor without the speculation. */
    public double firmPart() {
        return Math.max(0, amount - speculative - floor);
    }

    /** The speculative part above the floor, reclaimed first when the pool is short. */
    public double speculativePart() {
        return amount - Math.max(floor, amount - speculative);
    }
}
