package io.prescale.cli.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Addresses the Kafka client refuses, named with the caller's option. */
class KafkaPreflightTest {
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
