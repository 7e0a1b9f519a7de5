package io.prescale.connectors.actuation;

import io.prescale.model.ActuationResult;
import io.prescale.model.JsonCodec;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes results as JSON keyed by entity, idempotent, acks from all replicas. A send that fails
 * (after the producer's own retries) is remembered and thrown by the next {@link #flush}, i.e. at
 * the next checkpoint: the checkpoint fails and the job restarts from the previous one, where the
 * commands whose results were lost are applied again (absolute targets, so no harm) and reported.
 */
public final class KafkaResultPublisher implements ResultPublisher {
    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final AtomicReference<Exception> sendFailure = new AtomicReference<>();

    /**
     * @param settings more producer settings (e.g. how long it waits out a broker outage), over the
     *     ones above
     */
    public KafkaResultPublisher(String bootstrap, String topic, Map<String, String> settings) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.putAll(settings);
        this.producer = new KafkaProducer<>(p);
        this.topic = topic;
    }

    /** A factory for the task managers. */
    public static ResultPublisher.Factory factory(
            String bootstrap, String topic, Map<String, String> settings) {
        Map<String, String> copy = Map.copyOf(settings);
        return (metrics, restored) -> new KafkaResultPublisher(bootstrap, topic, copy);
    }

    @Override
    public void publish(ActuationResult result) {
        producer.send(
                new ProducerRecord<>(
                        topic,
                        result.entity().getBytes(StandardCharsets.UTF_8),
                        JsonCodec.encode(result)),
                (metadata, e) -> {
                    if (e != null) {
                        sendFailure.compareAndSet(null, e);
                    }
                });
    }

    @Override
    public void flush(boolean endOfInput) {
        producer.flush();
        Exception e = sendFailure.getAndSet(null);
        if (e != null) {
            throw new UncheckedIOException(
                    new java.io.IOException(
                            "actuation results could not be published to " + topic + ": " + e, e));
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
