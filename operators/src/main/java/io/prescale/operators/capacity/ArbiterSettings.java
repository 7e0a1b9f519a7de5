package io.prescale.operators.capacity;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What the capacity arbiter needs to know about its pools.
 *
 * @param capacities capacity per pool key ({@code pool/resource}, see {@code
 *     AllocationRequest#poolKey}) in the resource's allocation unit, each finite and &ge; 0; a key
 *     not listed is unlimited
 * @param quanta granularity of cut grants per pool key (e.g. 1 for whole replicas), each finite and
 *     &ge; 0; a key not listed is continuous
 * @param step the grid step (the job's window size): the shadow pool decays per step, and the usage
 *     timeline keeps two steps of history for requests needed in the past (cold starts)
 * @param shadow how the shadow pool decays, whether it is actuated, and the lease it is renewed by
 * @param stateTtl how long (event time) an entity's entry, with its command version, is kept after
 *     its grant lapsed when it sends nothing new
 */
public record ArbiterSettings(
        Map<String, Double> capacities,
        Map<String, Double> quanta,
        Duration step,
        ShadowSettings shadow,
        Duration stateTtl)
        implements Serializable {

    public ArbiterSettings {
        capacities = checked("capacity", capacities);
        quanta = checked("quantum", quanta);
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(stateTtl, "stateTtl");
        if (step.isZero() || step.isNegative()) {
            throw new IllegalArgumentException("step must be positive, was " + step);
        }
        Objects.requireNonNull(shadow, "shadow");
        if (stateTtl.isZero() || stateTtl.isNegative()) {
            throw new IllegalArgumentException("stateTtl must be positive, was " + stateTtl);
        }
    }

    /**
     * Every pool unlimited: the arbiter passes requests through unchanged (and an unlimited pool
     * keeps no shadow, see {@link ShadowCommands#idle}).
     */
    public static ArbiterSettings unlimited(Duration step) {
        return new ArbiterSettings(
                Map.of(),
                Map.of(),
                step,
                new ShadowSettings(
                        0.8, false, Duration.ofMinutes(15), ShadowSettings.DEFAULT_MIN_CHANGE),
                Duration.ofDays(7));
    }

    /** The capacity of {@code poolKey}, {@code +∞} when none is configured. */
    public double capacity(String poolKey) {
        return capacities.getOrDefault(poolKey, Double.POSITIVE_INFINITY);
    }

    /**
     * What to say when requests come to {@code poolKey} ({@code pool/resource}) while it has no
     * capacity of its own but other pools of its resource do, or null: a pool name that is misspelt
     * (in an override or {@code allocation.pool}) takes its entities out of every limit, unsaid
     * otherwise, as a pool not listed is unlimited.
     */
    public String unlimitedNote(String poolKey) {
        String resource = resourceOf(poolKey);
        List<String> limited = limitedKeys(resource);
        return capacities.containsKey(poolKey) || limited.isEmpty()
                ? null
                : "pool '"
                        + poolKey.substring(0, poolKey.lastIndexOf('/'))
                        + "' has no capacity.limits entry for "
                        + resource
                        + " (entries for "
                        + resource
                        + ": "
                        + String.join(", ", limited)
                        + "): its entities are granted what they ask, outside every limit; is"
                        + " the pool named in their override or allocation.pool spelt right?";
    }

    /** The pool keys of {@code resource} that have a capacity. */
    public List<String> limitedKeys(String resource) {
        return capacities.keySet().stream().filter(k -> resourceOf(k).equals(resource)).toList();
    }

    /** The resource of {@code poolKey} ({@code pool/resource}): what follows its last slash. */
    public static String resourceOf(String poolKey) {
        return poolKey.substring(poolKey.lastIndexOf('/') + 1);
    }

    /** The quantum of {@code poolKey}, 0 (continuous) when none is configured. */
    public double quantum(String poolKey) {
        return quanta.getOrDefault(poolKey, 0.0);
    }

    private static Map<String, Double> checked(String what, Map<String, Double> values) {
        Objects.requireNonNull(values, what + " map");
        Map<String, Double> copy = new TreeMap<>(values);
        copy.forEach(
                (key, v) -> {
                    int slash = key.lastIndexOf('/');
                    if (slash <= 0 || slash == key.length() - 1) {
                        throw new IllegalArgumentException(
                                what
                                        + " key '"
                                        + key
                                        + "' must be pool/resource, neither empty, e.g."
                                        + " default/cpu");
                    }
                    if (v == null || !(v >= 0) || v.isInfinite()) {
                        throw new IllegalArgumentException(
                                what + " of '" + key + "' must be finite and >= 0, was " + v);
                    }
                });
        return copy;
    }
}
