package io.prescale.operators.capacity;

import java.io.Serializable;

/**
 * How a pool's shadow pool behaves.
 *
 * @param decay λ, the share of unused shadow capacity kept per step, in [0, 1)
 * @param commands whether the shadow pool is actuated: commands to the pool's shadow entity ({@link
 *     ShadowCommands#entity}), {@code PREWARM} when it grows and {@code RELEASE} when it shrinks;
 *     false only records it
 */
public record ShadowSettings(double decay, boolean commands) implements Serializable {

    public ShadowSettings {
        if (!(decay >= 0 && decay < 1)) {
            throw new IllegalArgumentException("shadow decay must be in [0, 1), was " + decay);
        }
    }
}
