package io.prescale.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prescale.connectors.influx.CapturedLog;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.connector.kafka.source.enumerator.subscriber.KafkaSubscriber;
import org.apache.flink.util.InstantiationUtil;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class KnownPartitionsSubscriberTest {
    private static final Set<TopicPartition> TWO =
            Set.of(new TopicPartition("t", 0), new TopicPartition("t", 1));

    /** Lists {@link #TWO} until {@link #down}, then fails as the admin client does. */
    private static final class Listing implements KafkaSubscriber {
        boolean down;

        @Override
        public Set<TopicPartition> getSubscribedTopicPartitions(AdminClient admin) {
            if (down) {
                throw new RuntimeException(
                        "Failed to get metadata for topics [t].",
                        new org.apache.kafka.common.errors.TimeoutException(
                                "Timed out waiting for a node assignment. Call: describeTopics"));
            }
            return TWO;
        }
    }

    @Test
    void answersThePartitionsListedLastWhileTheBrokerIsDown() {
        Listing listing = new Listing();
        KnownPartitionsSubscriber subscriber = new KnownPartitionsSubscriber("topic t", listing);
        assertThat(subscriber.getSubscribedTopicPartitions(null)).isEqualTo(TWO);

        try (CapturedLog log = new CapturedLog(KnownPartitionsSubscriber.class)) {
            listing.down = true;
            assertThat(subscriber.getSubscribedTopicPartitions(null)).isEqualTo(TWO);
            assertThat(subscriber.getSubscribedTopicPartitions(null)).isEqualTo(TWO);

            listing.down = false;
            assertThat(subscriber.getSubscribedTopicPartitions(null)).isEqualTo(TWO);

            assertThat(log.lines())
                    .as("one line when discovery starts failing, one when it works again")
                    .satisfiesExactly(
                            m ->
                                    assertThat(m)
                                            .contains("did not answer the partition discovery")
                                            .contains("topic t")
                                            .contains("TimeoutException: Timed out waiting")
                                            .contains("reading the 2 partitions listed last"),
                            m -> assertThat(m).contains("answers again: listed 2 partitions"));
        }
    }

    /** Nothing listed yet: the source cannot start, and says why. */
    @Test
    void theFirstListingsFailureStillFails() {
        Listing listing = new Listing();
        listing.down = true;
        KnownPartitionsSubscriber subscriber = new KnownPartitionsSubscriber("topic t", listing);
        assertThatThrownBy(() -> subscriber.getSubscribedTopicPartitions(null))
                .hasMessageContaining("Failed to get metadata");
    }

    /** A real admin client and a port nothing listens on, after a real topic list subscriber. */
    @Test
    void ridesOutARealAdminClientsTimeout() throws Exception {
        KafkaSubscriber real = KafkaSubscriber.getTopicListSubscriber(List.of("t"));
        Listing first = new Listing();
        KnownPartitionsSubscriber subscriber =
                InstantiationUtil.clone(
                        new KnownPartitionsSubscriber("topic t", new Switch(first, real)));
        assertThat(subscriber.getSubscribedTopicPartitions(null)).isEqualTo(TWO);
        try (AdminClient nobody =
                AdminClient.create(
                        Map.of(
                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                "127.0.0.1:1",
                                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                                (int) Duration.ofSeconds(2).toMillis(),
                                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                                (int) Duration.ofSeconds(1).toMillis()))) {
            assertThat(subscriber.getSubscribedTopicPartitions(nobody)).isEqualTo(TWO);
        }
    }

    /** The first listing from {@code first}, the rest from {@code then}. */
    private static final class Switch implements KafkaSubscriber {
        private final KafkaSubscriber first;
        private final KafkaSubscriber then;
        private boolean used;

        Switch(KafkaSubscriber first, KafkaSubscriber then) {
            this.first = first;
            this.then = then;
        }

        @Override
        public Set<TopicPartition> getSubscribedTopicPartitions(AdminClient admin) {
            KafkaSubscriber next = used ? then : first;
            used = true;
            return next.getSubscribedTopicPartitions(admin);
        }
    }
}
