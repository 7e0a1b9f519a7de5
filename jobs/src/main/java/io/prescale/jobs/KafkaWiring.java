package io.prescale.jobs;

import io.prescale.connectors.kafka.BoundedAdmin;
import io.prescale.connectors.kafka.DeadLetterSerializer;
import io.prescale.connectors.kafka.IngestingDeserializer;
import io.prescale.connectors.kafka.JsonRecordSerializer;
import io.prescale.connectors.kafka.KnownPartitionsSubscriber;
import io.prescale.connectors.kafka.RawRecordDeserializer;
import io.prescale.connectors.kafka.TopicCheck;
import io.prescale.model.DeadLetter;
import io.prescale.model.Ingested;
import io.prescale.model.ParserConfig;
import io.prescale.model.RawRecord;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.enumerator.subscriber.KafkaSubscriber;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.TimeUtils;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerConfig;

/** Builds the Kafka source and sinks of the jobs from their configuration. */
public final class KafkaWiring {
    /**
     * The commands sink's transaction timeout: the broker's {@code transaction.max.timeout.ms}
     * default, the most it grants. The checkpoint options must commit within it ({@link
     * CommandsTransactionWindow}).
     */
    static final Duration TRANSACTION_TIMEOUT = Duration.ofMinutes(15);

    /** The least {@code kafka.outage-timeout}: the producers' 30 s request timeout, twice. */
    static final Duration MIN_OUTAGE_TIMEOUT = Duration.ofMinutes(1);

    /**
     * The longest {@code kafka.outage-timeout}: the producers take it as an int of milliseconds.
     */
    static final Duration MAX_OUTAGE_TIMEOUT = Duration.ofMillis(Integer.MAX_VALUE);

    private KafkaWiring() {}

    /**
     * The producer settings that let a Kafka outage of up to {@code kafka.outage-timeout} pass
     * without a failover: {@code max.block.ms} bounds the wait for the transaction coordinator when
     * the commands sink starts the transaction of the next checkpoint (InitProducerId, in the
     * checkpoint itself: past Kafka's 1 min it declined the checkpoint and failed the task), and
     * for a topic's metadata on a send; {@code delivery.timeout.ms} bounds the wait for records
     * sent and not yet acknowledged, which a checkpoint's flush waits for (past Kafka's 2 min the
     * records fail, and with them the sink). Both are the same bound: how long the job waits for
     * the broker before it restarts from its last checkpoint.
     */
    public static Map<String, String> producerOutageSettings(Configuration conf) {
        String ms = Long.toString(conf.get(JobOptions.KAFKA_OUTAGE_TIMEOUT).toMillis());
        return Map.of(
                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                ms,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                ms);
    }

    /**
     * Refuses a {@code kafka.outage-timeout} below {@link #MIN_OUTAGE_TIMEOUT}: Kafka refuses a
     * delivery timeout below its request timeout, and names neither option; and one above {@link
     * #MAX_OUTAGE_TIMEOUT}, which Kafka's int of milliseconds cannot hold.
     *
     * @throws IllegalArgumentException naming the option and its value
     */
    static void checkOutageTimeout(Configuration conf) {
        Duration outage = conf.get(JobOptions.KAFKA_OUTAGE_TIMEOUT);
        if (outage.compareTo(MIN_OUTAGE_TIMEOUT) < 0) {
            throw new IllegalArgumentException(
                    JobOptions.KAFKA_OUTAGE_TIMEOUT.key()
                            + " must be at least 1 min (twice the producers' request timeout),"
                            + " was "
                            + TimeUtils.formatWithHighestUnit(outage));
        }
        if (outage.compareTo(MAX_OUTAGE_TIMEOUT) > 0) {
            // a tester's 30 d restarted the job for ever on Kafka's "Not a number of type INT"
            throw new IllegalArgumentException(
                    JobOptions.KAFKA_OUTAGE_TIMEOUT.key()
                            + " must be at most 24 d (the producers' timeouts are an int of"
                            + " milliseconds, 2147483647 ms), was "
                            + TimeUtils.formatWithHighestUnit(outage));
        }
    }

    /**
     * The uid of the operator of {@code input}'s source reading the topic {@code option} names: the
     * topic is part of it unless it is the option's default (then {@code <input>-source}, the uid
     * checkpoints of earlier versions hold). Flink's Kafka source restores the partitions it was
     * assigned, with their offsets, whatever topics it now reads, so a source resumed with another
     * topic read the old one as well; with the topic in its uid a checkpoint of the old topic's
     * offsets has no operator to go to, and Flink refuses to restore it (no {@code
     * execution.state-recovery.ignore-unclaimed-state}) before anything is read.
     */
    public static String sourceUid(String input, Configuration conf, ConfigOption<String> option) {
        String topic = conf.get(option);
        return topic.equals(option.defaultValue()) ? input + "-source" : input + "-source@" + topic;
    }

    /** The metrics source, parsing in the source (see {@link IngestingDeserializer}). */
    public static KafkaSource<Ingested> metricsSource(Configuration conf, ParserConfig parser) {
        return source(
                conf,
                conf.get(JobOptions.TOPIC_METRICS),
                conf.get(JobOptions.KAFKA_GROUP_ID),
                new IngestingDeserializer(parser, Clock.systemUTC()));
    }

    /**
     * A source of one topic: committed offsets of the group, else the earliest; read_committed, so
     * transactional producers' aborted records are never seen; bounded at the offsets latest at
     * start when {@code kafka.bounded} is set (replays, demos). Its partition discovery rides out a
     * broker outage ({@link KnownPartitionsSubscriber}), as the side sources' does.
     */
    public static <T> KafkaSource<T> source(
            Configuration conf,
            String topic,
            String groupId,
            KafkaRecordDeserializationSchema<T> deserializer) {
        KafkaSourceBuilder<T> builder =
                KafkaSource.<T>builder()
                        .setBootstrapServers(conf.get(JobOptions.KAFKA_BOOTSTRAP))
                        .setKafkaSubscriber(
                                new KnownPartitionsSubscriber(
                                        "topic " + topic,
                                        KafkaSubscriber.getTopicListSubscriber(List.of(topic))))
                        .setGroupId(groupId)
                        .setProperty("isolation.level", "read_committed")
                        .setStartingOffsets(
                                OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                        .setDeserializer(deserializer);
        if (conf.get(JobOptions.KAFKA_BOUNDED)) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    /**
     * A source of one of the job's side inputs (actuation results, feedback, overrides), whole
     * records for decoding in the job. Subscribed by pattern, so a topic that does not exist yet is
     * read once it appears rather than failing the job; read_committed; bounded like the metrics.
     *
     * @param fromEarliest read from the beginning on a fresh start (the compacted config topic),
     *     else from the group's committed offsets (earliest when it has none)
     */
    public static KafkaSource<RawRecord> sideSource(
            Configuration conf, String topic, String groupSuffix, boolean fromEarliest) {
        KafkaSourceBuilder<RawRecord> builder =
                KafkaSource.<RawRecord>builder()
                        .setBootstrapServers(conf.get(JobOptions.KAFKA_BOOTSTRAP))
                        .setKafkaSubscriber(
                                new KnownPartitionsSubscriber(
                                        "topic " + topic,
                                        KafkaSubscriber.getTopicPatternSubscriber(
                                                Pattern.compile(Pattern.quote(topic)))))
                        .setGroupId(conf.get(JobOptions.KAFKA_GROUP_ID) + "-" + groupSuffix)
                        .setProperty("isolation.level", "read_committed")
                        .setStartingOffsets(
                                fromEarliest
                                        ? OffsetsInitializer.earliest()
                                        : OffsetsInitializer.committedOffsets(
                                                OffsetResetStrategy.EARLIEST))
                        .setDeserializer(new RawRecordDeserializer());
        if (conf.get(JobOptions.KAFKA_BOUNDED)) {
            builder.setBounded(OffsetsInitializer.latest());
        } else {
            // a topic created after the job started is picked up within a minute
            builder.setProperty("partition.discovery.interval.ms", "60000");
        }
        return builder.build();
    }

    /**
     * Which of {@code topics} exist on the configured brokers; all of them when the brokers cannot
     * be asked within 10 s (then a missing topic shows up as the source's own error). A bounded
     * pattern source over a topic that does not exist never finishes, so bounded runs (replays,
     * demos, tests) leave such side inputs out.
     */
    public static Set<String> existing(Configuration conf, Set<String> topics) {
        try (BoundedAdmin admin =
                BoundedAdmin.open(conf.get(JobOptions.KAFKA_BOOTSTRAP), TopicCheck.TIMEOUT)) {
            Set<String> all = admin.topicNames();
            Set<String> found = new HashSet<>(topics);
            found.retainAll(all);
            return found;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return topics;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            return topics;
        }
    }

    /** A sink writing JSON records keyed by {@code key} to {@code topic}, at least once. */
    public static <T> KafkaSink<T> jsonSink(
            Configuration conf, String topic, SerializableFunction<T, String> key) {
        return jsonSink(conf, topic, key, element -> true);
    }

    /**
     * As {@link #jsonSink(Configuration, String, SerializableFunction)}, of what {@code keep}
     * keeps.
     */
    public static <T> KafkaSink<T> jsonSink(
            Configuration conf,
            String topic,
            SerializableFunction<T, String> key,
            SerializableFunction<T, Boolean> keep) {
        return KafkaSink.<T>builder()
                .setBootstrapServers(conf.get(JobOptions.KAFKA_BOOTSTRAP))
                .setKafkaProducerConfig(producerConfig(conf))
                .setRecordSerializer(new JsonRecordSerializer<>(topic, key, keep))
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build();
    }

    /**
     * A transactional sink of JSON records keyed by {@code key}: committed on checkpoints, so a
     * consumer reading with read_committed sees every record exactly once across restarts.
     */
    public static <T> KafkaSink<T> exactlyOnceJsonSink(
            Configuration conf, String topic, SerializableFunction<T, String> key) {
        return KafkaSink.<T>builder()
                .setBootstrapServers(conf.get(JobOptions.KAFKA_BOOTSTRAP))
                .setKafkaProducerConfig(producerConfig(conf))
                .setRecordSerializer(new JsonRecordSerializer<>(topic, key))
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(conf.get(JobOptions.TRANSACTIONAL_ID_PREFIX))
                .setProperty(
                        "transaction.timeout.ms", Long.toString(TRANSACTION_TIMEOUT.toMillis()))
                .build();
    }

    /** The dead-letter sink: original key, JSON body with raw bytes and reason, at least once. */
    public static KafkaSink<DeadLetter> deadLetterSink(Configuration conf) {
        return KafkaSink.<DeadLetter>builder()
                .setBootstrapServers(conf.get(JobOptions.KAFKA_BOOTSTRAP))
                .setKafkaProducerConfig(producerConfig(conf))
                .setRecordSerializer(
                        new DeadLetterSerializer(conf.get(JobOptions.TOPIC_DEADLETTER)))
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build();
    }

    private static Properties producerConfig(Configuration conf) {
        Properties props = new Properties();
        props.putAll(producerOutageSettings(conf));
        return props;
    }

    /** A sink for an output that is turned off (e.g. InfluxDB without {@code influx.url}). */
    public static <T> Sink<T> discard() {
        return new DiscardingSink<>();
    }
}
