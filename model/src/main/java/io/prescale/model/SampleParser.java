package io.prescale.model;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads the payload of a {@code prescale.metrics} record: JSON when its first non-blank byte is
 * <code>{</code>, else Influx line protocol, one sample per line (Telegraf batches several lines in
 * one record). Every sample is validated against the {@link ParserConfig}: value range, demands not
 * below 0, and timestamp skew relative to {@code now}. Whatever is not accepted comes back as a
 * {@link Rejection} naming the field and value, and for line protocol the line (and, for syntax,
 * the column), so nothing is dropped silently. A payload that gives no sample and is plainly
 * neither format (JSON behind other bytes, a first line without a field) is rejected as such, and a
 * line-protocol time outside the skew window says so when another unit would make it plausible
 * ({@link MisreadPayloads}). Blank lines and {@code #} comments are not points and are skipped.
 *
 * <p>Thread-safe: it holds only its immutable config.
 */
public final class SampleParser {
    private final ParserConfig config;
    private final LineProtocolParser lineProtocol;

    public SampleParser(ParserConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.lineProtocol = new LineProtocolParser(config);
    }

    /** Parses one payload; {@code now} stands in for missing timestamps and anchors the skew. */
    public ParseResult parse(byte[] payload, Instant now) {
        Objects.requireNonNull(now, "now");
        if (payload == null || payload.length == 0) {
            return ParseResult.rejected("payload is empty");
        }
        if (payload.length > config.maxPayloadBytes()) {
            return ParseResult.rejected(
                    "payload of "
                            + payload.length
                            + " bytes exceeds the maximum of "
                            + config.maxPayloadBytes()
                            + " ("
                            + ParserConfig.MAX_PAYLOAD_BYTES_KEY
                            + ")");
        }
        if (startsWithBrace(payload)) {
            try {
                MetricSample s = JsonSampleReader.read(payload, now);
                String problem = valueProblem(s);
                int others = s.metrics().size() - 1;
                if (problem != null && others > 0) {
                    // the sample is one: its other metrics were not taken either, unsaid before
                    problem +=
                            "; the sample is refused whole, its "
                                    + (others == 1 ? "other metric" : others + " other metrics")
                                    + " too";
                }
                String skew = problem == null ? skewProblem(s.ts(), now) : null;
                if (skew != null) {
                    // epoch seconds where milliseconds are read is a common slip
                    problem = skew + MisreadPayloads.jsonHint(s.ts(), now);
                }
                return problem == null
                        ? new ParseResult(List.of(s), List.of())
                        : ParseResult.rejected(problem);
            } catch (InvalidRecordException e) {
                return ParseResult.rejected(e.getMessage());
            }
        }
        ParseResult lines = parseLines(payload, now);
        String neither = lines.samples().isEmpty() ? MisreadPayloads.neitherFormat(payload) : null;
        return neither == null
                ? lines
                : ParseResult.rejected(
                        "neither a JSON object nor InfluxDB line protocol: " + neither);
    }

    private ParseResult parseLines(byte[] payload, Instant now) {
        String text;
        try {
            text =
                    StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(payload))
                            .toString();
        } catch (CharacterCodingException e) {
            return ParseResult.rejected("payload is not valid UTF-8: " + e.getMessage());
        }
        List<MetricSample> samples = new ArrayList<>();
        List<Rejection> rejections = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = stripCarriageReturn(lines[i]);
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            try {
                MetricSample s = lineProtocol.parseLine(line, now);
                String problem = valueProblem(s);
                String skew = problem == null ? skewProblem(s.ts(), now) : null;
                if (skew != null) {
                    // a time in another unit than the configured one is a common slip
                    problem =
                            skew
                                    + MisreadPayloads.precisionHint(
                                            s.ts(), now, config.lineProtocolPrecision());
                }
                if (problem == null) {
                    samples.add(s);
                } else {
                    rejections.add(new Rejection(i + 1, problem, line));
                }
            } catch (InvalidRecordException e) {
                rejections.add(new Rejection(i + 1, e.getMessage(), line));
            }
        }
        if (samples.isEmpty() && rejections.isEmpty()) {
            rejections.add(new Rejection("payload holds no line-protocol points"));
        }
        return new ParseResult(samples, rejections);
    }

    /** A value out of range or a demand below 0, or {@code null}. */
    private String valueProblem(MetricSample s) {
        for (Map.Entry<String, Double> m : s.metrics().entrySet()) {
            double v = m.getValue();
            if (v < config.minValue() || v > config.maxValue()) {
                return Checks.outOfRange(
                        "metrics." + m.getKey(), v, config.minValue(), config.maxValue());
            }
            if (v < 0 && config.demandMetrics().contains(m.getKey())) {
                return "metrics."
                        + m.getKey()
                        + " = "
                        + Decimals.plain(v)
                        + " is negative; it is a resource's demand, which cannot be below 0";
            }
        }
        return null;
    }

    /** A time outside the skew window around {@code now}, or {@code null}. */
    private String skewProblem(Instant ts, Instant now) {
        if (config.maxPastSkew() != null && ts.isBefore(now.minus(config.maxPastSkew()))) {
            return "ts "
                    + ts
                    + " is more than "
                    + readable(config.maxPastSkew())
                    + " ("
                    + ParserConfig.MAX_PAST_SKEW_KEY
                    + ") before now ("
                    + now.truncatedTo(ChronoUnit.MILLIS)
                    + ")";
        }
        String after = afterNow(ts, now, config.maxFutureSkew());
        return after == null
                ? null
                : "ts " + ts + " is " + after + ", as if the sender's clock ran fast";
    }

    /**
     * "more than S (parser.max-future-skew) after now (N)" when {@code at} lies more than {@code
     * maxFutureSkew} after {@code now}, else null (and always null when {@code maxFutureSkew} is
     * null, the check off): the wording of every future check, samples', ratings' and actuation
     * results'.
     */
    public static String afterNow(Instant at, Instant now, Duration maxFutureSkew) {
        if (maxFutureSkew == null || !at.isAfter(now.plus(maxFutureSkew))) {
            return null;
        }
        return "more than "
                + readable(maxFutureSkew)
                + " ("
                + ParserConfig.MAX_FUTURE_SKEW_KEY
                + ") after now ("
                + now.truncatedTo(ChronoUnit.MILLIS)
                + ")";
    }

    /** {@code 7 d}, {@code 5 min}, {@code 30 s}: the largest unit that divides it, else ms. */
    public static String readable(Duration d) {
        long ms = d.toMillis();
        long[] units = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
        String[] names = {"d", "h", "min", "s"};
        for (int i = 0; i < units.length; i++) {
            if (ms != 0 && ms % units[i] == 0) {
                return ms / units[i] + " " + names[i];
            }
        }
        return ms + " ms";
    }

    private static String stripCarriageReturn(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    private static boolean startsWithBrace(byte[] payload) {
        for (byte b : payload) {
            if (!Character.isWhitespace(b)) {
                return b == '{';
            }
        }
        return false;
    }
}
