package io.prescale.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which missing topics stop a job, on brokers that do and do not create topics on first use. */
class TopicCheckTest {
    private static final String BROKER = "127.0.0.1:9092";

    @Test
    void aMissingInputStopsTheJobEvenWhenTheBrokerCreatesTopics() {
        assertThat(
                        TopicCheck.missing(
                                BROKER,
                                List.of("prescale.metrics"),
                                List.of("prescale.alerts"),
                                true,
                                "the topics.* options"))
                .startsWith("the Kafka broker at 127.0.0.1:9092 has no topic prescale.metrics,")
                .contains("which the job reads")
                .doesNotContain("prescale.alerts")
                .contains("until it exists; create it (on this broker,")
                .contains("./prescale infra topics --bootstrap 127.0.0.1:9092");
    }

    @Test
    void missingOutputsAreLeftToABrokerThatCreatesTopics() {
        assertThat(
                        TopicCheck.missing(
                                BROKER,
                                List.of(),
                                List.of("prescale.alerts"),
                                true,
                                "the topics.* options"))
                .isNull();
    }

    @Test
    void everyMissingTopicIsNamedWhenTheBrokerDoesNotCreateTopics() {
        assertThat(
                        TopicCheck.missing(
                                BROKER,
                                List.of("prescale.metrics"),
                                List.of("prescale.alerts"),
                                false,
                                "the topics.* options"))
                .contains("has no topic prescale.metrics, prescale.alerts and does not create")
                .contains("first use; create them (")
                .endsWith("or set the topics.* options");
    }

    /** prescale replay and send take --topic, not the job's topics.* options. */
    @Test
    void aCommandsMissingTopicIsHintedWithItsOwnOption() {
        assertThat(
                        TopicCheck.missing(
                                BROKER, List.of("prescale.metrics"), List.of(), true, "--topic"))
                .endsWith("or set --topic")
                .doesNotContain("topics.*");
    }

    @Test
    void nothingMissingIsNoProblem() {
        assertThat(TopicCheck.missing(BROKER, List.of(), List.of(), false, "the topics.* options"))
                .isNull();
    }

    /**
     * A cluster's JobManager may not reach the broker its TaskManagers do: a broker that does not
     * answer is noted and the job starts (the real broker's answers: JobSubmitITCase).
     */
    @Test
    void aBrokerThatDoesNotAnswerIsNotedAndDoesNotStopTheJob() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        TopicCheck.requireInputs(
                "127.0.0.1:" + port,
                List.of("prescale.metrics"),
                Duration.ofSeconds(1),
                new PrintStream(out, true, StandardCharsets.UTF_8));

        assertThat(out.toString(StandardCharsets.UTF_8))
                .startsWith(
                        "prescale: note: could not ask the Kafka broker at 127.0.0.1:"
                                + port
                                + " whether it has the topics prescale.metrics (")
                .endsWith("; the job starts and its sources wait for the broker\n");
    }

    /**
     * Something accepts connections and never answers: the check gives up within its timeout, and
     * so does closing its admin client ({@link BoundedAdmin}; Kafka's own close waits for good).
     */
    @Test
    void aListenerThatNeverAnswersIsNotedWithinTheTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();

            assertTimeoutPreemptively(
                    Duration.ofSeconds(20),
                    () ->
                            TopicCheck.requireInputs(
                                    "127.0.0.1:" + silent.getLocalPort(),
                                    List.of("prescale.metrics"),
                                    Duration.ofSeconds(1),
                                    new PrintStream(out, true, StandardCharsets.UTF_8)));

            assertThat(out.toString(StandardCharsets.UTF_8))
                    .startsWith("prescale: note: could not ask the Kafka broker at 127.0.0.1:");
        }
    }
}
