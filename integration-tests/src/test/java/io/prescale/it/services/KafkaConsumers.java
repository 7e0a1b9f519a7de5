package io.prescale.it.services;

import io.prescale.cli.kafka.TopicSnapshot;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** The consumers tests open to look at a topic's offsets or contents. */
public final class KafkaConsumers {
    /** How long one metadata or offsets request may take. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private KafkaConsumers() {}

    /**
     * A consumer of raw bytes on {@code bootstrap} with the {@code extra} settings (a group id, an
     * isolation level); it subscribes to nothing, so it joins no group.
     */
    public static KafkaConsumer<byte[], byte[]> open(String bootstrap, Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>(extra);
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return new KafkaConsumer<>(config);
    }

    /** The partitions of {@code topic}. */
    public static List<TopicPartition> partitions(KafkaConsumer<?, ?> c, String topic) {
        return c.partitionsFor(topic, REQUEST_TIMEOUT).stream()
                .map(i -> new TopicPartition(topic, i.partition()))
                .toList();
    }

    /** Everything committed on {@code topic} now ({@link TopicSnapshot}), as UTF-8 text. */
    public static List<String> committedText(String bootstrap, String topic) {
        return TopicSnapshot.read(
                bootstrap,
                topic,
                b -> new String(b, StandardCharsets.UTF_8),
                Duration.ofSeconds(30));
    }
}
