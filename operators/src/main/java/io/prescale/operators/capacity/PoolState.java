package io.prescale.operators.capacity;

import io.prescale.ml.capacity.UsageTimeline;
import java.time.Instant;

/**
 * The arbiter's state of one pool (pool and resource).
 *
 * @param lastRound when the last round ran, {@code null} before the first
 * @param timeline the committed usage over time
 * @param shadow the shadow pool
 */
public record PoolState(Instant lastRound, UsageTimeline timeline, ShadowState shadow) {

    public static PoolState empty() {
        return new PoolState(null, UsageTimeline.empty(), ShadowState.empty());
    }
}
