package io.prescale.jobs;

import io.prescale.model.Decimals;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.util.TimeUtils;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.constructor.StandardConstructor;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Loads the job configuration: optional YAML files ({@code --config FILE}) and then {@code
 * -Dkey=value} / {@code --key value} overrides, in that order wherever they stand on the command
 * line (a later file over an earlier one, a later override over an earlier one). Unknown keys and
 * unparsable values fail at start-up with a message naming the key, its source and the accepted
 * keys.
 */
public final class JobConfig {
    /** Flink's least checkpoint interval and timeout. */
    private static final Duration MIN_CHECKPOINT_TIME = Duration.ofMillis(10);

    /** The longest duration an option takes: 100 years. */
    static final Duration LONGEST = Duration.ofDays(36_500);

    /** The state backends prescale is tested on ({@link JobOptions#STATE_BACKEND}). */
    private static final Set<String> STATE_BACKENDS = Set.of("hashmap", "rocksdb");

    /**
     * The options naming a YAML file of options: {@code --config}, and {@code --job-config} as
     * {@code prescale send} and {@code infra topics} name it.
     */
    private static final Set<String> CONFIG_FILE = Set.of("--config", "--job-config");

    private JobConfig() {}

    /**
     * Parses command-line arguments into a validated configuration: {@code --config FILE} (or
     * {@code --job-config}), {@code -Dkey=value} and {@code --key value}, each also as {@code
     * --config=FILE}, {@code -D key=value} and {@code --key=value}, as picocli's commands take
     * them.
     */
    public static Configuration fromArgs(String... given) {
        String[] args = spelt(given);
        Configuration conf = new Configuration();
        // where each given option's value comes from: a config file, or the argument that gave it
        Map<String, String> from = new HashMap<>();
        // the files first, wherever they stand, so that an override always overrides
        for (int i = 0; i < args.length; i++) {
            if (CONFIG_FILE.contains(args[i])) {
                loadYaml(Path.of(value(args, ++i, args[i - 1])), conf, from);
            }
        }
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (CONFIG_FILE.contains(a)) {
                i++;
            } else if (a.startsWith("-D") && a.contains("=")) {
                String key = a.substring(2, a.indexOf('='));
                // the value is not repeated: a misspelt secret's key would print the secret
                put(conf, from, key, a.substring(a.indexOf('=') + 1), "-D" + key + "=...");
            } else if (a.startsWith("--")) {
                requireKnown(a.substring(2), a);
                put(conf, from, a.substring(2), value(args, ++i, a), a);
            } else {
                throw new IllegalArgumentException(
                        "unexpected argument '"
                                + a
                                + "': use --config FILE, -Dkey=value or --key value");
            }
        }
        try {
            validate(conf);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + givenIn(e.getMessage(), from), e);
        }
        return conf;
    }

    /**
     * Where the values of the given options {@code refusal} names come from, when a config file
     * gave one of them: " (from FILE)" for one, " (a from FILE; b from -Db=...)" for several (a
     * conflict between them); "" when arguments gave them all (the user just typed them) or it
     * names none. A bad value in a file read the same as the same value given by {@code -D}, so
     * that with both a user could not tell which to mend.
     */
    private static String givenIn(String refusal, Map<String, String> from) {
        List<Map.Entry<String, String>> named =
                from.entrySet().stream()
                        .filter(
                                e ->
                                        Pattern.compile(
                                                        "(?<![\\w.-])"
                                                                + Pattern.quote(e.getKey())
                                                                + "(?![\\w-]|\\.\\w)")
                                                .matcher(refusal)
                                                .find())
                        .sorted(Map.Entry.comparingByKey())
                        .toList();
        if (named.stream().allMatch(e -> e.getValue().startsWith("-"))) {
            return ""; // none, or only arguments
        }
        if (named.stream().map(Map.Entry::getValue).distinct().count() == 1) {
            return " (from " + named.get(0).getValue() + ")"; // one option, or all from one file
        }
        return named.stream()
                .map(e -> e.getKey() + " from " + e.getValue())
                .collect(Collectors.joining("; ", " (", ")"));
    }

    /**
     * {@code args} with {@code --key=value} as {@code --key value} and {@code -D key=value} as
     * {@code -Dkey=value}: {@code prescale run --window.size=5m} was told "did you mean
     * 'window.size'?", and {@code -D key=value}, which send and infra take, was refused.
     */
    private static String[] spelt(String... args) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-D") && i + 1 < args.length) {
                out.add("-D" + args[++i]);
            } else if (a.startsWith("--") && a.indexOf('=') > 2) {
                out.add(a.substring(0, a.indexOf('=')));
                out.add(a.substring(a.indexOf('=') + 1));
            } else {
                out.add(a);
                if (a.startsWith("--") && i + 1 < args.length) {
                    out.add(args[++i]); // its value, as written, whatever it looks like
                }
            }
        }
        return out.toArray(String[]::new);
    }

    /**
     * The Flink settings among the job options, for the job's execution environment: the checkpoint
     * failures tolerated and the checkpoint timeout, and the checkpoint directory when one is given
     * (and with it checkpoints on that file system; a plain path as a {@link CheckpointPaths#uri
     * local directory}), the state backend and incremental checkpoints when given.
     */
    public static Configuration environment(Configuration conf) {
        Configuration flink = new Configuration();
        flink.set(
                CheckpointingOptions.TOLERABLE_FAILURE_NUMBER,
                conf.get(JobOptions.CHECKPOINT_TOLERABLE_FAILURES));
        flink.set(
                CheckpointingOptions.CHECKPOINTING_TIMEOUT,
                conf.get(JobOptions.CHECKPOINT_TIMEOUT));
        conf.getOptional(JobOptions.CHECKPOINT_DIR)
                .ifPresent(
                        dir -> {
                            flink.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
                            flink.set(
                                    CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                                    CheckpointPaths.uri(dir));
                        });
        stateBackend(conf).ifPresent(b -> flink.set(StateBackendOptions.STATE_BACKEND, b));
        conf.getOptional(JobOptions.CHECKPOINT_INCREMENTAL)
                .ifPresent(on -> flink.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, on));
        return flink;
    }

    /**
     * The state backend the job options ask for, in lower case, if they name one.
     *
     * @throws IllegalArgumentException naming the option and the value, when it is neither of the
     *     backends prescale runs on
     */
    public static Optional<String> stateBackend(Configuration conf) {
        Optional<String> named =
                conf.getOptional(JobOptions.STATE_BACKEND)
                        .map(b -> b.strip().toLowerCase(Locale.ROOT));
        if (named.isPresent() && !STATE_BACKENDS.contains(named.get())) {
            throw new IllegalArgumentException(
                    JobOptions.STATE_BACKEND.key()
                            + " must be hashmap or rocksdb, was '"
                            + conf.get(JobOptions.STATE_BACKEND)
                            + "'");
        }
        return named;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException("option " + option + " needs a value");
        }
        return args[i];
    }

    private static void loadYaml(Path file, Configuration conf, Map<String, String> from) {
        String problem = unreadable(file);
        if (problem != null) {
            throw new IllegalArgumentException("config file " + file + " " + problem);
        }
        Object yaml;
        // read here rather than by Flink's YamlParserUtils, which logs a stack trace first
        String text;
        try {
            text = utf8(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("config file " + file + " cannot be read: " + e, e);
        }
        try {
            LoadSettings settings = LoadSettings.builder().build();
            yaml = new Load(settings, new AsWritten(settings)).loadFromString(text);
        } catch (MarkedYamlEngineException e) {
            // where and what, not the parser's snippet of the line: it may hold a secret
            throw new IllegalArgumentException(
                    "config file "
                            + file
                            + " is not valid YAML: "
                            + e.getProblemMark().map(m -> at(m) + ": ").orElse("")
                            + e.getProblem()
                            + (e.getContext() == null
                                    ? ""
                                    : " ("
                                            + e.getContext()
                                            + e.getContextMark()
                                                    .map(m -> " from " + at(m))
                                                    .orElse("")
                                            + ")"));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "config file " + file + " is not valid YAML: " + e.getMessage(), e);
        }
        if (yaml == null) {
            return;
        }
        if (!(yaml instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(
                    "config file "
                            + file
                            + " must map option keys to values (window.size: 5m), was "
                            + yaml);
        }
        flatten("", map, conf, from, file, new HashSet<>());
    }

    /**
     * The text of {@code file}, without a leading byte-order mark.
     *
     * @throws IllegalArgumentException naming the line of a byte that is not UTF-8 (a Latin-1 byte,
     *     even in a comment, or a UTF-16 file was "not valid YAML:
     *     java.nio.charset.MalformedInputException: Input length = 1")
     */
    private static String utf8(Path file) throws IOException {
        String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        int bad = text.indexOf('\uFFFD');
        if (bad >= 0) {
            long line = text.substring(0, bad).chars().filter(c -> c == '\n').count() + 1;
            throw new IllegalArgumentException(
                    "config file "
                            + file
                            + " line "
                            + line
                            + " holds a byte that is not UTF-8 (or U+FFFD): a config file is UTF-8"
                            + " text (convert it with iconv -f ENCODING -t utf-8)");
        }
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** Where a YAML error is, as an editor counts: from 1. */
    private static String at(Mark m) {
        return "line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1);
    }

    /**
     * YAML's core schema (maps, lists, null, a key given twice refused) with its booleans and
     * numbers kept as written, since the options parse their own values: a secret {@code 2.50} is
     * "2.50", not the number 2.5, and {@code 4e9182} not Infinity (a tester's hex secrets).
     */
    private static final class AsWritten extends StandardConstructor {
        AsWritten(LoadSettings settings) {
            super(settings);
            for (Tag tag : List.of(Tag.BOOL, Tag.INT, Tag.FLOAT)) {
                tagConstructors.put(tag, node -> ((ScalarNode) node).getValue());
            }
        }
    }

    /** What keeps {@code file} from being read as a config file, or null when nothing. */
    private static String unreadable(Path file) {
        if (Files.isDirectory(file)) {
            return "is a directory, not a file";
        }
        if (!Files.exists(file)) {
            return "does not exist";
        }
        return Files.isReadable(file) ? null : "is not readable";
    }

    /**
     * Nested keys join with dots ({@code window: {size: 5m}} is {@code window.size}); a mapping
     * under an option's own key is that option's value ({@code allocation.tiers: {vm-1: 0}} is
     * {@code vm-1:0}), and a list is its items joined by commas ({@code forecast.quantiles: [0.5,
     * 0.9]}), the forms the options read. An option given twice in one file, once nested and once
     * with dots, fails: YAML refuses only the same key twice in one mapping.
     *
     * @param given the options the file gave so far
     */
    private static void flatten(
            String prefix,
            Map<?, ?> map,
            Configuration conf,
            Map<String, String> from,
            Path src,
            Set<String> given) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String k = prefix + e.getKey();
            Object v = e.getValue();
            if (v instanceof Map<?, ?> nested && !knownKeys().contains(k)) {
                flatten(k + ".", nested, conf, from, src, given);
            } else if (v == null) {
                throw new IllegalArgumentException(
                        "option '" + k + "' has no value (in " + src + ")");
            } else if (!given.add(k)) {
                throw new IllegalArgumentException(
                        "config file " + src + " gives option '" + k + "' twice");
            } else if (!(v instanceof String || v instanceof Map || v instanceof List)) {
                // a !!binary secret became "[B@1b2c3d" (a tester's), a !!set its brackets
                throw new IllegalArgumentException(
                        "option '"
                                + k
                                + "' (in "
                                + src
                                + ") is a YAML "
                                + (v instanceof byte[]
                                        ? "!!binary"
                                        : v instanceof Set ? "!!set" : v.getClass().getSimpleName())
                                + " value; write it as plain text");
            } else {
                put(conf, from, k, text(v), src.toString());
            }
        }
    }

    private static String text(Object yaml) {
        if (yaml instanceof Map<?, ?> map) {
            return map.entrySet().stream()
                    .map(e -> e.getKey() + ":" + e.getValue())
                    .collect(Collectors.joining(","));
        }
        if (yaml instanceof List<?> list) {
            return list.stream().map(String::valueOf).collect(Collectors.joining(","));
        }
        return String.valueOf(yaml);
    }

    /**
     * Sets {@code key} after checking it is an option, and keeps in {@code from} where it came.
     * Blanks around the value are no part of it: Flink took them around a decimal and refused them
     * around a whole number ({@code -Dallocation.lead-steps=" 2 "}).
     */
    private static void put(
            Configuration conf, Map<String, String> from, String key, String value, String source) {
        requireKnown(key, source);
        conf.setString(key, MapOptions.spaced(key, value.strip()));
        from.put(key, source);
    }

    private static void requireKnown(String key, String source) {
        if (!knownKeys().contains(key)) {
            List<String> near = nearest(key);
            throw new IllegalArgumentException(
                    "unknown option '"
                            + key
                            + "' (from "
                            + source
                            + "); "
                            + (near.isEmpty()
                                    ? known(key)
                                    : "did you mean " + String.join(" or ", near) + "?"));
        }
    }

    /**
     * The known options of {@code key}'s family (its first dotted part), or the families when it
     * has none: the ninety names at once read as noise.
     */
    private static String known(String key) {
        String family = family(key);
        List<String> kin = knownKeys().stream().filter(k -> family(k).equals(family)).toList();
        if (!kin.isEmpty()) {
            return "the " + family + ".* options are " + String.join(", ", kin);
        }
        return "the options' families are "
                + knownKeys().stream()
                        .map(k -> family(k) + ".*")
                        .distinct()
                        .collect(Collectors.joining(", "))
                + " (README, \"Job options\")";
    }

    /** "; a value of its kind: DEFAULT" when the option has a default to show, else "". */
    private static String example(ConfigOption<?> option) {
        if (!option.hasDefaultValue()) {
            return "";
        }
        Object v = option.defaultValue();
        if (v instanceof Boolean) {
            // the YAML read is 1.2's: yes, no, on and off are text there
            return "; true or false (its default " + v + ")";
        }
        if (v instanceof Enum<?> e) {
            return "; one of "
                    + Arrays.stream(e.getDeclaringClass().getEnumConstants())
                            .map(String::valueOf)
                            .collect(Collectors.joining(", "))
                    + " (its default "
                    + v
                    + ")";
        }
        String text =
                v instanceof Duration d
                        ? TimeUtils.formatWithHighestUnit(d)
                        : v instanceof Double x ? Decimals.plain(x) : String.valueOf(v);
        return text.isEmpty() || text.equals("{}") || text.equals("[]")
                ? ""
                : "; a value of its kind: " + text + " (its default)";
    }

    /**
     * What is wrong with {@code value}, in place of Flink's "Could not parse value 'X' for key 'K'"
     * (the key is said already) for a number or a duration: not a whole number ({@code 1e1}, {@code
     * 5.0}), one too large for it, not a number, not a duration; other messages as they are,
     * without a last full stop.
     */
    private static String unparsed(ConfigOption<?> option, String value, String message) {
        Object kind = option.hasDefaultValue() ? option.defaultValue() : null;
        String asIs = message.replaceFirst("\\.$", "");
        if (value == null || !message.startsWith("Could not parse value")) {
            return asIs;
        }
        String v = "'" + value.strip() + "'";
        if (kind instanceof Integer || kind instanceof Long) {
            return value.strip().matches("[+-]?\\d+")
                    ? v + " is too large a whole number"
                    : v + " is not a whole number (digits only, no exponent or point)";
        }
        if (kind instanceof Duration) {
            return v + " is not a duration (a number and a unit, as 5 min or 300 s)";
        }
        return kind instanceof Double ? v + " is not a number" : asIs;
    }

    /** Reads every option once so that a bad value fails now, naming its key. */
    private static void validate(Configuration conf) {
        MapOptions.check(conf);
        Map<String, String> written = conf.toMap();
        for (ConfigOption<?> option : JobOptions.all()) {
            try {
                conf.getOptional(option)
                        .ifPresent(
                                v -> {
                                    requireUnit(option, v, written.get(option.key()));
                                    requireAsciiNumber(v, written.get(option.key()));
                                    requireBelowLongest(v);
                                });
            } catch (IllegalArgumentException e) {
                // thrown without e, whose message it holds: a cluster's answer to a submission
                // shows the innermost cause only (infra/flink-rest.sh), which named no key
                String value = written.get(option.key());
                boolean negative =
                        option.hasDefaultValue()
                                && option.defaultValue() instanceof Duration
                                && value != null
                                && value.strip().startsWith("-");
                throw new IllegalArgumentException(
                        "option '"
                                + option.key()
                                + "' has a bad value: "
                                + (negative
                                        ? "'" + value + "' is negative, and a duration may not be"
                                        : unparsed(option, value, e.getMessage()))
                                + example(option));
            }
        }
        // every job reads them, and Flink would reject them later without naming them
        atLeastFlinksLeast(conf, JobOptions.CHECKPOINT_INTERVAL);
        atLeastFlinksLeast(conf, JobOptions.CHECKPOINT_TIMEOUT);
        atLeast(conf, JobOptions.CHECKPOINT_TOLERABLE_FAILURES, 0);
        CommandsTransactionWindow.check(conf);
        KafkaWiring.checkOutageTimeout(conf);
        stateBackend(conf);
        OptionRanges.check(conf);
        if (conf.getOptional(JobOptions.CHECKPOINT_DIR).filter(String::isBlank).isPresent()) {
            throw new IllegalArgumentException(
                    JobOptions.CHECKPOINT_DIR.key() + " must name a directory, was empty");
        }
    }

    /**
     * A number written as Java reads it but nobody means ({@code 0x1p-7}, {@code 5d}) is refused:
     * Flink's parser took them (the ninety-ninth tester's target violation {@code 0x1p-7}); so is
     * one no double holds ({@code 1e-400} was refused as "was 0.0"), and a whole number in other
     * digits than ASCII's ({@code ٣}, which {@code Integer.parseInt} reads as 3).
     */
    private static void requireAsciiNumber(Object value, String written) {
        if (written == null) {
            return; // a fallback key's
        }
        if ((value instanceof Integer || value instanceof Long)
                && !Decimals.isWhole(written.strip())) {
            throw new IllegalArgumentException(
                    "'" + written + "' is not a whole number in ASCII digits (such as 2 or 30)");
        }
        if (!(value instanceof Double || value instanceof Float)) {
            return;
        }
        if (!Decimals.isDecimal(written.strip())) {
            throw new IllegalArgumentException(
                    "'" + written + "' is not a decimal number (such as 0.05 or 1e-3)");
        }
        Decimals.outOfRange(written)
                .ifPresent(
                        why -> {
                            throw new IllegalArgumentException("'" + written + "' " + why);
                        });
    }

    /**
     * A duration written as a bare number is refused, but for 0: Flink reads it as milliseconds,
     * and a tester's {@code actuator.webhook.read-timeout: 10} failed every command after 10 ms
     * ({@code window.size: 300} meant 300 s too).
     */
    private static void requireUnit(ConfigOption<?> option, Object value, String written) {
        if (value instanceof Duration
                && written != null
                && written.strip().matches("0*[1-9][0-9]{0,17}")) {
            long n = Long.parseLong(written.strip());
            String minutes = n % 60 == 0 ? n / 60 + " min or " : "";
            throw new IllegalArgumentException(
                    n
                            + " has no unit, and would be "
                            + n
                            + " ms: write "
                            + minutes
                            + n
                            + " s, or "
                            + n
                            + " ms if milliseconds are meant");
        }
    }

    /**
     * A duration beyond {@link #LONGEST} is refused: its nanoseconds overflow a long in sums (a
     * tester's {@code actuator.webhook.read-timeout: 1000000000 d} failed every command the
     * receiver had applied), and no option means anything at such lengths.
     */
    private static void requireBelowLongest(Object value) {
        if (value instanceof Duration d && d.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException(
                    TimeUtils.formatWithHighestUnit(d)
                            + " is longer than "
                            + TimeUtils.formatWithHighestUnit(LONGEST)
                            + " (100 years), the longest a duration may be");
        }
    }

    private static void atLeastFlinksLeast(Configuration conf, ConfigOption<Duration> option) {
        Duration value = conf.get(option);
        if (value.compareTo(MIN_CHECKPOINT_TIME) < 0) {
            throw new IllegalArgumentException(
                    option.key()
                            + " must be at least 10 ms (Flink's least), was "
                            + TimeUtils.formatWithHighestUnit(value));
        }
    }

    /**
     * The value of {@code option}, in {@code [min, max]}.
     *
     * @throws IllegalArgumentException naming the option, when it is outside
     */
    static double within(Configuration conf, ConfigOption<Double> option, double min, double max) {
        double value = conf.get(option);
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(Decimals.mustBeIn(option.key(), min, max, value));
        }
        return value;
    }

    /**
     * The value of {@code option}, at least {@code min}.
     *
     * @throws IllegalArgumentException naming the option, when it is less
     */
    static int atLeast(Configuration conf, ConfigOption<Integer> option, int min) {
        int value = conf.get(option);
        if (value < min) {
            throw new IllegalArgumentException(
                    option.key() + " must be >= " + min + ", was " + value);
        }
        return value;
    }

    /**
     * The value of {@code option}, at least {@code min} (a bare number, which Flink would read as
     * milliseconds, is refused before: {@link #requireUnit}).
     *
     * @param why what the least value is, for the message
     * @throws IllegalArgumentException naming the option and its value as read, when it is less
     */
    static Duration atLeast(
            Configuration conf, ConfigOption<Duration> option, Duration min, String why) {
        Duration value = conf.get(option);
        if (value.compareTo(min) < 0) {
            throw new IllegalArgumentException(
                    "option '"
                            + option.key()
                            + "' is "
                            + TimeUtils.formatWithHighestUnit(value)
                            + "; it must be at least "
                            + TimeUtils.formatWithHighestUnit(min)
                            + " ("
                            + why
                            + ")");
        }
        return value;
    }

    /**
     * The value of {@code option}, above 0.
     *
     * @throws IllegalArgumentException naming the option, when it is 0 or negative
     */
    static Duration positive(Configuration conf, ConfigOption<Duration> option) {
        Duration value = conf.get(option);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(
                    option.key()
                            + " must be above 0, was "
                            + TimeUtils.formatWithHighestUnit(value));
        }
        return value;
    }

    /** Runs {@code make}, prefixing a validation message with the options it came from. */
    static <T> T named(String options, Supplier<T> make) {
        try {
            return make.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(options + ": " + e.getMessage(), e);
        }
    }

    private static String family(String key) {
        int dot = key.indexOf('.');
        return dot < 0 ? key : key.substring(0, dot);
    }

    /** The known keys at the smallest edit distance from {@code key}, if it is a slip. */
    private static List<String> nearest(String key) {
        int best = Math.max(2, key.length() / 6) + 1;
        List<String> near = new ArrayList<>();
        for (String known : knownKeys()) {
            int d = editDistance(key, known);
            if (d < best) {
                best = d;
                near.clear();
            }
            if (d == best) {
                near.add("'" + known + "'");
            }
        }
        return near;
    }

    /** Levenshtein's distance between {@code a} and {@code b}: the edits from one to the other. */
    public static int editDistance(String a, String b) {
        int[] row = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            row[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            int diagonal = row[0];
            row[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int above = row[j];
                int change = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                row[j] = Math.min(Math.min(row[j] + 1, row[j - 1] + 1), diagonal + change);
                diagonal = above;
            }
        }
        return row[b.length()];
    }

    static Set<String> knownKeys() {
        return JobOptions.all().stream()
                .map(ConfigOption::key)
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
