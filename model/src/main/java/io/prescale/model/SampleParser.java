package io.prescale.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the payload of a {@code prescale.metrics} record: JSON when its first non-blank byte is
 * <code>{</code>, else Influx line protocol (one sample per line). Every sample is validated
 * against the {@link ParserConfig}; whatever is not accepted comes back as a {@link Rejection}
 * naming the field and value, so nothing is dropped silently.
 */
public final class SampleParser {
    private final ParserConfig config;
    private final LineProtocolParser lineProtocol;

    public SampleParser(ParserConfig config) {
        this.config = Checks.notNull("config", config);
        this.lineProtocol = new LineProtocolParser(config);
    }

    /** Parses one payload; {@code now} anchors the timestamp skew window. */
    public ParseResult parse(byte[] payload, Instant now) {
        if (payload == null || payload.length == 0) {
            return ParseResult.rejected("payload is empty");
        }
        if (payload.length > config.maxPayloadBytes()) {
            return ParseResult.rejected(
                    "payload of "
                            + payload.length
                            + " bytes exceeds the maximum of "
                            + config.maxPayloadBytes());
        }
        if (startsWithBrace(payload)) {
            try {
                return validated(List.of(JsonSampleReader.read(payload, now)), List.of(), now);
            } catch (InvalidRecordException e) {
                return ParseResult.rejected(e.getMessage());
            }
        }
        ParseResult lines = lineProtocol.parse(payload, now);
        return validated(lines.samples(), lines.rejections(), now);
    }

    private ParseResult validated(
            List<MetricSample> samples, List<Rejection> earlier, Instant now) {
        List<MetricSample> accepted = new ArrayList<>(samples.size());
        List<Rejection> rejections = new ArrayList<>(earlier);
        for (int i = 0; i < samples.size(); i++) {
            String problem = problem(samples.get(i), now);
            if (problem == null) {
                accepted.add(samples.get(i));
            } else {
                rejections.add(new Rejection(samples.size() > 1 ? i + 1 : 0, problem));
            }
        }
        return new ParseResult(accepted, rejections);
    }

    /** What is wrong with a well-formed sample under this config, or {@code null}. */
    private String problem(MetricSample s, Instant now) {
        for (Map.Entry<String, Double> m : s.metrics().entrySet()) {
            double v = m.getValue();
            if (v < config.minValue() || v > config.maxValue()) {
                return "metrics."
                        + m.getKey()
                        + " = "
                        + v
                        + " is out of range ["
                        + config.minValue()
                        + ", "
                        + config.maxValue()
                        + "]";
            }
        }
        if (config.maxPastSkew() != null && s.ts().isBefore(now.minus(config.maxPastSkew()))) {
            return "ts "
                    + s.ts()
                    + " is more than "
                    + config.maxPastSkew()
                    + " before now ("
                    + now
                    + ")";
        }
        if (config.maxFutureSkew() != null && s.ts().isAfter(now.plus(config.maxFutureSkew()))) {
            return "ts "
                    + s.ts()
                    + " is more than "
                    + config.maxFutureSkew()
                    + " after now ("
                    + now
                    + ")";
        }
        return null;
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
