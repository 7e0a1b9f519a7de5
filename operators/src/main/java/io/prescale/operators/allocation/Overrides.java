package io.prescale.operators.allocation;

import io.prescale.ml.overrides.EffectivePolicy;
import io.prescale.ml.overrides.OverrideResolver;
import io.prescale.ml.overrides.ScopeOverride;
import io.prescale.ml.policy.PrescaleConfig;
import io.prescale.ml.policy.PrescalePolicy;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;

/**
 * Resolves the policy in effect for an entity from the broadcast overrides (entity over tenant over
 * the job's defaults, {@link OverrideResolver}; an entity's own override, or none, gets its static
 * tier from the defaults where it names none, if listed) and keeps one {@link PrescalePolicy} per
 * distinct configuration. Each override was validated against the defaults before it was broadcast;
 * should an entity's and its tenant's overrides conflict (e.g. the entity's min above the tenant's
 * max), the entity's override alone applies and the conflict is counted. Resolutions are cached per
 * subtask until the overrides change.
 */
final class Overrides {
    private static final int CACHE_LIMIT = 10_000;

    private final AllocationSettings settings;
    private final EffectivePolicy defaults;
    private final Map<Pair, EffectivePolicy> resolved = new HashMap<>();
    private final Map<PrescaleConfig, PrescalePolicy> policies = new HashMap<>();
    private long conflicts;
    private PrescaleConfig lastConfig;
    private PrescalePolicy lastPolicy;

    private record Pair(ScopeOverride tenant, ScopeOverride entity) {}

    Overrides(AllocationSettings settings) {
        this.settings = settings;
        this.defaults = settings.defaults().effective();
    }

    EffectivePolicy effective(
            ReadOnlyBroadcastState<String, ScopeOverride> state, String tenant, String entity)
            throws Exception {
        ScopeOverride t = tenant == null ? null : state.get(ScopeOverride.tenantScope(tenant));
        ScopeOverride e = settings.defaults().entityOverride(state.get(entity), entity);
        if (t == null && e == null) {
            return defaults;
        }
        Pair key = new Pair(t, e);
        EffectivePolicy p = resolved.get(key);
        if (p == null) {
            p = resolve(t, e);
            if (resolved.size() >= CACHE_LIMIT) {
                resolved.clear();
            }
            resolved.put(key, p);
        }
        return p;
    }

    private EffectivePolicy resolve(ScopeOverride tenant, ScopeOverride entity) {
        long step = settings.step().toMillis();
        try {
            return OverrideResolver.resolve(settings.defaults(), tenant, entity, step);
        } catch (IllegalArgumentException conflict) {
            conflicts++;
            return OverrideResolver.resolve(settings.defaults(), null, entity, step);
        }
    }

    PrescalePolicy policy(PrescaleConfig config) {
        // nearly every call passes the same config object (the defaults'): no need to hash it
        if (config != lastConfig) {
            lastPolicy = policies.computeIfAbsent(config, PrescalePolicy::new);
            lastConfig = config;
        }
        return lastPolicy;
    }

    void invalidate() {
        resolved.clear();
    }

    long conflicts() {
        return conflicts;
    }
}
