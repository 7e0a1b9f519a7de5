package io.prescale.operators.capacity;

import io.prescale.ml.capacity.UsageTimeline;
import java.time.Instant;

/**
 * The arbiter's state of one pool (pool and resource).
 *
 * @param shadow the shadow pool's size after the last round, in the resource's unit
 * @param lastRound when the last round ran, {@code null} before the first
 * @param timeline the committed usage over time
 */
public record PoolState(double shadow, Instant lastRound, UsageTimeline timeline) {

    public static PoolState empty() {
        return new PoolState(0, null, UsageTimeline.empty());
    }
}
