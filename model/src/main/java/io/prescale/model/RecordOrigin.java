package io.prescale.model;

import java.util.Objects;

/**
 * Where a record was read: its Kafka topic, partition and offset. It travels with what the record
 * is split into (the metric points of a sample record), so that a part rejected later in the job is
 * dead-lettered naming the record it came in, as a record rejected on arrival is.
 *
 * @param topic source topic
 * @param partition source partition, -1 when not read from Kafka
 * @param offset source offset, -1 when not read from Kafka
 */
public record RecordOrigin(String topic, int partition, long offset) {

    public RecordOrigin {
        Objects.requireNonNull(topic, "topic");
    }

    @Override
    public String toString() {
        return topic + "-" + partition + "@" + offset;
    }
}
