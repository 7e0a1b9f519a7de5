package io.prescale.jobs;

import io.prescale.model.Decimals;
import io.prescale.model.ParserConfig;
import io.prescale.operators.capacity.ArbiterSettings;
import io.prescale.operators.capacity.ShadowSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the {@code capacity.*} options into the arbiter's settings, failing at start-up with a
 * message that names the option and the entry.
 */
public final class CapacityConfig {
    private static final Logger LOG = LoggerFactory.getLogger(CapacityConfig.class);
    private static final String A_NUMBER = "a number";

    private CapacityConfig() {}

    /**
     * The arbiter's settings; {@code step} is the job's window size, {@code resources} the
     * resources the job allocates ({@code allocation.resources}, else {@code allocation.resource}).
     *
     * @throws IllegalArgumentException naming the option and the entry, when an entry is not {@code
     *     pool/resource}, names a resource the job does not allocate, or has a quantum above its
     *     pool's capacity
     */
    public static ArbiterSettings settings(
            Configuration conf, Duration step, Set<String> resources) {
        Map<String, Double> limits = entries(conf, JobOptions.CAPACITY_LIMITS);
        Map<String, Double> quanta = entries(conf, JobOptions.CAPACITY_QUANTA);
        checkScalars(conf);
        ArbiterSettings settings =
                new ArbiterSettings(
                        limits,
                        quanta,
                        step,
                        new ShadowSettings(
                                conf.get(JobOptions.CAPACITY_SHADOW_DECAY),
                                conf.get(JobOptions.CAPACITY_SHADOW_COMMANDS),
                                conf.get(JobOptions.LEASE),
                                conf.get(JobOptions.CAPACITY_SHADOW_MIN_CHANGE)),
                        conf.get(JobOptions.CAPACITY_STATE_TTL));
        allocated(JobOptions.CAPACITY_LIMITS, limits.keySet(), resources);
        allocated(JobOptions.CAPACITY_QUANTA, quanta.keySet(), resources);
        quanta.forEach((key, quantum) -> withinCapacity(key, quantum, settings.capacity(key)));
        notes(settings, conf.get(JobOptions.ALLOCATION_POOL), resources).forEach(LOG::warn);
        return settings;
    }

    /**
     * What a job started with these limits should be told, as it starts: a pool of capacity 0 (all
     * denied, and an entity never granted gets no command at all), and a default pool ({@code
     * allocation.pool}) without a limit of its own while other pools of the resource have one.
     */
    static List<String> notes(ArbiterSettings settings, String defaultPool, Set<String> resources) {
        List<String> notes = new ArrayList<>();
        settings.capacities()
                .forEach(
                        (key, capacity) -> {
                            if (capacity == 0) {
                                notes.add(
                                        JobOptions.CAPACITY_LIMITS.key()
                                                + " gives "
                                                + key
                                                + " 0: every request there is DENIED, and an"
                                                + " entity never granted above 0 gets no command"
                                                + " (its workload is not told to stop)");
                            }
                        });
        for (String resource : new TreeSet<>(resources)) {
            List<String> limited = settings.limitedKeys(resource);
            if (!limited.isEmpty() && !limited.contains(defaultPool + "/" + resource)) {
                notes.add(
                        JobOptions.ALLOCATION_POOL.key()
                                + " '"
                                + defaultPool
                                + "' has no "
                                + JobOptions.CAPACITY_LIMITS.key()
                                + " entry for "
                                + resource
                                + " (entries: "
                                + String.join(", ", limited)
                                + "): entities that no override moves to a limited pool are"
                                + " granted what they ask");
            }
        }
        return notes;
    }

    /**
     * Checks the range of each {@code capacity.*} option on its own: the entries of {@code
     * capacity.limits} and {@code capacity.quanta} ({@code pool/resource}, neither empty, to a
     * finite amount of 0 or more), the shadow's decay and least change, the state's TTL.
     *
     * @throws IllegalArgumentException naming the option, the entry and the value
     */
    static void check(Configuration conf) {
        entries(conf, JobOptions.CAPACITY_LIMITS);
        entries(conf, JobOptions.CAPACITY_QUANTA);
        checkScalars(conf);
    }

    /** The entries of {@code option}, each {@link #entry checked}. */
    private static Map<String, Double> entries(
            Configuration conf, ConfigOption<Map<String, String>> option) {
        Map<String, Double> entries = numbers(conf, option, Decimals::parse, A_NUMBER);
        entries.forEach((key, v) -> entry(option, key, v));
        return entries;
    }

    /** The shadow's decay and least change, the state's TTL. */
    private static void checkScalars(Configuration conf) {
        double decay = conf.get(JobOptions.CAPACITY_SHADOW_DECAY);
        if (!(decay >= 0 && decay < 1)) {
            throw new IllegalArgumentException(
                    JobOptions.CAPACITY_SHADOW_DECAY.key()
                            + " must be in [0, 1), was "
                            + Decimals.plain(decay));
        }
        JobConfig.within(conf, JobOptions.CAPACITY_SHADOW_MIN_CHANGE, 0, 1);
        JobConfig.positive(conf, JobOptions.CAPACITY_STATE_TTL);
    }

    private static void entry(ConfigOption<?> option, String key, double value) {
        int slash = key.lastIndexOf('/');
        if (slash <= 0 || slash == key.length() - 1) {
            throw new IllegalArgumentException(
                    "option '"
                            + option.key()
                            + "': entry '"
                            + key
                            + "' must be pool/resource, neither empty, e.g. default/cpu");
        }
        // an amount as any other the job takes (a sample's value, an override's max, a hint)
        if (!(value >= 0 && value <= ParserConfig.VALUE_BOUND)) {
            throw new IllegalArgumentException(
                    "option '"
                            + option.key()
                            + "': value of '"
                            + key
                            + "' must be in [0, 1e18], was "
                            + Decimals.plain(value));
        }
    }

    /**
     * A pool key ({@code pool/resource}, already checked) whose resource is not allocated fails.
     */
    private static void allocated(
            ConfigOption<?> option, Set<String> poolKeys, Set<String> resources) {
        for (String key : poolKeys) {
            String resource = ArbiterSettings.resourceOf(key);
            if (!resources.contains(resource)) {
                throw new IllegalArgumentException(
                        "option '"
                                + option.key()
                                + "': entry '"
                                + key
                                + "' names resource '"
                                + resource
                                + "', which the job does not allocate; its resources: "
                                + new TreeSet<>(resources)
                                + " ("
                                + JobOptions.ALLOCATION_RESOURCES.key()
                                + ", else "
                                + JobOptions.RESOURCE.key()
                                + ")");
            }
        }
    }

    /**
     * A quantum above its pool's capacity fails: every cut grant would round down to 0. A pool of
     * capacity 0 grants nothing whatever its quantum, so it may keep one (a pool closed for now).
     */
    private static void withinCapacity(String key, double quantum, double capacity) {
        if (quantum > capacity && capacity > 0) {
            throw new IllegalArgumentException(
                    "option '"
                            + JobOptions.CAPACITY_QUANTA.key()
                            + "': quantum of '"
                            + key
                            + "' is "
                            + Decimals.plain(quantum)
                            + ", above its capacity "
                            + Decimals.plain(capacity)
                            + " ("
                            + JobOptions.CAPACITY_LIMITS.key()
                            + "), so every cut grant would round down to 0");
        }
    }

    /** The static tier of each listed entity ({@code allocation.tiers}). */
    public static Map<String, Integer> tiers(Configuration conf) {
        Map<String, Integer> tiers =
                numbers(conf, JobOptions.ALLOCATION_TIERS, Decimals::parseWhole, "a whole number");
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
            Function<String, N> parse,
            String what) {
        Map<String, N> out = new TreeMap<>();
        conf.getOptional(option)
                .orElse(Map.of())
                .forEach(
                        (key, value) -> {
                            Decimals.outOfRange(value)
                                    .ifPresent(
                                            why -> {
                                                throw new IllegalArgumentException(
                                                        "option '"
                                                                + option.key()
                                                                + "': value of '"
                                                                + key
                                                                + "', '"
                                                                + value
                                                                + "', "
                                                                + why);
                                            });
                            try {
                                out.put(key.trim(), parse.apply(value.trim()));
                            } catch (NumberFormatException e) {
                                throw new IllegalArgumentException(
                                        "option '"
                                                + option.key()
                                                + "': value of '"
                                                + key
                                                + "' is not "
                                                + what
                                                + ": '"
                                                + value
                                                + "'",
                                        e);
                            }
                        });
        return out;
    }
}
