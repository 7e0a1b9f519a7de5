package io.prescale.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A letter carries the record in base64, a third larger: the twenty-eighth tester's 0.8 MB record,
 * taken by Kafka and by the parser, made a letter over the producer's 1 MiB and the job restarted
 * on it for ever. A letter keeps at most 256 KiB of a value, 4 KiB of a key and 4 Ki characters of
 * a reason, and says what it cut.
 */
class DeadLetterTest {
    private static final Instant T = Instant.parse("2024-03-01T12:00:00Z");

    @Test
    void aLargeRecordMakesALetterWellUnderKafkasDefaultRecordSize() {
        byte[] value = new byte[1_000_000];
        Arrays.fill(value, (byte) 'B');
        byte[] key = new byte[5_000];
        Arrays.fill(key, (byte) 'k');
        String reason = "R".repeat(10_000);

        DeadLetter d = DeadLetter.bounded(key, value, "prescale.metrics", 0, 7, reason, T);

        assertThat(d.value()).hasSize(DeadLetter.MAX_VALUE_BYTES);
        assertThat(d.key()).hasSize(DeadLetter.MAX_KEY_BYTES);
        assertThat(d.reason())
                .startsWith("R".repeat(DeadLetter.MAX_REASON_CHARS) + "… (10000 characters)")
                .endsWith(
                        " [this letter keeps the first 262,144 of the value's 1,000,000 bytes,"
                                + " the first 4,096 of the key's 5,000 bytes]");
        assertThat(JsonCodec.encode(d).length + d.key().length).isLessThan(512 * 1024);
        assertThat(JsonCodec.decode(JsonCodec.encode(d), DeadLetter.class)).isEqualTo(d);
    }

    @Test
    void aRecordWithinTheBoundsIsKeptWhole() {
        byte[] value = "{\"v\":1}".getBytes(StandardCharsets.UTF_8);
        DeadLetter d =
                DeadLetter.of(
                        new RawRecord(
                                "vm-1".getBytes(StandardCharsets.UTF_8),
                                value,
                                "prescale.metrics",
                                0,
                                7,
                                T.toEpochMilli()),
                        "bad",
                        T);
        assertThat(d.value()).isEqualTo(value);
        assertThat(d.reason()).isEqualTo("bad");
    }
}
