package io.prescale.operators.inputs;

import io.prescale.ml.overrides.OverrideResolver;
import io.prescale.ml.overrides.PolicyDefaults;
import io.prescale.ml.overrides.ScopeOverride;
import io.prescale.model.InvalidRecordException;
import io.prescale.model.JsonCodec;
import io.prescale.model.PolicyOverride;
import io.prescale.model.RawRecord;
import io.prescale.model.RecordKeys;
import org.apache.flink.util.Collector;

/**
 * Decodes the compacted {@code prescale.config} topic into {@link ScopeOverride}s for the broadcast
 * state. A record is rejected to {@link Undecodable#DEAD_LETTERS} with its reason (and never
 * reaches the broadcast state, so the scope's previous policy stays) when it does not decode, when
 * its key is not its scope (compaction would keep the wrong record), or when the policy cannot take
 * it on top of the job's defaults (e.g. a cost ratio below 1, a zero lead time). A tombstone (null
 * value) with the scope as key deletes that scope's override.
 */
public final class DecodeOverrides extends Undecodable<ScopeOverride> {
    private final PolicyDefaults defaults;
    private final long stepMillis;

    /**
     * @param defaults the job-wide policy the override is checked against
     * @param stepMillis the grid step, for lead times
     */
    public DecodeOverrides(PolicyDefaults defaults, long stepMillis) {
        this.defaults = defaults;
        this.stepMillis = stepMillis;
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<ScopeOverride> out) {
        String key = key(raw);
        if (raw.value() == null) {
            if (key == null || key.isBlank()) {
                reject(ctx, raw, "bad override: a tombstone needs its scope as key");
                return;
            }
            try {
                out.collect(ScopeOverride.removal(PolicyOverride.requireScope(key)));
            } catch (InvalidRecordException e) {
                // no override can have it: the tombstone deletes nothing, and says so
                reject(
                        ctx,
                        raw,
                        "bad override: a tombstone whose key no override has: " + e.getMessage());
            }
            return;
        }
        try {
            out.collect(decode(key, raw.value(), defaults, stepMillis));
        } catch (InvalidRecordException e) {
            reject(ctx, raw, "bad override (the previous policy stays): " + e.getMessage());
        }
    }

    /**
     * The override {@code json} under {@code key} as this decoder takes it (what {@code prescale
     * send} checks before it sends one).
     *
     * @param key the record's key, or {@code null}
     * @throws InvalidRecordException naming what is wrong: the record does not decode, its key is
     *     not its scope, or the policy cannot take it on top of {@code defaults}
     */
    public static ScopeOverride decode(
            String key, byte[] json, PolicyDefaults defaults, long stepMillis) {
        PolicyOverride decoded = JsonCodec.decode(json, PolicyOverride.class);
        RecordKeys.requireOwn(key, "scope", decoded.scope());
        try {
            ScopeOverride o = ScopeOverride.of(decoded);
            OverrideResolver.resolve(
                    defaults, o.isTenant() ? o : null, o.isTenant() ? null : o, stepMillis);
            return o;
        } catch (IllegalArgumentException e) {
            throw new InvalidRecordException(e.getMessage(), e);
        }
    }
}
