package io.prescale.cli.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The fast parts, and what starting the broker prints; it is exercised by the integration tests.
 */
class EmbeddedKafkaTest {

    /** Kafka's storage formatter printed two lines of its own into the demo's output. */
    @Test
    @Timeout(120)
    void startingTheBrokerPrintsNothingOnStandardOutput() {
        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            assertThat(kafka.bootstrapServers()).startsWith("127.0.0.1:");
        } finally {
            System.setOut(out);
        }
        assertThat(printed.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void bootstrapAddressesAreRewrittenToLoopback() {
        assertThat(EmbeddedKafka.onLoopback("localhost:1234,localhost:5678"))
                .isEqualTo("127.0.0.1:1234,127.0.0.1:5678");
    }

    @Test
    void defaultsAllowTransactionsOnOneNode() {
        assertThat(EmbeddedKafka.DEFAULT_BROKER_CONFIG)
                .containsEntry("transaction.state.log.replication.factor", "1")
                .containsEntry("transaction.state.log.min.isr", "1")
                .containsEntry("offsets.topic.replication.factor", "1");
        assertThat(
                        Long.parseLong(
                                EmbeddedKafka.DEFAULT_BROKER_CONFIG.get(
                                        "transaction.max.timeout.ms")))
                .isGreaterThanOrEqualTo(900_000L);
    }
}
