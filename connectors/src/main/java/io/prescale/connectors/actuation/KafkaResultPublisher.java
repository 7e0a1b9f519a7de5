package io.prescale.connectors.actuation;

import io.prescale.model.ActuationResult;
import io.prescale.model.JsonCodec;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Publishes results as JSON keyed by entity, idempotent, acks from all replicas. */
public final class KafkaResultPublisher implements ResultPublisher {
    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;

    public KafkaResultPublisher(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        this.producer = new KafkaProducer<>(p);
        this.topic = topic;
    }

    /** A factory for the task managers. */
    public static ResultPublisher.Factory factory(String bootstrap, String topic) {
        return () -> new KafkaResultPublisher(bootstrap, topic);
    }

    @Override
    public void publish(ActuationResult result) {
        producer.send(
                new ProducerRecord<>(
                        topic,
                        result.entity().getBytes(StandardCharsets.UTF_8),
                        JsonCodec.encode(result)));
    }

    @Override
    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}
