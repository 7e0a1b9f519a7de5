package io.prescale.cli.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a topic from the beginning with {@code read_committed}, decoding each value, for the demo's
 * progress and summary and for the tests. Not thread-safe.
 */
public final class TopicReader<T> implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Function<byte[], T> decode;
    private final List<T> records = new ArrayList<>();

    public TopicReader(String bootstrap, String topic, Function<byte[], T> decode) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "prescale-reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        this.consumer = new KafkaConsumer<>(props);
        this.decode = decode;
        consumer.subscribe(List.of(topic));
    }

    /** Polls once for up to {@code timeout}; returns all records read so far. */
    public List<T> poll(Duration timeout) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(timeout)) {
            records.add(decode.apply(r.value()));
        }
        return records;
    }

    /** Polls until {@code expected} records were read or {@code timeout} passed. */
    public List<T> pollUntil(int expected, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (records.size() < expected && System.nanoTime() < deadline) {
            poll(Duration.ofMillis(200));
        }
        return records;
    }

    /**
     * Polls until a poll of {@code quiet} brings nothing new: everything committed so far is read
     * (one poll returns at most {@code max.poll.records}, so a fixed number of polls may stop
     * short).
     */
    public List<T> drain(Duration quiet) {
        int before;
        do {
            before = records.size();
            poll(quiet);
        } while (records.size() > before);
        return records;
    }

    /**
     * Polls until everything committed on the topic when called is read (its end offsets as {@code
     * read_committed} sees them, the last stable offsets), or {@code timeout} passes; returns all
     * records read so far. Unlike one {@link #poll}, which brings at most {@code max.poll.records},
     * this does not fall behind a topic that grows fast. A broker slow to give the end offsets
     * within the time left leaves what was read.
     */
    public List<T> readToEnd(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (consumer.assignment().isEmpty() && System.nanoTime() < deadline) {
            poll(Duration.ofMillis(50));
        }
        Map<TopicPartition, Long> end;
        try {
            end =
                    consumer.endOffsets(
                            consumer.assignment(),
                            Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        } catch (TimeoutException e) {
            return records;
        }
        while (!reached(end) && System.nanoTime() < deadline) {
            poll(Duration.ofMillis(50));
        }
        return records;
    }

    private boolean reached(Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    public List<T> records() {
        return records;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
