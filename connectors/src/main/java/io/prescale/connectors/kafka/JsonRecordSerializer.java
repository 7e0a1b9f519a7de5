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
 *
 * <p>Records that {@code keep} turns down are not written (the Kafka writer skips the null it
 * gets): a filter inside the sink, which leaves the job's graph, and so its savepoints' mapping to
 * operators, as it is.
 */
public final class JsonRecordSerializer<T> implements KafkaRecordSerializationSchema<T> {
    private final String topic;
    private final SerializableFunction<T, String> key;
    private final SerializableFunction<T, Boolean> keep;

    public JsonRecordSerializer(String topic, SerializableFunction<T, String> key) {
        this(topic, key, element -> true);
    }

    public JsonRecordSerializer(
            String topic,
            SerializableFunction<T, String> key,
            SerializableFunction<T, Boolean> keep) {
        this.topic = Objects.requireNonNull(topic, "topic");
        this.key = Objects.requireNonNull(key, "key");
        this.keep = Objects.requireNonNull(keep, "keep");
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            T element, KafkaSinkContext context, Long timestamp) {
        if (!keep.apply(element)) {
            return null;
        }
        return new ProducerRecord<>(
                topic,
                null,
                null,
                key.apply(element).getBytes(StandardCharsets.UTF_8),
                JsonCodec.encode(element));
    }
}
