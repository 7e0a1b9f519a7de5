package io.prescale.cli.infra;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Where a bounded run ({@code kafka.bounded}) of a job stops reading, committed for its consumer
 * group once it has finished. Flink's Kafka source commits the offsets of a checkpoint when the
 * checkpoint completes, and a source subtask whose partitions reached their end before the job's
 * last checkpoint did not commit them: a tester's next run, started empty as a finished job's
 * checkpoints are deleted, read one partition of {@code prescale.metrics} again and commanded its
 * records again.
 */
public final class EndOffsets {
    private final String bootstrapServers;
    private final Map<TopicPartition, Long> ends;

    private EndOffsets(String bootstrapServers, Map<TopicPartition, Long> ends) {
        this.bootstrapServers = bootstrapServers;
        this.ends = ends;
    }

    /**
     * The end offsets of {@code topics} now, before the job starts: its source reads to the ends it
     * finds as it starts, at or past these, so committing these never skips a record.
     *
     * @throws IllegalStateException when the broker does not answer within {@code timeout}
     */
    public static EndOffsets before(
            String bootstrapServers, Collection<String> topics, Duration timeout) {
        long ms = timeout.toMillis();
        Map<TopicPartition, Long> ends =
                KafkaTopics.withAdmin(
                        bootstrapServers,
                        timeout,
                        "read the end offsets of " + topics,
                        admin -> {
                            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                            admin.describeTopics(topics)
                                    .allTopicNames()
                                    .get(ms, TimeUnit.MILLISECONDS)
                                    .forEach(
                                            (topic, d) ->
                                                    d.partitions()
                                                            .forEach(
                                                                    p ->
                                                                            latest.put(
                                                                                    new TopicPartition(
                                                                                            topic,
                                                                                            p
                                                                                                    .partition()),
                                                                                    OffsetSpec
                                                                                            .latest())));
                            return admin
                                    .listOffsets(latest)
                                    .all()
                                    .get(ms, TimeUnit.MILLISECONDS)
                                    .entrySet()
                                    .stream()
                                    .collect(
                                            Collectors.toMap(
                                                    Map.Entry::getKey, e -> e.getValue().offset()));
                        });
        return new EndOffsets(bootstrapServers, ends);
    }

    /**
     * Commits for {@code group} each end offset its committed offset is below (or that has none),
     * after the job finished.
     *
     * @return how many partitions were moved on
     * @throws IllegalStateException when the broker refuses or does not answer within {@code
     *     timeout}
     */
    public int commitFor(String group, Duration timeout) {
        long ms = timeout.toMillis();
        return KafkaTopics.withAdmin(
                bootstrapServers,
                timeout,
                "commit the end offsets for consumer group " + group,
                admin -> {
                    Map<TopicPartition, OffsetAndMetadata> committed =
                            admin.listConsumerGroupOffsets(group)
                                    .partitionsToOffsetAndMetadata()
                                    .get(ms, TimeUnit.MILLISECONDS);
                    Map<TopicPartition, OffsetAndMetadata> behind = new HashMap<>();
                    ends.forEach(
                            (tp, end) -> {
                                OffsetAndMetadata c = committed.get(tp);
                                if (end > 0 && (c == null || c.offset() < end)) {
                                    behind.put(tp, new OffsetAndMetadata(end));
                                }
                            });
                    if (!behind.isEmpty()) {
                        admin.alterConsumerGroupOffsets(group, behind)
                                .all()
                                .get(ms, TimeUnit.MILLISECONDS);
                    }
                    return behind.size();
                });
    }
}
