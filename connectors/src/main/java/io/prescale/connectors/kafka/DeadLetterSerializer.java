package io.prescale.connectors.kafka;

import io.prescale.model.DeadLetter;
import io.prescale.model.JsonCodec;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes a {@link DeadLetter} under its original key, as JSON carrying the raw bytes (base64), the
 * source topic/partition/offset, the reason and when it was rejected. Like {@link
 * JsonRecordSerializer}, it leaves the Kafka timestamp to the producer (CreateTime = now), so that
 * retention counts from when the letter was written, not from the event time of what it rejects.
 */
public final class DeadLetterSerializer implements KafkaRecordSerializationSchema<DeadLetter> {
    private final String topic;

    public DeadLetterSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            DeadLetter letter, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(topic, null, null, letter.key(), JsonCodec.encode(letter));
    }
}
