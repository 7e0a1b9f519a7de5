package io.prescale.cli.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which missing topics stop a job, on brokers that do and do not create topics on first use. */
class KafkaPreflightTest {
    private static final String BROKER = "127.0.0.1:9092";

    @Test
    void aMissingInputStopsTheJobEvenWhenTheBrokerCreatesTopics() {
        assertThat(
                        KafkaPreflight.missingTopics(
                                BROKER,
                                List.of("prescale.metrics"),
                                List.of("prescale.alerts"),
                                true,
                                KafkaPreflight.OptionNames.JOB))
                .startsWith("the Kafka broker at 127.0.0.1:9092 has no topic prescale.metrics,")
                .contains("which the job reads")
                .doesNotContain("prescale.alerts")
                .contains("./prescale infra topics --bootstrap 127.0.0.1:9092");
    }

    @Test
    void missingOutputsAreLeftToABrokerThatCreatesTopics() {
        assertThat(
                        KafkaPreflight.missingTopics(
                                BROKER,
                                List.of(),
                                List.of("prescale.alerts"),
                                true,
                                KafkaPreflight.OptionNames.JOB))
                .isNull();
    }

    @Test
    void everyMissingTopicIsNamedWhenTheBrokerDoesNotCreateTopics() {
        assertThat(
                        KafkaPreflight.missingTopics(
                                BROKER,
                                List.of("prescale.metrics"),
                                List.of("prescale.alerts"),
                                false,
                                KafkaPreflight.OptionNames.JOB))
                .contains("has no topic prescale.metrics, prescale.alerts and does not create")
                .endsWith("or set the topics.* options");
    }

    /** prescale replay and send take --topic, not the job's topics.* options. */
    @Test
    void aCommandsMissingTopicIsHintedWithItsOwnOption() {
        assertThat(
                        KafkaPreflight.missingTopics(
                                BROKER,
                                List.of("prescale.metrics"),
                                List.of(),
                                true,
                                KafkaPreflight.OptionNames.COMMAND))
                .endsWith("or set --topic")
                .doesNotContain("topics.*");
    }

    @Test
    void nothingMissingIsNoProblem() {
        assertThat(
                        KafkaPreflight.missingTopics(
                                BROKER,
                                List.of(),
                                List.of(),
                                false,
                                KafkaPreflight.OptionNames.JOB))
                .isNull();
    }

    @Test
    void anUnresolvableBootstrapAddressIsNamedWithTheClientsReason() {
        String problem =
                KafkaPreflight.problem(
                        "no-such-host.invalid:9092",
                        List.of("prescale.metrics"),
                        List.of(),
                        Duration.ofSeconds(5),
                        KafkaPreflight.OptionNames.JOB);

        assertThat(problem)
                .startsWith("kafka.bootstrap-servers no-such-host.invalid:9092 cannot be used: ")
                .contains("bootstrap")
                .endsWith("; give host:port of a running broker");
    }

    @Test
    void anAddressTheClientRefusesIsNamedWithTheOptionAndTheClientsReason() {
        assertThatThrownBy(() -> KafkaPreflight.requireUsableAddress("--bootstrap", "nohost"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "--bootstrap nohost cannot be used: Invalid url in bootstrap.servers:"
                                + " nohost; give host:port of a running broker");
        assertThatThrownBy(
                        () ->
                                KafkaPreflight.requireUsableAddress(
                                        "--bootstrap", "no-such-host.invalid:9092"))
                .hasMessageStartingWith("--bootstrap no-such-host.invalid:9092 cannot be used: ");
        // as the client: one address that resolves is enough (it warns of the others)
        assertThat(
                        KafkaPreflight.requireUsableAddress(
                                "--bootstrap", "127.0.0.1:9092, no-such-host.invalid:1"))
                .isEqualTo("127.0.0.1:9092, no-such-host.invalid:1");
    }
}
