package io.prescale.it.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prescale.cli.Prescale;
import io.prescale.cli.infra.EmbeddedKafka;
import io.prescale.cli.infra.KafkaTopics;
import io.prescale.cli.infra.TopicSpec;
import io.prescale.connectors.kafka.Topics;
import io.prescale.it.services.KafkaService;
import java.io.PrintWriter;
import java.io.StringWriter;
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
import picocli.CommandLine;

/**
 * The topics of {@code prescale infra topics} (and so of both {@code up}s): the missing ones are
 * created, the present ones left be.
 */
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

    /** A topic meant to be compacted that a broker made with its default policy is compacted. */
    @Test
    void aTopicMeantToBeCompactedIsCompactedWhenItIsNot() throws Exception {
        String name = KAFKA.createTopic("config-delete", 1, false);
        List<TopicSpec> wanted = List.of(TopicSpec.compacted(name, 1));
        Duration timeout = Duration.ofSeconds(30);

        assertThat(KafkaTopics.compactExisting(KAFKA.bootstrapServers(), wanted, timeout))
                .containsExactly(name);
        assertThat(KafkaTopics.compactExisting(KAFKA.bootstrapServers(), wanted, timeout))
                .isEmpty();

        try (Admin admin =
                Admin.create(
                        Map.of(
                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                KAFKA.bootstrapServers()))) {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, name);
            assertThat(
                            admin.describeConfigs(List.of(topic))
                                    .all()
                                    .get()
                                    .get(topic)
                                    .get(TopicConfig.CLEANUP_POLICY_CONFIG)
                                    .value())
                    .isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
        }
    }

    /**
     * {@code prescale infra topics}, which both {@code ./prescale infra up} and {@code
     * infra/local.sh up} end with: the job's topics under their default names, config compacted,
     * then nothing.
     */
    @Test
    void infraTopicsCreatesTheJobsTopics() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            StringWriter out = new StringWriter();
            CommandLine cli = Prescale.commandLine();
            cli.setOut(new PrintWriter(out, true));
            String[] args = {"infra", "topics", "--bootstrap", kafka.bootstrapServers()};

            assertThat(cli.execute(args)).isZero();
            assertThat(out.toString()).contains("Kafka topics created at").contains(Topics.METRICS);
            assertThat(cli.execute(args)).isZero();
            assertThat(out.toString()).contains("all 9 present");

            try (Admin admin =
                    Admin.create(
                            Map.of(
                                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                    kafka.bootstrapServers()))) {
                assertThat(admin.listTopics().names().get())
                        .contains(
                                Topics.METRICS,
                                Topics.COMMANDS,
                                Topics.ACTUATIONS,
                                Topics.ALERTS,
                                Topics.FEEDBACK,
                                Topics.CONFIG,
                                Topics.DEADLETTER,
                                Topics.WINDOWS,
                                Topics.FORECASTS);
                ConfigResource config =
                        new ConfigResource(ConfigResource.Type.TOPIC, Topics.CONFIG);
                assertThat(
                                admin.describeConfigs(List.of(config))
                                        .all()
                                        .get()
                                        .get(config)
                                        .get(TopicConfig.CLEANUP_POLICY_CONFIG)
                                        .value())
                        .isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
            }
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
