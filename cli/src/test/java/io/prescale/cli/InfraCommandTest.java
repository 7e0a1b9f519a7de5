package io.prescale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.cli.infra.EmbeddedKafka;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code prescale infra topics} checks its broker's address before it asks the broker anything, and
 * creates the topics by the names the job's options give them.
 */
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

    /** The topics a job is started with under other names (they were created by default names). */
    @Test
    @Timeout(120)
    void theTopicsAreCreatedByTheNamesTheJobsOptionsGive() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                Admin admin =
                        Admin.create(
                                Map.of(
                                        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                        kafka.bootstrapServers()))) {
            StringWriter out = new StringWriter();

            int code =
                    CliRun.run(
                            out,
                            err,
                            "infra",
                            "topics",
                            "--bootstrap",
                            kafka.bootstrapServers(),
                            "-Dtopics.metrics=team.metrics",
                            "-Dtopics.config=team.config");

            assertThat(code).as(err.toString()).isZero();
            Set<String> names = admin.listTopics().names().get();
            assertThat(names)
                    .contains("team.metrics", "team.config", "prescale.commands")
                    .doesNotContain("prescale.metrics", "prescale.config");
            ConfigResource config = new ConfigResource(ConfigResource.Type.TOPIC, "team.config");
            assertThat(
                            admin.describeConfigs(Set.of(config))
                                    .all()
                                    .get()
                                    .get(config)
                                    .get("cleanup.policy")
                                    .value())
                    .isEqualTo("compact");
            assertThat(out.toString()).contains("team.metrics");
        }
        assertThat(CliRun.run(new StringWriter(), err, "infra", "status", "-Dtopics.metrics=m"))
                .isEqualTo(2);
        assertThat(err.toString())
                .contains(
                        "-D and --job-config name the topics `infra topics` creates; `infra status`");
    }
}
