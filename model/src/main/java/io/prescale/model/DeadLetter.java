package io.prescale.model;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * A record the job could not accept, kept whole: its raw key and value, where it came from, and why
 * it was rejected. Written to {@code prescale.deadletter} under its original key.
 *
 * <p>Whole up to a bound ({@link #bounded}): a value over {@value #MAX_VALUE_BYTES} bytes keeps its
 * first {@value #MAX_VALUE_BYTES}, a key over {@value #MAX_KEY_BYTES} its first {@value
 * #MAX_KEY_BYTES}, a reason over {@value #MAX_REASON_CHARS} characters its first {@value
 * #MAX_REASON_CHARS}, and the reason says what was cut. A letter carries its value in base64, a
 * third larger: a record of 0.8 MB, which Kafka and the parser take, made a letter over the
 * producer's 1 MiB, and the job failed and restarted on it for ever (a tester's finding).
 *
 * <p>Every dead letter names the record it was read in (topic, partition, offset), also when it is
 * rejected later in the job: a late sample or an expired hint. A hint and a rating keep their
 * record's raw key and value; a late sample, one metric point of a record whose other points may
 * have been accepted, has its entity as key and the point as a one-metric JSON sample as value
 * ({@link #ofPart}).
 *
 * @param partition source partition, -1 when not read from Kafka (an in-memory source)
 * @param offset source offset, -1 when not read from Kafka
 */
public record DeadLetter(
        byte[] key,
        byte[] value,
        String topic,
        int partition,
        long offset,
        String reason,
        Instant rejectedAt) {

    /** The most of a record's value a letter keeps. */
    public static final int MAX_VALUE_BYTES = 256 * 1024;

    /** The most of a record's key a letter keeps (and is written under). */
    public static final int MAX_KEY_BYTES = 4 * 1024;

    /** The most of a reason a letter keeps. */
    public static final int MAX_REASON_CHARS = 4 * 1024;

    public DeadLetter {
        Checks.notNull("topic", topic);
        Checks.notBlank("reason", reason);
        Checks.notNull("rejectedAt", rejectedAt);
    }

    /** {@code raw} kept whole (up to the bounds), rejected at {@code at} for {@code reason}. */
    public static DeadLetter of(RawRecord raw, String reason, Instant at) {
        return bounded(
                raw.key(), raw.value(), raw.topic(), raw.partition(), raw.offset(), reason, at);
    }

    /**
     * A letter of a record read at {@code topic}/{@code partition}/{@code offset}, its key, value
     * and reason cut to the bounds (see the class comment), the reason saying what was cut.
     */
    public static DeadLetter bounded(
            byte[] key,
            byte[] value,
            String topic,
            int partition,
            long offset,
            String reason,
            Instant at) {
        StringBuilder why = new StringBuilder();
        if (reason != null && reason.length() > MAX_REASON_CHARS) {
            why.append(reason, 0, MAX_REASON_CHARS)
                    .append("… (")
                    .append(reason.length())
                    .append(" characters)");
        } else {
            why.append(reason);
        }
        String cut = cut("value", value, MAX_VALUE_BYTES) + cut("key", key, MAX_KEY_BYTES);
        if (!cut.isEmpty()) {
            why.append(" [this letter keeps").append(cut, 1, cut.length()).append(']');
        }
        return new DeadLetter(
                key == null || key.length <= MAX_KEY_BYTES
                        ? key
                        : Arrays.copyOf(key, MAX_KEY_BYTES),
                value == null || value.length <= MAX_VALUE_BYTES
                        ? value
                        : Arrays.copyOf(value, MAX_VALUE_BYTES),
                topic,
                partition,
                offset,
                why.toString(),
                at);
    }

    private static String cut(String what, byte[] bytes, int max) {
        return bytes == null || bytes.length <= max
                ? ""
                : String.format(
                        java.util.Locale.ROOT,
                        ", the first %,d of the %s's %,d bytes",
                        max,
                        what,
                        bytes.length);
    }

    /**
     * A part of a record rejected after the record was split, its other parts accepted (one metric
     * point of a sample that held several): {@code part} as JSON under {@code key}, naming the
     * record it came in ({@code from}); the record's own bytes are not kept that far.
     */
    public static DeadLetter ofPart(
            RecordOrigin from, String key, Object part, String reason, Instant at) {
        return bounded(
                key.getBytes(StandardCharsets.UTF_8),
                JsonCodec.encode(part),
                from.topic(),
                from.partition(),
                from.offset(),
                reason,
                at);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeadLetter d
                && Arrays.equals(key, d.key)
                && Arrays.equals(value, d.value)
                && topic.equals(d.topic)
                && partition == d.partition
                && offset == d.offset
                && reason.equals(d.reason)
                && rejectedAt.equals(d.rejectedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(key), Arrays.hashCode(value), topic, partition, offset);
    }

    @Override
    public String toString() {
        return "DeadLetter[" + topic + "-" + partition + "@" + offset + ": " + reason + "]";
    }
}
