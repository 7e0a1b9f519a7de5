package io.prescale.jobs;

import io.prescale.model.ParserConfig;
import java.io.Serializable;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;

/**
 * The ingest half of the scaling job: parsing, watermarks and windows.
 *
 * @param parser parsing and validation of samples
 * @param window tumbling event-time window per (entity, metric)
 * @param outOfOrderness bound on lateness the watermark waits for
 * @param idleness after this long without records a split stops holding back the watermark; null
 *     when the source is bounded (a replay), where every split ends and ending releases the
 *     watermark, so a split that is only slow to be read never has its samples made late
 * @param resumeHold how long a split's watermark stays at its first record after an idle spell
 *     ({@link ResumeHeldWatermarks}); zero for none
 */
public record IngestSettings(
        ParserConfig parser,
        Duration window,
        Duration outOfOrderness,
        Duration idleness,
        Duration resumeHold)
        implements Serializable {

    /** The least window: the forecasts' step is the window, and a step is at least 1 s. */
    private static final Duration MIN_WINDOW = Duration.ofSeconds(1);

    public IngestSettings {
        requirePositive("window.size", window);
        if (outOfOrderness.isNegative()) {
            throw new IllegalArgumentException(
                    "watermark.out-of-orderness must not be negative, was " + outOfOrderness);
        }
        if (idleness != null) {
            requirePositive("watermark.idleness", idleness);
        }
        if (resumeHold.isNegative()) {
            throw new IllegalArgumentException(
                    "watermark.resume-hold must not be negative, was " + resumeHold);
        }
    }

    /** These settings with samples rejected when one of {@code metrics} is below 0. */
    public IngestSettings withDemandMetrics(Set<String> metrics) {
        return new IngestSettings(
                parser.withDemandMetrics(metrics), window, outOfOrderness, idleness, resumeHold);
    }

    private static void requirePositive(String key, Duration d) {
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(key + " must be positive, was " + d);
        }
    }

    /**
     * Reads the settings from a configuration validated by {@link JobConfig}, with no demand
     * metrics ({@link JobSettings#from} adds the allocated resources').
     */
    public static IngestSettings from(Configuration conf) {
        ParserConfig defaults = ParserConfig.defaults();
        int maxPayloadBytes = JobConfig.atLeast(conf, JobOptions.MAX_PAYLOAD_BYTES, 1);
        Duration maxPastSkew = zeroIsOff(conf.get(JobOptions.MAX_PAST_SKEW));
        Duration maxFutureSkew = zeroIsOff(conf.get(JobOptions.MAX_FUTURE_SKEW));
        TimeUnit precision = precision(conf.get(JobOptions.LINE_PROTOCOL_PRECISION));
        // what else the parser checks is the two tags
        ParserConfig parser =
                JobConfig.named(
                        JobOptions.ENTITY_TAG.key() + "/" + JobOptions.TENANT_TAG.key(),
                        () ->
                                new ParserConfig(
                                        conf.get(JobOptions.ENTITY_TAG),
                                        conf.get(JobOptions.TENANT_TAG),
                                        maxPayloadBytes,
                                        maxPastSkew,
                                        maxFutureSkew,
                                        defaults.minValue(),
                                        defaults.maxValue(),
                                        precision,
                                        Set.of()));
        return new IngestSettings(
                parser,
                JobConfig.atLeast(
                        conf, JobOptions.WINDOW_SIZE, MIN_WINDOW, "the least forecast step"),
                conf.get(JobOptions.OUT_OF_ORDERNESS),
                conf.get(JobOptions.KAFKA_BOUNDED) ? null : conf.get(JobOptions.IDLENESS),
                conf.get(JobOptions.RESUME_HOLD));
    }

    private static TimeUnit precision(String unit) {
        return switch (unit.strip().toLowerCase(Locale.ROOT)) {
            case "s" -> TimeUnit.SECONDS;
            case "ms" -> TimeUnit.MILLISECONDS;
            case "us" -> TimeUnit.MICROSECONDS;
            case "ns" -> TimeUnit.NANOSECONDS;
            default ->
                    throw new IllegalArgumentException(
                            "parser.line-protocol-precision must be s, ms, us or ns, was '"
                                    + unit
                                    + "'");
        };
    }

    private static Duration zeroIsOff(Duration d) {
        return d.isZero() ? null : d;
    }
}
