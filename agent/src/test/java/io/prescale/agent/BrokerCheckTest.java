package io.prescale.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

/** What the agent says when its broker does not answer; a real broker is in AgentITCase. */
class BrokerCheckTest {
    @Test
    void anAddressNothingListensOnIsNamedWithinTheTimeout() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        long start = System.nanoTime();

        String problem =
                BrokerCheck.problem("127.0.0.1:" + port, "prescale.metrics", Duration.ofSeconds(1));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(problem)
                .isEqualTo(
                        "no Kafka broker answers at 127.0.0.1:"
                                + port
                                + " within 1 s: start one (./prescale infra up starts one at"
                                + " 127.0.0.1:"
                                + infraUpPort()
                                + ") or give --bootstrap HOST:PORT of a running broker");
    }

    /** The port {@code infra up} gives its broker: PRESCALE_KAFKA_PORT when set, else 9092. */
    static String infraUpPort() {
        String port = System.getenv("PRESCALE_KAFKA_PORT");
        return port == null ? "9092" : port;
    }

    /**
     * Something accepts connections but no Kafka metadata comes back (the fiftieth tester's broker
     * advertising an address this machine cannot reach, or a controller's port): said as such, not
     * as no broker running.
     */
    @Test
    void aListenerThatSendsNoMetadataIsNotSaidToBeAbsent() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String address = "127.0.0.1:" + silent.getLocalPort();

            String problem =
                    BrokerCheck.problem(address, "prescale.metrics", Duration.ofSeconds(1));

            assertThat(problem)
                    .startsWith(
                            "something accepts connections at "
                                    + address
                                    + " but no Kafka metadata came back within 1 s (")
                    .contains("check its advertised.listeners")
                    .doesNotContain("start one");
        }
    }

    /** A broker that goes away while the agent runs: the send's failure says so, not Kafka. */
    @Test
    void aSendThatGotNoMetadataSaysTheBrokerDidNotAnswer() {
        assertThat(
                        KafkaSamplePublisher.failure(
                                new TimeoutException(
                                        "Topic prescale.metrics not present in metadata after"
                                                + " 60000 ms."),
                                "prescale.metrics",
                                "127.0.0.1:9092"))
                .isEqualTo(
                        "not published: the Kafka broker at 127.0.0.1:9092 did not answer about"
                                + " topic prescale.metrics within three intervals (it is down or"
                                + " unreachable, or the topic was deleted); samples count as"
                                + " failed until it answers");
    }

    /**
     * The first round of an outage, whose metadata was still known, fails on a batch that expired
     * (the eighty-first tester saw Kafka's own text only for it): said as the broker not answering.
     */
    @Test
    void aSendWhoseBatchExpiredSaysTheBrokerDidNotTakeIt() {
        assertThat(
                        KafkaSamplePublisher.failure(
                                new TimeoutException(
                                        "Expiring 1 record(s) for prescale.metrics-0:6005 ms has"
                                                + " passed since batch creation"),
                                "prescale.metrics",
                                "127.0.0.1:9092"))
                .isEqualTo(
                        "not published: the Kafka broker at 127.0.0.1:9092 did not take the"
                                + " samples for topic prescale.metrics within three intervals (it"
                                + " is down or unreachable); samples count as failed until it"
                                + " answers");
    }
}
