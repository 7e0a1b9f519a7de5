package io.prescale.jobs;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/**
 * The map-valued job options ({@code key:value,key:value}) and the form of their entries. Flink
 * reads such a value itself but rejects a key given twice, or an entry without a colon, with only
 * "Could not parse value"; {@link #check} names the option, the entry and the accepted form.
 */
final class MapOptions {
    /** Each map-valued option of {@link JobOptions}, with the form of its entries. */
    static final Map<ConfigOption<Map<String, String>>, String> FORMATS = formats();

    private MapOptions() {}

    private static Map<ConfigOption<Map<String, String>>, String> formats() {
        Map<ConfigOption<Map<String, String>>, String> formats = new LinkedHashMap<>();
        formats.put(
                JobOptions.CAPACITY_LIMITS,
                "pool/resource:amount pairs, e.g. default/cpu:400,batch/replicas:8");
        formats.put(
                JobOptions.CAPACITY_QUANTA, "pool/resource:quantum pairs, e.g. batch/replicas:1");
        formats.put(JobOptions.ALLOCATION_TIERS, "entity:tier pairs, e.g. vm-1:0,vm-2:1");
        return formats;
    }

    /**
     * {@code value} of option {@code key} without the blanks around a map option's colons and
     * commas: Flink read {@code default/cpu:5,batch/cpu : 7} as the one entry {@code
     * "default/cpu:5,batch/cpu": 7}, so both pools were unlimited (the hundred-and-thirteenth
     * tester).
     */
    static String spaced(String key, String value) {
        return FORMATS.keySet().stream().anyMatch(o -> o.key().equals(key))
                ? value.replaceAll("\\s*([:,])\\s*", "$1")
                : value;
    }

    /**
     * Reads every map-valued option.
     *
     * @throws IllegalArgumentException naming the option, what is wrong (a key given twice, an
     *     entry without a colon) and the accepted form, when Flink cannot read one
     */
    static void check(Configuration conf) {
        FORMATS.forEach(
                (option, format) -> {
                    try {
                        Map<String, String> map = conf.getOptional(option).orElse(Map.of());
                        if (map.keySet().stream()
                                .anyMatch(k -> k.contains(":") || k.contains(","))) {
                            throw new IllegalArgumentException("a key with ':' or ','");
                        }
                    } catch (IllegalArgumentException e) {
                        String raw = conf.toMap().get(option.key());
                        throw new IllegalArgumentException(
                                "option '"
                                        + option.key()
                                        + "' "
                                        + problem(raw)
                                        + " (in '"
                                        + raw
                                        + "'); give "
                                        + format
                                        + ", each key once",
                                e);
                    }
                });
    }

    /**
     * What keeps {@code raw} from being a map: the first key given twice or entry without a colon.
     * It splits at commas and at an entry's first colon, as Flink does for values without quotes;
     * it only words the message, Flink's own parse decides.
     */
    static String problem(String raw) {
        Set<String> keys = new HashSet<>();
        for (String entry : raw.split(",", -1)) {
            int colon = entry.indexOf(':');
            if (colon < 0) {
                return "has an entry that is not key:value, '" + entry.trim() + "'";
            }
            String key = entry.substring(0, colon).trim();
            if (!keys.add(key)) {
                return "gives the key '" + key + "' twice";
            }
        }
        return "cannot be read as key:value pairs";
    }
}
