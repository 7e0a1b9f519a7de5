package io.prescale.cli.replay;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Produces keyed payloads to a topic and waits until the broker has acknowledged all of them
 * (acks=all, idempotent: a batch the producer retries is not written twice).
 *
 * <p>One produce request is in flight at a time. With more, the first request to a partition
 * created a moment before can fail (the broker has not applied the new partition yet) while the
 * next one is appended; the first one's retries are then refused as out of sequence until they
 * expire, and its records are lost (KAFKA-15591, fixed in Kafka 4.5; this project pins 4.2).
 * Replays usually start right after their topics are created, and CI lost the first records of a
 * partition this way.
 */
public final class Replayer {
    private Replayer() {}

    /** One payload and the entity it is keyed by; a {@code null} value is a tombstone. */
    public record Payload(String entity, byte[] value) {}

    /**
     * Sends every payload to {@code topic}, calling {@code progress} with the number sent so far
     * every 1,000 records; returns once all are acknowledged.
     *
     * @throws IllegalStateException naming the topic, how many records the broker did not
     *     acknowledge and the first error, when any send failed (after the producer's own retries)
     */
    public static void send(
            String bootstrap, String topic, List<Payload> payloads, IntConsumer progress) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        AtomicInteger failed = new AtomicInteger();
        AtomicReference<Exception> firstError = new AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            int sent = 0;
            for (Payload p : payloads) {
                byte[] key =
                        p.entity() == null ? null : p.entity().getBytes(StandardCharsets.UTF_8);
                producer.send(
                        new ProducerRecord<>(topic, key, p.value()),
                        (metadata, error) -> {
                            if (error != null) {
                                failed.incrementAndGet();
                                firstError.compareAndSet(null, error);
                            }
                        });
                // the last count is said once, after the flush, when every record is acknowledged
                if (++sent % 1000 == 0 && sent < payloads.size()) {
                    progress.accept(sent);
                }
            }
            producer.flush();
            progress.accept(sent);
        }
        if (failed.get() > 0) {
            throw new IllegalStateException(
                    failed.get()
                            + " of "
                            + payloads.size()
                            + " records were not acknowledged by "
                            + topic
                            + " on "
                            + bootstrap
                            + ": "
                            + firstError.get(),
                    firstError.get());
        }
    }
}
