package io.prescale.it.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prescale.cli.replay.Replayer;
import io.prescale.it.services.KafkaConsumers;
import io.prescale.it.services.KafkaService;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The replayer puts every payload on a topic created a moment before, and a record the broker
 * refuses fails the replay with a message naming the topic instead of vanishing.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ReplayerITCase {
    @RegisterExtension static final KafkaService KAFKA = new KafkaService();

    @Test
    void everyPayloadLandsOnJustCreatedTopics() {
        List<Replayer.Payload> payloads = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            payloads.add(new Replayer.Payload("vm-" + (i % 10), bytes("sample-" + i)));
        }
        for (int round = 0; round < 3; round++) {
            String topic = KAFKA.createTopic("replay", 2, false);
            List<Integer> progress = new ArrayList<>();
            Replayer.send(KAFKA.bootstrapServers(), topic, payloads, progress::add);

            List<String> values = KafkaConsumers.committedText(KAFKA.bootstrapServers(), topic);
            assertThat(values).as("round %d", round).hasSize(payloads.size());
            assertThat(values).contains("sample-0", "sample-1", "sample-19999");
            // every thousand, the last once, after the flush (when every record is acknowledged)
            assertThat(progress).startsWith(1_000, 2_000).endsWith(19_000, 20_000).hasSize(20);
        }
    }

    @Test
    void aRecordTheBrokerRefusesFailsTheReplay() {
        String topic = KAFKA.createTopic("refused", 1, false);
        // larger than the producer's max.request.size (1 MiB): refused, reported to the callback
        byte[] huge = new byte[2 << 20];
        List<Replayer.Payload> payloads =
                List.of(
                        new Replayer.Payload("vm-1", bytes("ok")),
                        new Replayer.Payload("vm-1", huge),
                        new Replayer.Payload("vm-2", bytes("ok too")));

        assertThatThrownBy(() -> Replayer.send(KAFKA.bootstrapServers(), topic, payloads, n -> {}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("1 of 3 records were not acknowledged by " + topic)
                .hasMessageContaining("RecordTooLargeException");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
