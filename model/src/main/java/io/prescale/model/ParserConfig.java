package io.prescale.model;

import java.io.Serializable;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * How {@link SampleParser} reads and validates samples.
 *
 * @param entityTag line-protocol tag whose value is the entity (Telegraf: {@code host})
 * @param tenantTag line-protocol tag whose value is the tenant
 * @param maxPayloadBytes larger payloads are rejected whole
 * @param maxPastSkew samples older than {@code now - maxPastSkew} are rejected; {@code null} turns
 *     the check off (replays of old traces)
 * @param maxFutureSkew samples later than {@code now + maxFutureSkew} are rejected; {@code null}
 *     turns the check off
 * @param minValue smallest accepted metric value
 * @param maxValue largest accepted metric value
 * @param lineProtocolPrecision unit of line-protocol timestamps (Telegraf's default: ns)
 */
public record ParserConfig(
        String entityTag,
        String tenantTag,
        int maxPayloadBytes,
        Duration maxPastSkew,
        Duration maxFutureSkew,
        double minValue,
        double maxValue,
        TimeUnit lineProtocolPrecision)
        implements Serializable {

    public ParserConfig {
        Checks.notBlank("entityTag", entityTag);
        Checks.notBlank("tenantTag", tenantTag);
        if (maxPayloadBytes < 1) {
            throw new IllegalArgumentException(
                    "maxPayloadBytes must be >= 1, was " + maxPayloadBytes);
        }
        if (maxPastSkew != null) {
            Checks.positive("maxPastSkew", maxPastSkew);
        }
        if (maxFutureSkew != null) {
            Checks.positive("maxFutureSkew", maxFutureSkew);
        }
        Checks.finite("minValue", minValue);
        Checks.finite("maxValue", maxValue);
        if (minValue > maxValue) {
            throw new IllegalArgumentException(
                    "minValue (" + minValue + ") must be <= maxValue (" + maxValue + ")");
        }
        Checks.notNull("lineProtocolPrecision", lineProtocolPrecision);
        if (lineProtocolPrecision.compareTo(TimeUnit.SECONDS) > 0) {
            throw new IllegalArgumentException(
                    "lineProtocolPrecision must be s, ms, us or ns, was " + lineProtocolPrecision);
        }
    }

    /**
     * Entity tag {@code host}, 1 MiB payloads, 7 days back, 5 minutes ahead, |value| ≤ 1e18, ns.
     */
    public static ParserConfig defaults() {
        return new ParserConfig(
                "host",
                "tenant",
                1 << 20,
                Duration.ofDays(7),
                Duration.ofMinutes(5),
                -1e18,
                1e18,
                TimeUnit.NANOSECONDS);
    }
}
