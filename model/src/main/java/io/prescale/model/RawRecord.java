package io.prescale.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * A record as it came off a Kafka topic, before any parsing: the bytes and where they came from.
 * Kept whole so that a record the job rejects can be dead-lettered exactly as received.
 *
 * @param key the record key, or {@code null}
 * @param value the record value, or {@code null} for a tombstone
 * @param topic source topic
 * @param partition source partition
 * @param offset source offset
 * @param timestampMillis the Kafka record timestamp in epoch milliseconds (Flink POJO field)
 */
public record RawRecord(
        byte[] key, byte[] value, String topic, int partition, long offset, long timestampMillis) {

    public RawRecord {
        Objects.requireNonNull(topic, "topic");
    }

    /** Where this record was read. */
    public RecordOrigin origin() {
        return new RecordOrigin(topic, partition, offset);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawRecord r
                && Arrays.equals(key, r.key)
                && Arrays.equals(value, r.value)
                && topic.equals(r.topic)
                && partition == r.partition
                && offset == r.offset
                && timestampMillis == r.timestampMillis;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(key), Arrays.hashCode(value), topic, partition, offset);
    }

    @Override
    public String toString() {
        return origin().toString();
    }
}
