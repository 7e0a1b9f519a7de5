package io.prescale.ml.overrides;

import io.prescale.ml.policy.PrescaleConfig;
import java.io.Serializable;

/**
 * The job-wide policy every override refines.
 *
 * @param pool the capacity pool of an entity without an override, e.g. {@code default}
 * @param tier the priority tier of an entity without an override, &ge; 0 (0 the highest)
 * @param config the allocation policy's configuration
 */
public record PolicyDefaults(String pool, int tier, PrescaleConfig config) implements Serializable {

    public PolicyDefaults {
        if (pool == null || pool.isBlank()) {
            throw new IllegalArgumentException("pool must not be blank");
        }
        if (tier < 0) {
            throw new IllegalArgumentException("tier must be >= 0, was " + tier);
        }
        if (config == null) {
            throw new IllegalArgumentException("config must not be null");
        }
    }

    /** The policy of an entity that no override touches. */
    public EffectivePolicy effective() {
        return new EffectivePolicy(pool, tier, true, config);
    }
}
