package io.prescale.ml.overrides;

import io.prescale.ml.policy.PrescaleConfig;

/**
 * What applies to one entity once its overrides are merged (see {@link OverrideResolver}).
 *
 * @param pool the capacity pool it draws from
 * @param tier its priority tier, 0 the highest
 * @param enabled whether the policy acts for it at all
 * @param config its allocation policy's configuration
 */
public record EffectivePolicy(String pool, int tier, boolean enabled, PrescaleConfig config) {}
