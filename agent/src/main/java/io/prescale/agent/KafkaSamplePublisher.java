package io.prescale.agent;

import io.prescale.model.JsonCodec;
import io.prescale.model.MetricSample;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes samples as JSON ({@link JsonCodec}) to a Kafka topic, keyed by entity, with {@code
 * acks=all} and idempotence on so a retried send is written once. Sends are asynchronous; a send
 * that fails (after the producer's own retries, bounded by {@code delivery.timeout.ms}) is counted
 * and its reason kept for the agent's progress line (logged at DEBUG only, one line per sample).
 */
public final class KafkaSamplePublisher implements SamplePublisher {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaSamplePublisher.class);

    private final Producer<byte[], byte[]> producer;
    private final String bootstrapServers;
    private final String topic;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile String lastFailure;

    /**
     * @param bootstrapServers {@code host:port[,host:port...]}
     * @param topic the topic samples go to
     * @param deliveryTimeout how long one sample may take, retries included, before it counts as
     *     failed
     */
    public KafkaSamplePublisher(String bootstrapServers, String topic, Duration deliveryTimeout) {
        this(
                new KafkaProducer<>(properties(bootstrapServers, deliveryTimeout)),
                bootstrapServers,
                topic);
    }

    /** For tests that bring their own producer (e.g. Kafka's {@code MockProducer}). */
    KafkaSamplePublisher(Producer<byte[], byte[]> producer, String bootstrapServers, String topic) {
        this.producer = producer;
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
    }

    static Properties properties(String bootstrapServers, Duration deliveryTimeout) {
        long deliveryMs = Math.max(deliveryTimeout.toMillis(), 2_000);
        Properties p = new Properties();
        p.putAll(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        "true",
                        ProducerConfig.CLIENT_ID_CONFIG,
                        "prescale-agent",
                        ProducerConfig.LINGER_MS_CONFIG,
                        "20",
                        // delivery.timeout.ms must be >= linger.ms + request.timeout.ms
                        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                        Long.toString(deliveryMs - 100),
                        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                        Long.toString(deliveryMs),
                        ProducerConfig.MAX_BLOCK_MS_CONFIG,
                        Long.toString(deliveryMs),
                        // one request at a time: on a topic created a moment before, a later
                        // request can overtake a failed first one, whose retries are then refused
                        // until they expire (KAFKA-15591, fixed in Kafka 4.5; see Replayer)
                        ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
                        "1"));
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return p;
    }

    @Override
    public void publish(MetricSample sample) {
        byte[] key = sample.entity().getBytes(StandardCharsets.UTF_8);
        try {
            producer.send(
                    new ProducerRecord<>(topic, key, JsonCodec.encode(sample)),
                    (metadata, error) -> {
                        if (error == null) {
                            published.incrementAndGet();
                        } else {
                            fail(sample, error);
                        }
                    });
        } catch (RuntimeException e) {
            // metadata not available within max.block.ms, buffer full, producer closed
            fail(sample, e);
        }
    }

    private void fail(MetricSample sample, Throwable error) {
        failed.incrementAndGet();
        lastFailure = failure(error, topic, bootstrapServers);
        LOG.debug("sample of {} {}", sample.entity(), lastFailure);
    }

    /**
     * What a failed send says. The producer's wait for the topic's metadata ends in "Topic T not
     * present in metadata after N ms", and a batch the broker never acknowledged in "Expiring N
     * record(s) for T-0: ... has passed since batch creation" (the first round of an outage, whose
     * metadata was still known): neither says that the broker did not answer; said so.
     */
    static String failure(Throwable error, String topic, String bootstrapServers) {
        String message = String.valueOf(error.getMessage());
        if (error instanceof TimeoutException && message.contains("not present in metadata")) {
            return silent(
                    bootstrapServers,
                    "did not answer about topic " + topic,
                    ", or the topic was deleted");
        }
        if (error instanceof TimeoutException && message.startsWith("Expiring ")) {
            return silent(bootstrapServers, "did not take the samples for topic " + topic, "");
        }
        return "not published to topic "
                + topic
                + " at bootstrap servers "
                + bootstrapServers
                + ": "
                + error;
    }

    /** A failure that is the broker not answering, said as such. */
    private static String silent(String bootstrapServers, String what, String orElse) {
        return "not published: the Kafka broker at "
                + bootstrapServers
                + " "
                + what
                + " within three intervals (it is down or unreachable"
                + orElse
                + "); samples count as failed until it answers";
    }

    @Override
    public void flush() {
        try {
            producer.flush();
        } catch (RuntimeException e) {
            LOG.warn("flush to {} failed: {}", topic, e.toString());
        }
    }

    @Override
    public long published() {
        return published.get();
    }

    @Override
    public long failed() {
        return failed.get();
    }

    @Override
    public String lastFailure() {
        return lastFailure;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            flush();
            producer.close(Duration.ofSeconds(5));
        }
    }
}
