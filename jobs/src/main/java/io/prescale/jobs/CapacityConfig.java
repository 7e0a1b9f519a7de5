package io.prescale.jobs;

import io.prescale.operators.capacity.ArbiterSettings;
import io.prescale.operators.capacity.ShadowSettings;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/**
 * Turns the {@code capacity.*} options into the arbiter's settings, failing at start-up with a
 * message that names the option and the entry.
 */
public final class CapacityConfig {
    private CapacityConfig() {}

    /** The arbiter's settings; {@code step} is the job's window size. */
    public static ArbiterSettings settings(Configuration conf, Duration step) {
        Map<String, Double> limits = numbers(conf, JobOptions.CAPACITY_LIMITS, Double::valueOf);
        Map<String, Double> quanta = numbers(conf, JobOptions.CAPACITY_QUANTA, Double::valueOf);
        try {
            return new ArbiterSettings(
                    limits,
                    quanta,
                    step,
                    new ShadowSettings(
                            conf.get(JobOptions.CAPACITY_SHADOW_DECAY),
                            conf.get(JobOptions.CAPACITY_SHADOW_COMMANDS),
                            conf.get(JobOptions.LEASE)),
                    conf.get(JobOptions.CAPACITY_STATE_TTL));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("capacity options: " + e.getMessage(), e);
        }
    }

    /** The static tier of each listed entity ({@code allocation.tiers}). */
    public static Map<String, Integer> tiers(Configuration conf) {
        Map<String, Integer> tiers = numbers(conf, JobOptions.ALLOCATION_TIERS, Integer::valueOf);
        tiers.forEach(
                (entity, tier) -> {
                    if (tier < 0) {
                        throw new IllegalArgumentException(
                                "option 'allocation.tiers': tier of '"
                                        + entity
                                        + "' must be >= 0, was "
                                        + tier);
                    }
                });
        return tiers;
    }

    private static <N> Map<String, N> numbers(
            Configuration conf,
            ConfigOption<Map<String, String>> option,
            Function<String, N> parse) {
        Map<String, N> out = new TreeMap<>();
        conf.getOptional(option)
                .orElse(Map.of())
                .forEach(
                        (key, value) -> {
                            try {
                                out.put(key.trim(), parse.apply(value.trim()));
                            } catch (NumberFormatException e) {
                                throw new IllegalArgumentException(
                                        "option '"
                                                + option.key()
                                                + "': value of '"
                                                + key
                                                + "' is not a number: '"
                                                + value
                                                + "'",
                                        e);
                            }
                        });
        return out;
    }
}
