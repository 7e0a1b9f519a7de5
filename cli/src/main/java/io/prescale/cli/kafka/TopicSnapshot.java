package io.prescale.cli.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Everything committed on a topic at the moment of the call: its partitions are read from the
 * beginning up to their end offsets as {@code read_committed} sees them (the last stable offset),
 * with no consumer group. For a finished job's outputs this is all of them, without guessing a
 * count or a quiet period.
 */
public final class TopicSnapshot {
    private TopicSnapshot() {}

    /**
     * The records' values, decoded.
     *
     * @throws IllegalStateException when the end offsets are not reached within {@code timeout}
     */
    public static <T> List<T> read(
            String bootstrap, String topic, Function<byte[], T> decode, Duration timeout) {
        return readRecords(bootstrap, topic, r -> decode.apply(r.value()), timeout);
    }

    /**
     * Whatever {@code map} makes of each whole record (e.g. its timestamp).
     *
     * @throws IllegalStateException when the end offsets are not reached within {@code timeout}
     */
    public static <T> List<T> readRecords(
            String bootstrap,
            String topic,
            Function<ConsumerRecord<byte[], byte[]>, T> map,
            Duration timeout) {
        List<T> out = new ArrayList<>();
        forEach(bootstrap, topic, r -> out.add(map.apply(r)), timeout);
        return out;
    }

    /**
     * Hands each record to {@code each} as it is read, in partition order within a partition, until
     * the end offsets or until {@code each} returns false.
     *
     * @throws IllegalStateException when the end offsets are not reached within {@code timeout}
     */
    public static void forEach(
            String bootstrap,
            String topic,
            Predicate<ConsumerRecord<byte[], byte[]>> each,
            Duration timeout) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic, timeout).stream()
                            .map(p -> new TopicPartition(topic, p.partition()))
                            .toList();
            consumer.assign(partitions);
            // explicit offsets, not seekToBeginning: a lazy reset can resolve late and skip data
            consumer.beginningOffsets(partitions, timeout).forEach(consumer::seek);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!reached(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "reading "
                                    + topic
                                    + " did not reach its end offsets "
                                    + end
                                    + " within "
                                    + timeout);
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (!each.test(r)) {
                        return;
                    }
                }
            }
        }
    }

    private static boolean reached(
            KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
