package io.prescale.it.services;

import io.prescale.cli.infra.KafkaTopics;
import io.prescale.cli.infra.TopicSpec;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** The Kafka cluster a test talks to. */
public record KafkaEndpoint(String bootstrapServers, ServiceSource source) {

    public KafkaEndpoint {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrapServers must not be blank");
        }
    }

    /** {@code bootstrap.servers}, to extend with producer or consumer settings. */
    public Map<String, Object> clientConfig() {
        return Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    }

    /**
     * Creates a topic named {@code prefix-<random>} and returns the name, so every test gets a
     * fresh topic even on a shared external cluster.
     */
    public String createTopic(String prefix, int partitions, boolean compacted) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        KafkaTopics.create(
                bootstrapServers,
                List.of(new TopicSpec(name, partitions, compacted)),
                KafkaTopics.DEFAULT_TIMEOUT);
        return name;
    }

    /**
     * Waits until consumer group {@code group} has committed the end offset of every partition of
     * {@code topic}. A Flink Kafka source commits its offsets when a checkpoint completes, so from
     * then on every operator of the job has processed all of the topic's records.
     *
     * @throws AssertionError naming the offsets still missing when that takes over {@code timeout}
     */
    public void awaitCommitted(String group, String topic, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> c =
                KafkaConsumers.open(
                        bootstrapServers, Map.of(ConsumerConfig.GROUP_ID_CONFIG, group))) {
            Set<TopicPartition> partitions = Set.copyOf(KafkaConsumers.partitions(c, topic));
            Map<TopicPartition, Long> end =
                    c.endOffsets(partitions, KafkaConsumers.REQUEST_TIMEOUT);
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> committed =
                        c.committed(partitions, KafkaConsumers.REQUEST_TIMEOUT);
                // a partition never committed counts as committed at 0 (nothing to read if empty)
                Map<TopicPartition, Long> behind = new HashMap<>();
                end.forEach(
                        (tp, offset) -> {
                            OffsetAndMetadata at = committed.get(tp);
                            if (offset > (at == null ? 0 : at.offset())) {
                                behind.put(tp, offset);
                            }
                        });
                if (behind.isEmpty()) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(
                            "group "
                                    + group
                                    + " had not committed the end offsets "
                                    + behind
                                    + " of "
                                    + topic
                                    + " after "
                                    + timeout
                                    + "; committed: "
                                    + committed);
                }
                Thread.sleep(200);
            }
        }
    }
}
