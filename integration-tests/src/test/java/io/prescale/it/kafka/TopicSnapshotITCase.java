package io.prescale.it.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.it.services.KafkaConsumers;
import io.prescale.it.services.KafkaService;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A snapshot of a topic holds every committed record and nothing aborted, on every read: plain and
 * transactional records on two partitions, read ten times.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class TopicSnapshotITCase {
    @RegisterExtension static final KafkaService KAFKA = new KafkaService();

    @Test
    void everyReadHoldsAllCommittedRecordsAndNoAbortedOne() {
        String topic = KAFKA.createTopic("snapshot", 2, false);
        try (KafkaProducer<String, String> plain = producer(null);
                KafkaProducer<String, String> tx = producer("snapshot-" + topic)) {
            for (int i = 0; i < 300; i++) {
                plain.send(new ProducerRecord<>(topic, "k" + (i % 7), "plain-" + i));
            }
            plain.flush();
            tx.initTransactions();
            tx.beginTransaction();
            for (int i = 0; i < 200; i++) {
                tx.send(new ProducerRecord<>(topic, "k" + (i % 5), "committed-" + i));
            }
            tx.commitTransaction();
            tx.beginTransaction();
            for (int i = 0; i < 50; i++) {
                tx.send(new ProducerRecord<>(topic, "k" + (i % 5), "aborted-" + i));
            }
            tx.flush();
            tx.abortTransaction();
        }
        for (int read = 0; read < 10; read++) {
            List<String> values = KafkaConsumers.committedText(KAFKA.bootstrapServers(), topic);
            assertThat(values).as("read %d", read).hasSize(500);
            assertThat(values).noneMatch(v -> v.startsWith("aborted"));
        }
    }

    private static KafkaProducer<String, String> producer(String transactionalId) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        // the topic was created a moment before: see Replayer on KAFKA-15591
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        if (transactionalId != null) {
            p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        }
        return new KafkaProducer<>(p);
    }
}
