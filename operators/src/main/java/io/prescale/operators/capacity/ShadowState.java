package io.prescale.operators.capacity;

import java.time.Instant;

/**
 * A pool's shadow pool between rounds.
 *
 * @param size its size after the last round, in the resource's unit
 * @param commanded the size last commanded to the shadow entity (0 before the first)
 * @param version the version of that command, 0 before the first
 * @param unit the unit of the pool's requests, {@code null} before the first request
 * @param leaseExpiry the lease expiry of that command, {@code null} before the first and in state
 *     restored from before it was kept (such a shadow is renewed at its next round)
 */
public record ShadowState(
        double size, double commanded, long version, String unit, Instant leaseExpiry) {

    public static ShadowState empty() {
        return new ShadowState(0, 0, 0, null, null);
    }

    /** This state after a round of {@code size} that commanded nothing. */
    ShadowState stepped(double size, String unit) {
        return new ShadowState(size, commanded, version, unit, leaseExpiry);
    }
}
