package io.prescale.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.model.DeadLetter;
import io.prescale.model.JsonCodec;
import io.prescale.model.WindowAggregate;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * The sinks' records leave the Kafka timestamp to the producer (CreateTime = now) and keep the
 * event time in the body, so time-based retention never deletes a replay of an old trace.
 */
class KafkaSerializersTest {
    private static final Instant EVENT = Instant.parse("2017-01-01T00:05:00Z");

    @Test
    void jsonRecordsCarryTheEventTimeInTheBodyNotInTheKafkaTimestamp() {
        WindowAggregate w =
                new WindowAggregate("vm-1", "cpu_pct", EVENT, EVENT.plusSeconds(300), 3, 2, 4, 4);
        ProducerRecord<byte[], byte[]> r =
                new JsonRecordSerializer<WindowAggregate>("windows", WindowAggregate::entity)
                        .serialize(w, null, EVENT.toEpochMilli());

        assertThat(r.timestamp()).as("left to the producer: CreateTime = now").isNull();
        assertThat(r.topic()).isEqualTo("windows");
        assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("vm-1");
        assertThat(JsonCodec.decode(r.value(), WindowAggregate.class).windowStart())
                .isEqualTo(EVENT);
    }

    @Test
    void deadLettersKeepTheirKeyAndLeaveTheTimestampToTheProducer() {
        byte[] key = "vm-1".getBytes(StandardCharsets.UTF_8);
        DeadLetter d =
                new DeadLetter(
                        key,
                        "{".getBytes(StandardCharsets.UTF_8),
                        "metrics",
                        0,
                        7,
                        "malformed JSON",
                        EVENT);
        ProducerRecord<byte[], byte[]> r =
                new DeadLetterSerializer("deadletter").serialize(d, null, EVENT.toEpochMilli());

        assertThat(r.timestamp()).isNull();
        assertThat(r.key()).isEqualTo(key);
        assertThat(JsonCodec.decode(r.value(), DeadLetter.class)).isEqualTo(d);
    }
}
