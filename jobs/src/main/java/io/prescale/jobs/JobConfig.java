package io.prescale.jobs;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.YamlParserUtils;

/**
 * Loads the job configuration: an optional YAML file ({@code --config FILE}) and then {@code
 * -Dkey=value} / {@code --key value} overrides, in that order. Unknown keys and unparsable values
 * fail at start-up with a message naming the key, its source and the accepted keys.
 */
public final class JobConfig {
    private JobConfig() {}

    /** Parses command-line arguments into a validated configuration. */
    public static Configuration fromArgs(String... args) {
        Configuration conf = new Configuration();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--config")) {
                loadYaml(Path.of(value(args, ++i, a)), conf);
            } else if (a.startsWith("-D") && a.contains("=")) {
                put(conf, a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1), a);
            } else if (a.startsWith("--")) {
                put(conf, a.substring(2), value(args, ++i, a), a);
            } else {
                throw new IllegalArgumentException(
                        "unexpected argument '"
                                + a
                                + "': use --config FILE, -Dkey=value or --key value");
            }
        }
        validate(conf);
        return conf;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException("option " + option + " needs a value");
        }
        return args[i];
    }

    private static void loadYaml(Path file, Configuration conf) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("config file " + file + " does not exist");
        }
        Map<String, Object> yaml;
        try {
            yaml = YamlParserUtils.loadYamlFile(file.toFile());
        } catch (Exception e) {
            throw new IllegalArgumentException(
                    "config file " + file + " is not valid YAML: " + e.getMessage(), e);
        }
        flatten("", yaml, conf, file.toFile());
    }

    @SuppressWarnings("unchecked")
    private static void flatten(
            String prefix, Map<String, Object> map, Configuration conf, File src) {
        for (Map.Entry<String, Object> e : map.entrySet()) {
            String k = prefix + e.getKey();
            if (e.getValue() instanceof Map<?, ?> nested) {
                flatten(k + ".", (Map<String, Object>) nested, conf, src);
            } else {
                put(conf, k, String.valueOf(e.getValue()), src.toString());
            }
        }
    }

    private static void put(Configuration conf, String key, String value, String source) {
        if (!knownKeys().contains(key)) {
            throw new IllegalArgumentException(
                    "unknown option '"
                            + key
                            + "' (from "
                            + source
                            + "); known options: "
                            + knownKeys());
        }
        conf.setString(key, value);
    }

    /** Reads every option once so that a bad value fails now, naming its key. */
    private static void validate(Configuration conf) {
        for (ConfigOption<?> option : JobOptions.all()) {
            try {
                conf.getOptional(option);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "option '" + option.key() + "' has a bad value: " + e.getMessage(), e);
            }
        }
    }

    static Set<String> knownKeys() {
        return JobOptions.all().stream()
                .map(ConfigOption::key)
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
