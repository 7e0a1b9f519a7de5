package io.prescale.it.services;

import io.prescale.cli.infra.KafkaTopics;
import io.prescale.cli.infra.TopicSpec;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.CommonClientConfigs;

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
}
