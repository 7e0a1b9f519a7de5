package io.prescale.jobs;

import io.prescale.connectors.Urls;
import io.prescale.ml.forecast.QuantileLevelSet;
import io.prescale.model.Decimals;
import io.prescale.model.SeriesNames;
import io.prescale.model.TopicNames;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.util.TimeUtils;

/**
 * The range of every job option, checked when the options are read ({@link JobConfig#fromArgs}),
 * whichever job reads the option and whether or not its backend or sink is on: a value an operator
 * would refuse once running (and so restart for ever) stops the start instead, with a message that
 * names the option's key, or the keys of the options that do not fit together, and the value.
 * Options of the capacity arbiter and of the actuator's backends are checked by {@link
 * CapacityConfig#check} and {@link Backends#check}, the map options' form by {@link MapOptions}.
 */
final class OptionRanges {
    /** The most horizons a series forecasts (the forecaster's bound). */
    static final int MAX_HORIZONS = 64;

    private OptionRanges() {}

    /**
     * Checks every option's value.
     *
     * @throws IllegalArgumentException naming the option (or options) and the value, for the first
     *     that does not fit
     */
    static void check(Configuration conf) {
        kafka(conf);
        ingest(conf);
        influx(conf);
        allocation(conf);
        forecast(conf);
        alerts(conf);
        CapacityConfig.check(conf);
        Backends.check(conf);
    }

    private static void kafka(Configuration conf) {
        nonBlank(conf, JobOptions.KAFKA_BOOTSTRAP);
        nonBlank(conf, JobOptions.KAFKA_GROUP_ID);
        nonBlank(conf, JobOptions.TRANSACTIONAL_ID_PREFIX);
        nonBlank(conf, JobOptions.ACTUATOR_GROUP_ID);
        for (ConfigOption<String> topic : JobOptions.TOPICS) {
            String name = nonBlank(conf, topic);
            // a control character in it was told later as a missing topic, printed raw
            String problem = TopicNames.problem(topic.key(), name);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
        }
        Map<String, List<String>> keysByTopic =
                JobOptions.TOPICS.stream()
                        .collect(
                                Collectors.groupingBy(
                                        conf::get,
                                        LinkedHashMap::new,
                                        Collectors.mapping(
                                                ConfigOption::key, Collectors.toList())));
        keysByTopic.forEach(
                (topic, keys) -> {
                    if (keys.size() > 1) {
                        throw new IllegalArgumentException(
                                String.join(", ", keys.subList(0, keys.size() - 1))
                                        + " and "
                                        + keys.get(keys.size() - 1)
                                        + (keys.size() == 2 ? " both" : " all")
                                        + " name the topic '"
                                        + topic
                                        + "'; each must name its own");
                    }
                });
    }

    private static void ingest(Configuration conf) {
        nonBlank(conf, JobOptions.ENTITY_TAG);
        nonBlank(conf, JobOptions.TENANT_TAG);
        notNegative(conf, JobOptions.OUT_OF_ORDERNESS);
        JobConfig.positive(conf, JobOptions.IDLENESS);
        notNegative(conf, JobOptions.RESUME_HOLD);
        notNegative(conf, JobOptions.MAX_PAST_SKEW);
        notNegative(conf, JobOptions.MAX_FUTURE_SKEW);
        // the window, the payload bound, the precision and the two tags together
        IngestSettings.from(conf);
    }

    private static void influx(Configuration conf) {
        conf.getOptional(JobOptions.INFLUX_URL)
                .ifPresent(
                        url ->
                                Urls.requireBase(
                                        JobOptions.INFLUX_URL.key(), url, "http://127.0.0.1:8086"));
        InfluxWiring.requireDatabaseName(
                JobOptions.INFLUX_DATABASE.key(), conf.get(JobOptions.INFLUX_DATABASE));
        int batchSize = JobConfig.atLeast(conf, JobOptions.INFLUX_BATCH_SIZE, 1);
        JobConfig.atLeast(conf, JobOptions.INFLUX_MAX_RETRIES, 0);
        JobConfig.positive(conf, JobOptions.INFLUX_INITIAL_BACKOFF);
        int buffered = conf.get(JobOptions.INFLUX_MAX_BUFFERED_POINTS);
        if (buffered < batchSize) {
            throw belowOther(
                    JobOptions.INFLUX_MAX_BUFFERED_POINTS,
                    buffered,
                    JobOptions.INFLUX_BATCH_SIZE,
                    batchSize);
        }
        JobConfig.atLeast(conf, JobOptions.INFLUX_MAX_ENTITY_TAGS, 0);
        JobConfig.atLeast(conf, JobOptions.INFLUX_ENTITY_BUCKETS, 1);
    }

    private static void allocation(Configuration conf) {
        JobConfig.within(conf, JobOptions.TARGET_VIOLATION, 0.0001, 0.5);
        JobConfig.atLeast(conf, JobOptions.LEAD_STEPS, 1);
        JobConfig.positive(conf, JobOptions.LEASE);
        JobConfig.atLeast(conf, JobOptions.ALLOCATION_TIER, 0);
        seriesName(conf, JobOptions.ALLOCATION_POOL, "pool");
        seriesName(conf, JobOptions.RESOURCE, "resource");
        seriesName(conf, JobOptions.DEMAND_METRIC, "metric");
        seriesName(conf, JobOptions.RESOURCE_UNIT, "unit");
        JobSettings.resources(conf);
        CapacityConfig.tiers(conf);
        JobConfig.atLeast(
                conf,
                JobOptions.SESSION_INACTIVITY_TIMEOUT,
                conf.get(JobOptions.WINDOW_SIZE),
                "one window.size");
        conf.getOptional(JobOptions.SESSION_CLASS_PATTERN).ifPresent(OptionRanges::classPattern);
        JobConfig.atLeast(conf, JobOptions.SESSION_RECLASS_STEPS, 1);
        atLeastZero(conf, JobOptions.SESSION_RECLASS_MIN_PRESSURE);
        JobConfig.positive(conf, JobOptions.LEDGER_TTL);
        JobConfig.atLeast(conf, JobOptions.FEEDBACK_REMEMBERED_FORECASTS, 1);
    }

    /** A name InfluxDB can store as a tag ({@link SeriesNames}). */
    private static void seriesName(Configuration conf, ConfigOption<String> option, String what) {
        JobConfig.named(option.key(), () -> SeriesNames.require(what, conf.get(option)));
    }

    /** A regular expression with a group for the session's class. */
    private static void classPattern(String regex) {
        String key = JobOptions.SESSION_CLASS_PATTERN.key();
        Pattern pattern;
        try {
            pattern = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(
                    key
                            + " must be a regular expression, was '"
                            + regex
                            + "' ("
                            + e.getDescription()
                            + " near index "
                            + e.getIndex()
                            + ")",
                    e);
        }
        if (pattern.matcher("").groupCount() < 1) {
            throw new IllegalArgumentException(
                    key
                            + " needs a capturing group for the class, e.g. ^([a-z]+)-, was '"
                            + regex
                            + "'");
        }
    }

    private static void forecast(Configuration conf) {
        int horizons = conf.get(JobOptions.FORECAST_HORIZONS);
        if (horizons < 1 || horizons > MAX_HORIZONS) {
            throw new IllegalArgumentException(
                    JobOptions.FORECAST_HORIZONS.key()
                            + " must be in [1, "
                            + MAX_HORIZONS
                            + "], was "
                            + horizons);
        }
        int lead = conf.get(JobOptions.LEAD_STEPS);
        if (horizons < lead) {
            throw belowOther(JobOptions.FORECAST_HORIZONS, horizons, JobOptions.LEAD_STEPS, lead);
        }
        OutputHorizons.parse(conf.get(JobOptions.FORECAST_OUTPUT_HORIZONS), horizons);
        double[] levels = JobSettings.levels(conf.get(JobOptions.FORECAST_QUANTILES));
        JobConfig.named(JobOptions.FORECAST_QUANTILES.key(), () -> QuantileLevelSet.of(levels));
        JobConfig.positive(conf, JobOptions.FORECAST_STATE_TTL);
    }

    private static void alerts(Configuration conf) {
        double raise = conf.get(JobOptions.ALERT_RAISE_ABOVE);
        if (!(raise > 0 && raise <= 1)) {
            throw new IllegalArgumentException(
                    JobOptions.ALERT_RAISE_ABOVE.key() + " must be in (0, 1], was " + raise);
        }
        double clear = conf.get(JobOptions.ALERT_CLEAR_BELOW);
        if (!(clear >= 0 && clear <= raise)) {
            throw new IllegalArgumentException(
                    JobOptions.ALERT_CLEAR_BELOW.key()
                            + " must be in [0, "
                            + JobOptions.ALERT_RAISE_ABOVE.key()
                            + " = "
                            + Decimals.plain(raise)
                            + "], was "
                            + Decimals.plain(clear)
                            + (conf.contains(JobOptions.ALERT_CLEAR_BELOW)
                                    ? ""
                                    : " (its default; set it too when lowering "
                                            + JobOptions.ALERT_RAISE_ABOVE.key()
                                            + ")"));
        }
        double critical = JobConfig.within(conf, JobOptions.ALERT_CRITICAL_ABOVE, 0, 1);
        if (critical < raise) {
            // every alert would be CRITICAL, none WARNING, and nothing would say so
            throw belowOther(
                    conf,
                    JobOptions.ALERT_CRITICAL_ABOVE,
                    Decimals.plain(critical),
                    JobOptions.ALERT_RAISE_ABOVE,
                    Decimals.plain(raise));
        }
        Duration suppression = notNegative(conf, JobOptions.ALERT_SUPPRESSION);
        JobConfig.positive(conf, JobOptions.ALERT_STATE_TTL);
        Duration ttl = conf.get(JobOptions.ALERT_STATE_TTL);
        if (ttl.compareTo(suppression) < 0) {
            // the state dropped held the last alert that suppression compares with: a second
            // alert came within alerts.suppression (the hundred-and-eleventh tester's 1 min)
            throw belowOther(
                    conf,
                    JobOptions.ALERT_STATE_TTL,
                    TimeUtils.formatWithHighestUnit(ttl),
                    JobOptions.ALERT_SUPPRESSION,
                    TimeUtils.formatWithHighestUnit(suppression));
        }
    }

    /**
     * {@link #belowOther}, saying when {@code option} was left at its default: a user who raised
     * only {@code other} is told to set it too.
     */
    private static IllegalArgumentException belowOther(
            Configuration conf,
            ConfigOption<?> option,
            Object value,
            ConfigOption<?> other,
            Object bound) {
        IllegalArgumentException e = belowOther(option, value, other, bound);
        return conf.contains(option)
                ? e
                : new IllegalArgumentException(
                        e.getMessage()
                                + " (its default; set it too when raising "
                                + other.key()
                                + ")");
    }

    /**
     * "OPTION must be at least OTHER = BOUND, was VALUE": an option below the one it may not be
     * below.
     */
    static IllegalArgumentException belowOther(
            ConfigOption<?> option, Object value, ConfigOption<?> other, Object bound) {
        return new IllegalArgumentException(
                option.key()
                        + " must be at least "
                        + other.key()
                        + " = "
                        + bound
                        + ", was "
                        + value);
    }

    /**
     * The value of {@code option}, neither empty nor only spaces.
     *
     * @throws IllegalArgumentException naming the option, when it is
     */
    static String nonBlank(Configuration conf, ConfigOption<String> option) {
        String value = conf.get(option);
        if (value != null && value.isBlank()) {
            throw new IllegalArgumentException(
                    option.key() + " must not be blank, was '" + value + "'");
        }
        return value;
    }

    /**
     * The value of {@code option}, 0 or more.
     *
     * @throws IllegalArgumentException naming the option, when it is negative
     */
    static Duration notNegative(Configuration conf, ConfigOption<Duration> option) {
        Duration value = conf.get(option);
        if (value.isNegative()) {
            throw new IllegalArgumentException(
                    option.key()
                            + " must not be negative, was "
                            + TimeUtils.formatWithHighestUnit(value));
        }
        return value;
    }

    /**
     * The value of {@code option}, finite and 0 or more.
     *
     * @throws IllegalArgumentException naming the option, when it is not
     */
    static double atLeastZero(Configuration conf, ConfigOption<Double> option) {
        double value = conf.get(option);
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(
                    option.key() + " must be finite and >= 0, was " + Decimals.plain(value));
        }
        return value;
    }
}
