package io.prescale.model;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns one raw {@code prescale.metrics} record into metric points and dead letters: every sample
 * it holds becomes one point per metric, each naming the record it came in; every rejection (and a
 * record that makes the parser itself fail) becomes a dead letter with the raw bytes, where they
 * came from and why.
 */
public final class RecordIngestor {
    private final SampleParser parser;

    public RecordIngestor(ParserConfig config) {
        this.parser = new SampleParser(config);
    }

    /** Ingests {@code raw}; {@code now} anchors the timestamp skew window. */
    public void ingest(RawRecord raw, Instant now, Consumer<Ingested> out) {
        if (raw.value() == null) {
            out.accept(reject(raw, "record value is null (tombstone)", now));
            return;
        }
        ParseResult result;
        try {
            result = parser.parse(raw.value(), now);
        } catch (RuntimeException e) {
            // a parser defect must not lose the record or stop the job
            out.accept(reject(raw, "parser failed: " + e, now));
            return;
        }
        int parts = result.samples().size() + result.rejections().size();
        for (Rejection rejection : result.rejections()) {
            out.accept(
                    parts > 1 && rejection.text() != null
                            ? lineLetter(raw, rejection, parts, result.samples().size(), now)
                            : reject(raw, rejection.toString(), now));
        }
        RecordOrigin origin = raw.origin();
        for (MetricSample s : result.samples()) {
            long ts = s.ts().toEpochMilli();
            for (Map.Entry<String, Double> m : s.metrics().entrySet()) {
                out.accept(
                        Ingested.of(
                                new MetricPoint(
                                        s.entity(),
                                        s.tenant(),
                                        m.getKey(),
                                        ts,
                                        m.getValue(),
                                        origin)));
            }
        }
    }

    /**
     * The letter of one refused line of a record of {@code parts} point lines, {@code taken} of
     * them taken: it holds that line only, so that the record's other lines, taken or letters of
     * their own, are not sent again with it when it is mended and sent back (the whole record was
     * each line's letter).
     */
    private static Ingested lineLetter(
            RawRecord raw, Rejection rejection, int parts, int taken, Instant now) {
        return Ingested.rejected(
                DeadLetter.bounded(
                        raw.key(),
                        rejection.text().getBytes(StandardCharsets.UTF_8),
                        raw.topic(),
                        raw.partition(),
                        raw.offset(),
                        rejection
                                + "; this letter holds that line only (of the record's "
                                + parts
                                + " point lines, "
                                + taken
                                + (taken == 1 ? " was taken)" : " were taken)"),
                        now));
    }

    private static Ingested reject(RawRecord raw, String reason, Instant now) {
        return Ingested.rejected(DeadLetter.of(raw, reason, now));
    }
}
