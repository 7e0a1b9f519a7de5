package io.prescale.operators.capacity;

import java.io.Serializable;
import java.time.Duration;

/**
 * How a pool's shadow pool behaves.
 *
 * @param decay λ, the share of unused shadow capacity kept per step, in [0, 1)
 * @param commands whether the shadow pool is actuated: commands to the pool's shadow entity ({@link
 *     ShadowCommands#entity}), {@code PREWARM} when it grows, {@code RELEASE} when it shrinks and
 *     {@code RENEW} every half lease while it holds; false only records it
 * @param lease the lease of the pool's requests ({@code allocation.lease}), &ge; 0: an actuated
 *     shadow that holds is renewed by the rule its entities' requests are renewed by (see {@link
 *     ShadowCommands})
 */
public record ShadowSettings(double decay, boolean commands, Duration lease)
        implements Serializable {

    public ShadowSettings {
        if (!(decay >= 0 && decay < 1)) {
            throw new IllegalArgumentException("shadow decay must be in [0, 1), was " + decay);
        }
        if (lease == null || lease.isNegative()) {
            throw new IllegalArgumentException("shadow lease must not be negative, was " + lease);
        }
    }
}
