package io.prescale.ml.overrides;

import io.prescale.ml.policy.PrescaleConfig;
import io.prescale.model.SeriesNames;
import java.io.Serializable;
import java.util.Map;

/**
 * The job-wide policy every override refines.
 *
 * @param pool the capacity pool of an entity without an override, e.g. {@code default}
 * @param tier the priority tier of an entity without an override, &ge; 0 (0 the highest)
 * @param config the allocation policy's configuration
 * @param entityTiers static tiers of listed entities (option {@code allocation.tiers}); an entity's
 *     override on the config topic replaces its static tier with whatever it says
 */
public record PolicyDefaults(
        String pool, int tier, PrescaleConfig config, Map<String, Integer> entityTiers)
        implements Serializable {

    public PolicyDefaults {
        SeriesNames.require("pool", pool);
        if (tier < 0) {
            throw new IllegalArgumentException("tier must be >= 0, was " + tier);
        }
        if (config == null) {
            throw new IllegalArgumentException("config must not be null");
        }
        entityTiers = entityTiers == null ? Map.of() : Map.copyOf(entityTiers);
        entityTiers.forEach(
                (entity, t) -> {
                    if (t == null || t < 0) {
                        throw new IllegalArgumentException(
                                "tier of '" + entity + "' must be >= 0, was " + t);
                    }
                });
    }

    /** Defaults without static entity tiers. */
    public PolicyDefaults(String pool, int tier, PrescaleConfig config) {
        this(pool, tier, config, Map.of());
    }

    /**
     * The entity-scope override of {@code entity}: {@code given} (its own override from the config
     * topic, or null) with the entity's static tier ({@code allocation.tiers}) where it names no
     * tier of its own; null when there is neither. An override that leaves out {@code tier}
     * inherits the entity's listed tier, as the README's Overrides section says of every field.
     */
    public ScopeOverride entityOverride(ScopeOverride given, String entity) {
        Integer t = entityTiers.get(entity);
        if (t == null || (given != null && given.tier() != null)) {
            return given;
        }
        if (given == null) {
            return new ScopeOverride(
                    entity, t, null, null, null, null, null, null, null, null, false);
        }
        return new ScopeOverride(
                given.scope(),
                t,
                given.min(),
                given.max(),
                given.step(),
                given.targetViolation(),
                given.costRatio(),
                given.leadTimeMillis(),
                given.enabled(),
                given.pool(),
                given.removed());
    }

    /** The policy of an entity that no override touches. */
    public EffectivePolicy effective() {
        return new EffectivePolicy(pool, tier, true, config);
    }
}
