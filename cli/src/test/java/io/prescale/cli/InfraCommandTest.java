package io.prescale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code prescale infra topics} checks its broker's address before it asks the broker anything. */
class InfraCommandTest {
    private final StringWriter err = new StringWriter();

    /** As run's: named with the client's reason, exit code 2 (it was 1 and Kafka's words). */
    @Test
    void aBootstrapAddressTheClientRefusesIsAUsageError() {
        for (String address : new String[] {"nohost", "no-such-host.invalid:9092"}) {
            err.getBuffer().setLength(0);

            int code =
                    CliRun.run(new StringWriter(), err, "infra", "topics", "--bootstrap", address);

            assertThat(code).as(address).isEqualTo(2);
            assertThat(err.toString())
                    .startsWith("--bootstrap " + address + " cannot be used: ")
                    .contains("bootstrap.servers")
                    .contains("; give host:port of a running broker\n")
                    .contains("Usage: prescale infra")
                    .doesNotContain("KafkaAdminClient");
        }
    }

    /**
     * No broker at the address: said as the other commands say it, after their 10 s (it took the
     * topic calls' 30 s and printed Kafka's TimeoutException alone).
     */
    @Test
    void noBrokerIsSaidAfterTenSecondsAsTheOtherCommandsSayIt() {
        long start = System.nanoTime();

        int code =
                CliRun.run(
                        new StringWriter(), err, "infra", "topics", "--bootstrap", "127.0.0.1:1");

        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(code).isOne();
        assertThat(err.toString())
                .startsWith("prescale infra: no Kafka broker answers at 127.0.0.1:1 within 10 s (")
                .contains("start one (./prescale infra up) or set --bootstrap");
        assertThat(took).isLessThan(Duration.ofSeconds(20));
    }
}
