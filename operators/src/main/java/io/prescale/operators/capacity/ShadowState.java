package io.prescale.operators.capacity;

/**
 * A pool's shadow pool between rounds.
 *
 * @param size its size after the last round, in the resource's unit
 * @param commanded the size last commanded to the shadow entity (0 before the first)
 * @param version the version of that command, 0 before the first
 * @param unit the unit of the pool's requests, {@code null} before the first request
 */
public record ShadowState(double size, double commanded, long version, String unit) {

    public static ShadowState empty() {
        return new ShadowState(0, 0, 0, null);
    }
}
