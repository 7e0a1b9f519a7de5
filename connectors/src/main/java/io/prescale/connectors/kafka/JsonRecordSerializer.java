package io.prescale.connectors.kafka;

import io.prescale.model.JsonCodec;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes a record to one topic as the project's JSON, keyed by the entity so that every record of
 * an entity lands in one partition, in order.
 *
 * <p>The Kafka record carries no timestamp of its own, so the producer stamps it with the wall
 * clock (CreateTime = now): the event time is in the record's body (e.g. a window's start, a
 * command's issue time). Stamping the event time instead would let the broker's time-based
 * retention, which compares record timestamps with the wall clock, delete a replay of an old trace
 * (event times years back) as soon as a segment rolls.
 */
public final class JsonRecordSerializer<T> implements KafkaRecordSerializationSchema<T> {
    private final String topic;
    private final SerializableFunction<T, String> key;

    public JsonRecordSerializer(String topic, SerializableFunction<T, String> key) {
        this.topic = Objects.requireNonNull(topic, "topic");
        this.key = Objects.requireNonNull(key, "key");
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            T element, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(
                topic,
                null,
                null,
                key.apply(element).getBytes(StandardCharsets.UTF_8),
                JsonCodec.encode(element));
    }
}
