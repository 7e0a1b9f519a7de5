package io.prescale.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.model.CommandIngested;
import io.prescale.model.JsonCodec;
import io.prescale.model.ScaleAction;
import io.prescale.model.ScaleCommand;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The commands topic as the actuator reads it: a command keyed by its entity, or without a key, is
 * taken; one under another key (the ninth tester's key {@code x2} for entity {@code t9-c}, read in
 * another partition's order than the entity's other commands) is dead-lettered with the reason.
 */
class CommandDeserializerTest {
    private static final Instant T = Instant.parse("2024-03-01T12:00:00Z");

    @Test
    void aCommandUnderAnotherKeyIsDeadLettered() {
        ScaleCommand c =
                new ScaleCommand(
                        "t9-c/cpu/1",
                        "t9-c",
                        "cpu",
                        ScaleAction.SCALE_UP,
                        2,
                        "cores",
                        0,
                        1,
                        "test",
                        0.99,
                        2,
                        0.9,
                        0,
                        T,
                        T,
                        T.plusSeconds(600));
        List<CommandIngested> out = new ArrayList<>();
        CommandDeserializer d =
                new CommandDeserializer(Clock.fixed(T.plusSeconds(1), ZoneOffset.UTC));
        for (String key : new String[] {"t9-c", null, "x2"}) {
            d.deserialize(record(key, JsonCodec.encode(c)), collector(out));
        }

        assertThat(out).extracting(CommandIngested::command).containsExactly(c, c, null);
        assertThat(out.get(2).deadLetter().reason())
                .isEqualTo("bad command: record key 'x2' is not the entity 't9-c'");
        assertThat(out.get(2).deadLetter().offset()).isEqualTo(2);
    }

    private int offset;

    private ConsumerRecord<byte[], byte[]> record(String key, byte[] value) {
        return new ConsumerRecord<>(
                "commands",
                0,
                offset++,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value);
    }

    private static Collector<CommandIngested> collector(List<CommandIngested> out) {
        return new Collector<>() {
            @Override
            public void collect(CommandIngested record) {
                out.add(record);
            }

            @Override
            public void close() {}
        };
    }
}
