package io.prescale.it.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.cli.infra.EmbeddedKafka;
import io.prescale.cli.infra.KafkaPreflight;
import io.prescale.it.services.KafkaService;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What {@code prescale run} checks before it starts a job: the broker and the job's topics. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class KafkaPreflightITCase {
    @RegisterExtension static final KafkaService KAFKA = new KafkaService();
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Test
    void aBrokerWithTheTopicsPasses() {
        String metrics = KAFKA.createTopic("metrics", 1, false);
        String commands = KAFKA.createTopic("commands", 1, false);
        assertThat(
                        KafkaPreflight.problem(
                                KAFKA.bootstrapServers(), List.of(metrics, commands), TIMEOUT))
                .isNull();
    }

    @Test
    void aMissingTopicIsNamedWhenTheBrokerDoesNotCreateIt() {
        String metrics = KAFKA.createTopic("metrics", 1, false);
        assertThat(
                        KafkaPreflight.problem(
                                KAFKA.bootstrapServers(),
                                List.of(metrics, "prescale.nowhere"),
                                TIMEOUT))
                .startsWith("the Kafka broker at " + KAFKA.bootstrapServers())
                .contains("has no topic prescale.nowhere and does not create topics");
    }

    @Test
    void aBrokerThatCreatesTopicsOnFirstUsePasses() {
        try (EmbeddedKafka auto =
                EmbeddedKafka.start(Map.of("auto.create.topics.enable", "true"))) {
            assertThat(
                            KafkaPreflight.problem(
                                    auto.bootstrapServers(), List.of("prescale.later"), TIMEOUT))
                    .isNull();
        }
    }

    @Test
    void noBrokerIsNamed() {
        assertThat(KafkaPreflight.problem("127.0.0.1:1", List.of("t"), Duration.ofSeconds(2)))
                .startsWith("no Kafka broker answers at 127.0.0.1:1 within 2 s")
                .endsWith("start one (./prescale infra up) or set kafka.bootstrap-servers");
    }
}
