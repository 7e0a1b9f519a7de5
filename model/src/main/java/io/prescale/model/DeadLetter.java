package io.prescale.model;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * A record the job could not accept, kept whole: its raw key and value, where it came from, and why
 * it was rejected. Written to {@code prescale.deadletter} under its original key.
 *
 * <p>Every dead letter names the record it was read in (topic, partition, offset), also when it is
 * rejected later in the job: a late sample or an expired hint. A hint and a rating keep their
 * record's raw key and value; a late sample, one metric point of a record whose other points may
 * have been accepted, has its entity as key and the point as a one-metric JSON sample as value
 * ({@link #ofPart}).
 *
 * @param partition source partition, -1 when not read from Kafka (an in-memory source)
 * @param offset source offset, -1 when not read from Kafka
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
     * A part of a record rejected after the record was split, its other parts accepted (one metric
     * point of a sample that held several): {@code part} as JSON under {@code key}, naming the
     * record it came in ({@code from}); the record's own bytes are not kept that far.
     */
    public static DeadLetter ofPart(
            RecordOrigin from, String key, Object part, String reason, Instant at) {
        return new DeadLetter(
                key.getBytes(StandardCharsets.UTF_8),
                JsonCodec.encode(part),
                from.topic(),
                from.partition(),
                from.offset(),
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
