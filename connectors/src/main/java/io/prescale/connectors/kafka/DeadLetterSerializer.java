package io.prescale.connectors.kafka;

import io.prescale.model.DeadLetter;
import io.prescale.model.JsonCodec;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes a {@link DeadLetter} under its original key, as JSON carrying the raw bytes (base64), the
 * source topic/partition/offset and the reason.
 */
public final class DeadLetterSerializer implements KafkaRecordSerializationSchema<DeadLetter> {
    private final String topic;

    public DeadLetterSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            DeadLetter letter, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(topic, null, timestamp, letter.key(), JsonCodec.encode(letter));
    }
}
