package io.prescale.it.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.influxdb.InfluxDB;
import org.influxdb.dto.Point;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The real Kafka broker and InfluxDB server answer, whichever way the services obtained them. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ServicesSmokeITCase {

    @RegisterExtension static final KafkaService KAFKA = new KafkaService();
    @RegisterExtension static final InfluxService INFLUX = new InfluxService();

    private static final Instant SAMPLE_TIME = Instant.parse("2024-03-01T12:00:00Z");
    private static final Duration CONSUME_TIMEOUT = Duration.ofSeconds(30);

    @Test
    void recordRoundTripsThroughTheBroker() throws Exception {
        String topic = KAFKA.createTopic("smoke", 1, false);

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig())) {
            producer.send(new ProducerRecord<>(topic, "checkout", "cpu=250m")).get();
        }

        assertThat(consumeAll(topic, "read_uncommitted", 1))
                .singleElement()
                .satisfies(
                        record -> {
                            assertThat(record.key()).isEqualTo("checkout");
                            assertThat(record.value()).isEqualTo("cpu=250m");
                        });
    }

    /**
     * The broker config must allow transactions on one node, as Flink's exactly-once sink needs.
     */
    @Test
    void committedTransactionIsVisibleToReadCommittedConsumer() {
        String topic = KAFKA.createTopic("smoke-tx", 1, true);
        Map<String, Object> config = producerConfig();
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, topic + "-tx");
        config.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) Duration.ofHours(1).toMillis());

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "checkout", "replicas=3"));
            producer.commitTransaction();
        }

        assertThat(consumeAll(topic, "read_committed", 1))
                .extracting(ConsumerRecord::value)
                .containsExactly("replicas=3");
    }

    @Test
    void pointRoundTripsThroughInfluxDb() {
        String database = INFLUX.createDatabase("smoke");

        try (InfluxDB influx = INFLUX.connect()) {
            influx.write(
                    database,
                    "autogen",
                    Point.measurement("cpu")
                            .time(SAMPLE_TIME.toEpochMilli(), TimeUnit.MILLISECONDS)
                            .tag("workload", "checkout")
                            .addField("millicores", 250.0)
                            .build());
            QueryResult result =
                    influx.query(
                            new Query(
                                    "SELECT millicores FROM cpu WHERE workload = 'checkout'",
                                    database),
                            TimeUnit.MILLISECONDS);

            assertThat(result.hasError()).as("query error: %s", result.getError()).isFalse();
            List<List<Object>> rows = result.getResults().get(0).getSeries().get(0).getValues();
            assertThat(rows).hasSize(1);
            assertThat(((Number) rows.get(0).get(0)).longValue())
                    .isEqualTo(SAMPLE_TIME.toEpochMilli());
            assertThat(rows.get(0).get(1)).isEqualTo(250.0);
        }
    }

    private static Map<String, Object> producerConfig() {
        Map<String, Object> config = new HashMap<>(KAFKA.endpoint().clientConfig());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        return config;
    }

    /** Reads partition 0 from the start until {@code expected} records arrived or time is up. */
    private static List<ConsumerRecord<String, String>> consumeAll(
            String topic, String isolation, int expected) {
        Map<String, Object> config = new HashMap<>(KAFKA.endpoint().clientConfig());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + CONSUME_TIMEOUT.toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        return records;
    }
}
