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
 * @param minChange μ, the smallest change of the shadow that is commanded, as a share of the pool's
 *     capacity, in [0, 1]: a change of less than {@code μ · C} (or, with a shadow in force, half of
 *     it when that is less) is not commanded while the target in force fits the headroom, so a
 *     shadow is pre-warmed from 0 once it reaches {@code μ · C} and then follows its decay and
 *     rises in such steps; its release to 0 and a shrink the grants force are commanded however
 *     small (see {@link ShadowCommands}); 0 commands every change of 3 % and more
 */
public record ShadowSettings(double decay, boolean commands, Duration lease, double minChange)
        implements Serializable {

    /** μ when none is configured: a twentieth of the pool. */
    public static final double DEFAULT_MIN_CHANGE = 0.05;

    public ShadowSettings {
        if (!(decay >= 0 && decay < 1)) {
            throw new IllegalArgumentException("shadow decay must be in [0, 1), was " + decay);
        }
        if (lease == null || lease.isNegative()) {
            throw new IllegalArgumentException("shadow lease must not be negative, was " + lease);
        }
        if (!(minChange >= 0 && minChange <= 1)) {
            throw new IllegalArgumentException(
                    "shadow min change must be in [0, 1] (a share of the pool's capacity), was "
                            + minChange);
        }
    }
}
