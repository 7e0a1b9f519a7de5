package io.prescale.connectors.kafka;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.connector.kafka.lineage.DefaultKafkaDatasetIdentifier;
import org.apache.flink.connector.kafka.lineage.KafkaDatasetIdentifierProvider;
import org.apache.flink.connector.kafka.source.enumerator.subscriber.KafkaSubscriber;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kafka source's subscriber that rides out a broker outage: when the partitions cannot be listed
 * it answers the partitions it listed last, so the source reads on what it has, and lists them
 * again at the next discovery.
 *
 * <p>Why: the Kafka source's enumerator lists the subscribed partitions at every partition
 * discovery ({@code partition.discovery.interval.ms}) through its admin client, and when that call
 * fails (the broker down for longer than the client's {@code default.api.timeout.ms}, one minute)
 * it throws from its handler, which fails the source coordinator and so the whole job: a Kafka
 * outage of a few minutes restarted the job from its checkpoint, once for every discovery that fell
 * into it. Nothing the job reads changes while the broker is down, so the last list is the right
 * answer; a partition added meanwhile is found at the first discovery after the outage.
 *
 * <p>The first listing, when the source starts, has no last list to fall back on: its failure still
 * fails the job (the broker was never reached). One line is logged when listing starts to fail and
 * one when it works again, without stack traces.
 */
public final class KnownPartitionsSubscriber
        implements KafkaSubscriber, KafkaDatasetIdentifierProvider {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(KnownPartitionsSubscriber.class);

    private final String topics;
    private final KafkaSubscriber listing;

    /** The partitions listed last; null before the first listing (on the coordinator). */
    private transient Set<TopicPartition> known;

    /** Whether the last listing failed, so that an outage is said once. */
    private transient boolean failing;

    /**
     * @param topics what the source reads, as the log names it (e.g. {@code topic
     *     prescale.metrics})
     * @param listing the subscriber that lists the partitions, e.g. of a list of topics
     */
    public KnownPartitionsSubscriber(String topics, KafkaSubscriber listing) {
        this.topics = Objects.requireNonNull(topics, "topics");
        this.listing = Objects.requireNonNull(listing, "listing");
    }

    @Override
    public Set<TopicPartition> getSubscribedTopicPartitions(AdminClient admin) {
        try {
            Set<TopicPartition> listed = listing.getSubscribedTopicPartitions(admin);
            if (failing) {
                LOG.info("Kafka answers again: listed {} partitions of {}", listed.size(), topics);
                failing = false;
            }
            known = Set.copyOf(listed);
            return listed;
        } catch (RuntimeException e) {
            if (known == null) {
                throw e;
            }
            if (!failing) {
                LOG.warn(
                        "Kafka did not answer the partition discovery of {} ({}); reading the {}"
                                + " partitions listed last and asking again at every discovery",
                        topics,
                        rootMessage(e),
                        known.size());
                failing = true;
            }
            return known;
        }
    }

    @Override
    public Optional<DefaultKafkaDatasetIdentifier> getDatasetIdentifier() {
        return listing instanceof KafkaDatasetIdentifierProvider provider
                ? provider.getDatasetIdentifier()
                : Optional.empty();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
