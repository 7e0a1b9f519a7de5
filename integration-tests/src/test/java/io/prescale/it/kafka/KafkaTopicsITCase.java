package io.prescale.it.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prescale.cli.infra.KafkaTopics;
import io.prescale.cli.infra.TopicSpec;
import io.prescale.it.services.KafkaService;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code prescale infra up}'s topics: the missing ones are created, the present ones left be. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class KafkaTopicsITCase {
    @RegisterExtension static final KafkaService KAFKA = new KafkaService();

    @Test
    void createsOnlyTheMissingTopicsWithTheirCleanUpPolicy() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String present = KAFKA.createTopic("present", 1, false);
        TopicSpec events = TopicSpec.events("events-" + run, 2);
        TopicSpec config = TopicSpec.compacted("config-" + run, 1);
        List<TopicSpec> wanted = List.of(TopicSpec.events(present, 3), events, config);
        Duration timeout = Duration.ofSeconds(30);

        assertThat(KafkaTopics.createMissing(KAFKA.bootstrapServers(), wanted, timeout))
                .containsExactly(events.name(), config.name());
        assertThat(KafkaTopics.createMissing(KAFKA.bootstrapServers(), wanted, timeout)).isEmpty();

        try (Admin admin =
                Admin.create(
                        Map.of(
                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                KAFKA.bootstrapServers()))) {
            var topics =
                    admin.describeTopics(List.of(present, events.name())).allTopicNames().get();
            // the present topic keeps its one partition: it is not created again
            assertThat(topics.get(present).partitions()).hasSize(1);
            assertThat(topics.get(events.name()).partitions()).hasSize(2);
            ConfigResource compacted = new ConfigResource(ConfigResource.Type.TOPIC, config.name());
            assertThat(
                            admin.describeConfigs(List.of(compacted))
                                    .all()
                                    .get()
                                    .get(compacted)
                                    .get(TopicConfig.CLEANUP_POLICY_CONFIG)
                                    .value())
                    .isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
        }
    }

    @Test
    void anUnreachableBrokerIsNamed() {
        assertThatThrownBy(
                        () ->
                                KafkaTopics.createMissing(
                                        "127.0.0.1:1",
                                        List.of(TopicSpec.events("t", 1)),
                                        Duration.ofSeconds(2)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Could not list the topics on 127.0.0.1:1");
    }
}
