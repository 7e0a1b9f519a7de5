package io.prescale.model;

import java.io.Serializable;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * How {@link SampleParser} reads and validates samples. A bad config is a start-up error, so the
 * constructor throws {@link IllegalArgumentException} (not {@link InvalidRecordException}, which is
 * about one record) naming the setting and its value.
 *
 * @param entityTag line-protocol tag whose value is the entity (Telegraf: {@code host})
 * @param tenantTag line-protocol tag whose value is the tenant
 * @param maxPayloadBytes larger payloads are rejected whole, before any parsing
 * @param maxPastSkew samples older than {@code now - maxPastSkew} are rejected; {@code null} turns
 *     the check off (replays of old traces)
 * @param maxFutureSkew samples later than {@code now + maxFutureSkew} are rejected; {@code null}
 *     turns the check off
 * @param minValue smallest accepted metric value (inclusive)
 * @param maxValue largest accepted metric value (inclusive)
 * @param lineProtocolPrecision unit of line-protocol timestamps: s, ms, us or ns (Telegraf's
 *     default: ns)
 * @param demandMetrics metrics that are a resource's demand: a sample with one of them below 0 is
 *     rejected, as the backtest refuses such a trace (a demand below zero is a broken agent, not a
 *     load); other metrics may be negative within the value range
 */
public record ParserConfig(
        String entityTag,
        String tenantTag,
        int maxPayloadBytes,
        Duration maxPastSkew,
        Duration maxFutureSkew,
        double minValue,
        double maxValue,
        TimeUnit lineProtocolPrecision,
        Set<String> demandMetrics)
        implements Serializable {

    /** The job's options that set the limits a refusal names, so that a sender knows which. */
    public static final String MAX_PAYLOAD_BYTES_KEY = "parser.max-payload-bytes";

    public static final String MAX_PAST_SKEW_KEY = "parser.max-past-skew";

    public static final String MAX_FUTURE_SKEW_KEY = "parser.max-future-skew";

    public ParserConfig {
        requireText("entityTag", entityTag);
        requireText("tenantTag", tenantTag);
        require(
                !entityTag.equals(tenantTag),
                "entityTag and tenantTag must differ, both were " + Checks.quote(entityTag));
        require(maxPayloadBytes >= 1, "maxPayloadBytes must be >= 1, was " + maxPayloadBytes);
        requirePositiveOrNull("maxPastSkew", maxPastSkew);
        requirePositiveOrNull("maxFutureSkew", maxFutureSkew);
        require(Double.isFinite(minValue), "minValue must be finite, was " + minValue);
        require(Double.isFinite(maxValue), "maxValue must be finite, was " + maxValue);
        require(
                minValue <= maxValue,
                "minValue (" + minValue + ") must be <= maxValue (" + maxValue + ")");
        require(lineProtocolPrecision != null, "lineProtocolPrecision must not be null");
        require(
                lineProtocolPrecision.compareTo(TimeUnit.SECONDS) <= 0,
                "lineProtocolPrecision must be s, ms, us or ns, was " + lineProtocolPrecision);
        require(demandMetrics != null, "demandMetrics must not be null");
        for (String m : demandMetrics) {
            requireText("a demand metric", m);
        }
        demandMetrics = Set.copyOf(demandMetrics);
    }

    /** A config with nanosecond line-protocol timestamps, Telegraf's default, and no demands. */
    public ParserConfig(
            String entityTag,
            String tenantTag,
            int maxPayloadBytes,
            Duration maxPastSkew,
            Duration maxFutureSkew,
            double minValue,
            double maxValue) {
        this(
                entityTag,
                tenantTag,
                maxPayloadBytes,
                maxPastSkew,
                maxFutureSkew,
                minValue,
                maxValue,
                TimeUnit.NANOSECONDS,
                Set.of());
    }

    /**
     * The largest magnitude of a metric value by default (1e18), and of any other amount a client
     * sends that becomes an allocation (a hint's amount): far beyond any real demand, and small
     * enough that the policy's arithmetic on it stays finite.
     */
    public static final double VALUE_BOUND = 1e18;

    /**
     * Entity tag {@code host}, tenant tag {@code tenant}, 1 MiB payloads, 7 days back, 30 s ahead
     * (the job's watermark.out-of-orderness: a sample further ahead would make the others' late),
     * |value| ≤ {@link #VALUE_BOUND}, ns.
     */
    public static ParserConfig defaults() {
        return new ParserConfig(
                "host",
                "tenant",
                1 << 20,
                Duration.ofDays(7),
                Duration.ofSeconds(30),
                -VALUE_BOUND,
                VALUE_BOUND);
    }

    /** This config with line-protocol timestamps in {@code unit}. */
    public ParserConfig withLineProtocolPrecision(TimeUnit unit) {
        return new ParserConfig(
                entityTag,
                tenantTag,
                maxPayloadBytes,
                maxPastSkew,
                maxFutureSkew,
                minValue,
                maxValue,
                unit,
                demandMetrics);
    }

    /** This config with another payload limit. */
    public ParserConfig withMaxPayloadBytes(int bytes) {
        return new ParserConfig(
                entityTag,
                tenantTag,
                bytes,
                maxPastSkew,
                maxFutureSkew,
                minValue,
                maxValue,
                lineProtocolPrecision,
                demandMetrics);
    }

    /** This config with another skew window; {@code null} turns a side off. */
    public ParserConfig withSkew(Duration maxPast, Duration maxFuture) {
        return new ParserConfig(
                entityTag,
                tenantTag,
                maxPayloadBytes,
                maxPast,
                maxFuture,
                minValue,
                maxValue,
                lineProtocolPrecision,
                demandMetrics);
    }

    /** This config with another accepted value range. */
    public ParserConfig withValueRange(double min, double max) {
        return new ParserConfig(
                entityTag,
                tenantTag,
                maxPayloadBytes,
                maxPastSkew,
                maxFutureSkew,
                min,
                max,
                lineProtocolPrecision,
                demandMetrics);
    }

    /** This config reading the entity and tenant from other line-protocol tags. */
    public ParserConfig withTags(String entity, String tenant) {
        return new ParserConfig(
                entity,
                tenant,
                maxPayloadBytes,
                maxPastSkew,
                maxFutureSkew,
                minValue,
                maxValue,
                lineProtocolPrecision,
                demandMetrics);
    }

    /** This config rejecting samples with one of {@code metrics} below 0. */
    public ParserConfig withDemandMetrics(Set<String> metrics) {
        return new ParserConfig(
                entityTag,
                tenantTag,
                maxPayloadBytes,
                maxPastSkew,
                maxFutureSkew,
                minValue,
                maxValue,
                lineProtocolPrecision,
                metrics);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    private static void requireText(String setting, String value) {
        require(
                value != null && !value.isBlank(),
                setting + " must not be blank, was " + Checks.quote(value));
    }

    private static void requirePositiveOrNull(String setting, Duration value) {
        require(
                value == null || !(value.isZero() || value.isNegative()),
                setting + " must be positive or null (off), was " + value);
    }
}
