package io.prescale.agent;

import io.prescale.model.TopicNames;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The agent's command-line options, a picocli mixin shared by {@code prescale agent} and {@link
 * AgentMain}. {@link #toConfig()} checks them all and throws a {@link ParameterException} naming
 * the option, which picocli reports with exit code 2.
 */
public final class AgentOptions {
    private static final Pattern HOST_PORT = Pattern.compile("[^\\s,:]+:(\\d{1,5})");
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");
    private static final Duration MIN_INTERVAL = Duration.ofMillis(100);

    /** A day: a send waits up to three intervals, which Kafka's producer takes in int ms. */
    private static final Duration MAX_INTERVAL = Duration.ofDays(1);

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(
            names = "--bootstrap",
            required = true,
            paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers, comma-separated HOST:PORT.")
    String bootstrap;

    @Option(
            names = "--topic",
            defaultValue = "prescale.metrics",
            description = "Topic the samples go to (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(
            names = "--interval",
            defaultValue = "10s",
            description =
                    "Time between readings: 500ms, 10s, 1m, 1h or ISO-8601 (PT10S, P1D); at least"
                            + " 100ms, at most 24h (default: ${DEFAULT-VALUE}).")
    String interval;

    @Option(
            names = "--entity-by",
            defaultValue = "host",
            paramLabel = "host|process",
            description =
                    "host: one entity per machine; process: one entity <hostname>/<name>-<pid> per"
                            + " process matching --match (default: ${DEFAULT-VALUE}).")
    String entityBy;

    @Option(
            names = "--match",
            paramLabel = "REGEX",
            description =
                    "Process names (or, where the name does not match, executable paths and"
                            + " command lines: Linux cuts names to 15 characters) to read with"
                            + " --entity-by process (default: all).")
    String match;

    @Option(names = "--tenant", description = "Tenant of every sample (default: none).")
    String tenant;

    @Option(
            names = "--entity",
            paramLabel = "NAME",
            description =
                    "Name the entities after NAME instead of the host name (machines that share"
                            + " a host name, containers), as the host entity or the <NAME>/ of"
                            + " process entities (default: the host name).")
    String entity;

    @Option(
            names = "--count",
            defaultValue = "0",
            paramLabel = "N",
            description = "Publish N intervals, then exit; 0 runs until stopped (default: 0).")
    long count;

    /** Validates every option. */
    public AgentConfig toConfig() {
        EntityBy by = entityBy(entityBy);
        if (match != null && by != EntityBy.PROCESS) {
            throw bad("--match applies only with --entity-by process");
        }
        if (tenant != null && tenant.isBlank()) {
            throw bad("--tenant must not be blank");
        }
        if (entity != null && (entity.isBlank() || entity.length() > 256)) {
            throw bad("--entity must be 1 to 256 characters, not blank, was '" + entity + "'");
        }
        if (count < 0) {
            throw bad("--count must be >= 0, was " + count);
        }
        return new AgentConfig(
                bootstrap(bootstrap),
                topic(topic),
                interval(interval),
                by,
                pattern(match),
                tenant,
                count,
                entity);
    }

    private String bootstrap(String value) {
        if (value == null || value.isBlank()) {
            throw bad("--bootstrap must be HOST:PORT, was empty");
        }
        for (String server : value.split(",", -1)) {
            Matcher m = HOST_PORT.matcher(server.trim());
            if (!m.matches()
                    || Integer.parseInt(m.group(1)) < 1
                    || Integer.parseInt(m.group(1)) > 65535) {
                throw bad("--bootstrap must be HOST:PORT[,HOST:PORT...], was '" + value + "'");
            }
        }
        try {
            // as the Kafka client does when it is made: at least one host must resolve
            BrokerCheck.requireUsableAddress("--bootstrap", value);
        } catch (IllegalArgumentException e) {
            throw bad(e.getMessage());
        }
        return value.trim();
    }

    private String topic(String value) {
        String problem = TopicNames.samplesProblem("--topic", value);
        if (problem != null) {
            throw bad(problem);
        }
        return value;
    }

    private Duration interval(String value) {
        Duration d = parseDuration(value);
        if (d == null) {
            throw bad("--interval must be like 500ms, 10s, 1m, PT10S or P1D, was '" + value + "'");
        }
        if (d.compareTo(MIN_INTERVAL) < 0) {
            throw bad("--interval must be at least 100ms, was '" + value + "'");
        }
        if (d.compareTo(MAX_INTERVAL) > 0) {
            throw bad("--interval must be at most 24h, was '" + value + "'");
        }
        return d;
    }

    static Duration parseDuration(String value) {
        if (value == null) {
            return null;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        Matcher m = DURATION.matcher(v);
        try {
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofHours(n);
                };
            }
            return v.startsWith("p") ? Duration.parse(v) : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private EntityBy entityBy(String value) {
        if ("host".equalsIgnoreCase(value)) {
            return EntityBy.HOST;
        }
        if ("process".equalsIgnoreCase(value)) {
            return EntityBy.PROCESS;
        }
        throw bad("--entity-by must be host or process, was '" + value + "'");
    }

    private Pattern pattern(String value) {
        if (value == null) {
            return Pattern.compile("");
        }
        try {
            return Pattern.compile(value);
        } catch (PatternSyntaxException e) {
            throw bad(
                    "--match is not a valid regex: " + e.getDescription() + " in '" + value + "'");
        }
    }

    private ParameterException bad(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
