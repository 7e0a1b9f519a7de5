package io.prescale.operators.capacity;

import io.prescale.ml.capacity.GrantReason;
import java.time.Instant;
import java.util.Objects;

/**
 * One entity's grant in one arbitration round: the {@code allocation} measurement.
 *
 * @param entity the entity
 * @param pool its pool
 * @param resource the resource
 * @param reason why the grant is what it is
 * @param requested the amount asked, in the resource's unit
 * @param granted the amount granted (committed)
 * @param speculative the speculative part of the request
 * @param tier the request's tier
 * @param quantileLevel the quantile level behind the request, in [0, 1]
 * @param confidence P(demand &gt; current allocation) behind the request, in [0, 1]
 * @param neededBy when the grant takes effect (the needed-by time of its step)
 */
public record GrantRecord(
        String entity,
        String pool,
        String resource,
        GrantReason reason,
        double requested,
        double granted,
        double speculative,
        int tier,
        double quantileLevel,
        double confidence,
        Instant neededBy) {

    public GrantRecord {
        Objects.requireNonNull(entity, "entity");
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(neededBy, "neededBy");
    }
}
