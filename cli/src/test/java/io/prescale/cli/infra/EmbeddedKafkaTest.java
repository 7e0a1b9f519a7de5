package io.prescale.cli.infra;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The fast parts; the broker itself is exercised by the integration tests. */
class EmbeddedKafkaTest {

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
