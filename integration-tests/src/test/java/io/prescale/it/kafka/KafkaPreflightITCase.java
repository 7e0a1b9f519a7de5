package io.prescale.it.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.cli.Prescale;
import io.prescale.cli.infra.EmbeddedKafka;
import io.prescale.cli.infra.KafkaPreflight;
import io.prescale.cli.infra.KafkaTopics;
import io.prescale.cli.infra.TopicSpec;
import io.prescale.it.services.KafkaService;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

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
                                KAFKA.bootstrapServers(),
                                List.of(metrics),
                                List.of(commands),
                                TIMEOUT,
                                KafkaPreflight.OptionNames.JOB))
                .isNull();
    }

    @Test
    void aMissingTopicIsNamedWhenTheBrokerDoesNotCreateIt() {
        String metrics = KAFKA.createTopic("metrics", 1, false);
        assertThat(
                        KafkaPreflight.problem(
                                KAFKA.bootstrapServers(),
                                List.of(metrics),
                                List.of("prescale.nowhere"),
                                TIMEOUT,
                                KafkaPreflight.OptionNames.JOB))
                .startsWith("the Kafka broker at " + KAFKA.bootstrapServers())
                .contains("has no topic prescale.nowhere and does not create topics");
    }

    /**
     * A broker that creates topics on first use may be left the topics the job writes, not those it
     * reads: its Kafka source never creates them and the job would fail over for ever.
     */
    @Test
    void onABrokerThatCreatesTopicsOnlyTheMissingInputsAreNamed() {
        try (EmbeddedKafka auto =
                EmbeddedKafka.start(Map.of("auto.create.topics.enable", "true"))) {
            auto.createTopic("prescale.in", 1, false);
            assertThat(
                            KafkaPreflight.problem(
                                    auto.bootstrapServers(),
                                    List.of("prescale.in"),
                                    List.of("prescale.later"),
                                    TIMEOUT,
                                    KafkaPreflight.OptionNames.JOB))
                    .as("an output left to auto-creation")
                    .isNull();
            assertThat(
                            KafkaPreflight.problem(
                                    auto.bootstrapServers(),
                                    List.of("prescale.in", "prescale.absent"),
                                    List.of("prescale.later"),
                                    TIMEOUT,
                                    KafkaPreflight.OptionNames.JOB))
                    .startsWith(
                            "the Kafka broker at "
                                    + auto.bootstrapServers()
                                    + " has no topic prescale.absent, which the job reads")
                    .doesNotContain("prescale.later")
                    .contains("./prescale infra topics --bootstrap " + auto.bootstrapServers());
        }
    }

    @Test
    void aTopicThatShouldBeCompactedAndIsNotIsNoted() {
        String bootstrap = KAFKA.bootstrapServers();
        KafkaTopics.create(
                bootstrap,
                List.of(
                        TopicSpec.events("preflight.plain-config", 1),
                        TopicSpec.compacted("preflight.compacted-config", 1)),
                TIMEOUT);
        assertThat(
                        KafkaPreflight.notCompacted(
                                bootstrap,
                                List.of("preflight.plain-config", "preflight.compacted-config"),
                                TIMEOUT))
                .startsWith("topic preflight.plain-config is not compacted (cleanup.policy=delete)")
                .contains("--add-config cleanup.policy=compact")
                .as("infra topics compacts prescale.config only: not offered for another name")
                .doesNotContain("prescale infra topics")
                .doesNotContain("preflight.compacted-config");
        assertThat(
                        KafkaPreflight.notCompacted(
                                bootstrap,
                                List.of("preflight.compacted-config", "preflight.absent"),
                                TIMEOUT))
                .as("compacted, or not there yet")
                .isNull();
    }

    /**
     * {@code run} and {@code actuate} tell the pre-flight which topics their job reads: on a broker
     * that creates topics on first use, without topics, both stop before the job starts.
     */
    @Test
    void runAndActuateStopWithoutTheirInputOnABrokerThatCreatesTopics() {
        try (EmbeddedKafka auto =
                EmbeddedKafka.start(Map.of("auto.create.topics.enable", "true"))) {
            String kafka = "-Dkafka.bootstrap-servers=" + auto.bootstrapServers();

            assertThat(prescale("run", "--fresh", kafka))
                    .contains("has no topic prescale.metrics, which the job reads");
            assertThat(prescale("actuate", "--fresh", kafka))
                    .contains("has no topic prescale.commands, which the job reads");
        }
    }

    /** What {@code prescale args} printed on its error stream, having failed. */
    private static String prescale(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = Prescale.commandLine();
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(err, true));
        assertThat(cli.execute(args)).as("exit code of %s", List.of(args)).isEqualTo(1);
        return err.toString();
    }

    @Test
    void noBrokerIsNamed() {
        assertThat(
                        KafkaPreflight.problem(
                                "127.0.0.1:1",
                                List.of("t"),
                                List.of(),
                                Duration.ofSeconds(2),
                                KafkaPreflight.OptionNames.JOB))
                .startsWith("no Kafka broker answers at 127.0.0.1:1 within 2 s")
                .endsWith("start one (./prescale infra up) or set kafka.bootstrap-servers");
    }
}
