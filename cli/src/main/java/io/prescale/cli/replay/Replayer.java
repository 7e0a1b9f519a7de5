package io.prescale.cli.replay;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.function.IntConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Produces keyed payloads to a topic and waits until the broker has acknowledged all of them. */
public final class Replayer {
    private Replayer() {}

    /** One payload and the entity it is keyed by. */
    public record Payload(String entity, byte[] value) {}

    /**
     * Sends every payload to {@code topic}, calling {@code progress} with the number sent so far
     * every 1,000 records; returns once all are acknowledged.
     */
    public static void send(
            String bootstrap, String topic, List<Payload> payloads, IntConsumer progress) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            int sent = 0;
            for (Payload p : payloads) {
                byte[] key =
                        p.entity() == null ? null : p.entity().getBytes(StandardCharsets.UTF_8);
                producer.send(new ProducerRecord<>(topic, key, p.value()));
                if (++sent % 1000 == 0) {
                    progress.accept(sent);
                }
            }
            producer.flush();
            progress.accept(sent);
        }
    }
}
