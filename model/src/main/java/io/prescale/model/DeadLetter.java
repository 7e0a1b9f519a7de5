package io.prescale.model;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * A record the job could not accept, kept whole: its raw key and value, where it came from, and why
 * it was rejected. Written to {@code prescale.deadletter} under its original key.
 *
 * @param partition source partition, -1 when not from Kafka (e.g. a late sample)
 * @param offset source offset, -1 when not from Kafka
 */
public record DeadLetter(
        byte[] key,
        byte[] value,
        String topic,
        int partition,
        long offset,
        String reason,
        Instant rejectedAt) {

    public DeadLetter {
        Checks.notNull("topic", topic);
        Checks.notBlank("reason", reason);
        Checks.notNull("rejectedAt", rejectedAt);
    }

    /** {@code raw} kept whole, rejected at {@code at} for {@code reason}. */
    public static DeadLetter of(RawRecord raw, String reason, Instant at) {
        return new DeadLetter(
                raw.key(), raw.value(), raw.topic(), raw.partition(), raw.offset(), reason, at);
    }

    /**
     * A record rejected after it was decoded (no Kafka position left): {@code record} as JSON under
     * the entity's key, from {@code source}.
     */
    public static DeadLetter rebuilt(
            String entity, Object record, String source, String reason, Instant at) {
        return new DeadLetter(
                entity.getBytes(StandardCharsets.UTF_8),
                JsonCodec.encode(record),
                source,
                -1,
                -1,
                reason,
                at);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeadLetter d
                && Arrays.equals(key, d.key)
                && Arrays.equals(value, d.value)
                && topic.equals(d.topic)
                && partition == d.partition
                && offset == d.offset
                && reason.equals(d.reason)
                && rejectedAt.equals(d.rejectedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(key), Arrays.hashCode(value), topic, partition, offset);
    }

    @Override
    public String toString() {
        return "DeadLetter[" + topic + "-" + partition + "@" + offset + ": " + reason + "]";
    }
}
