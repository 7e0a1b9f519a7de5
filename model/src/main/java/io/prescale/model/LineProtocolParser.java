package io.prescale.model;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Influx line protocol as Telegraf's Kafka output writes it: {@code measurement[,tag=value...]
 * field=value[,field=value...] [timestamp]}, one point per line.
 *
 * <p>Escaping: in the measurement, backslash escapes comma and space; in tag keys, tag values and
 * field keys, backslash escapes comma, equals sign and space; in string field values, backslash
 * escapes double quote and backslash. Field values: float ({@code 1.5}, {@code 1e3}), integer
 * ({@code 12i}), unsigned ({@code 12u}), boolean ({@code t T true True TRUE} and the {@code f}
 * forms) or string ({@code "..."}). Lines that are blank or start with {@code #} are skipped.
 *
 * <p>Mapping to a sample: the {@code entityTag} is the entity, the {@code tenantTag} the tenant,
 * other tags become labels; numeric and boolean (1/0) fields become metrics named {@code
 * <measurement>_<field>}; string fields become labels {@code field.<name>}. A missing timestamp
 * means {@code now}.
 */
final class LineProtocolParser {
    private final ParserConfig config;

    LineProtocolParser(ParserConfig config) {
        this.config = config;
    }

    ParseResult parse(byte[] payload, Instant now) {
        String[] lines = new String(payload, StandardCharsets.UTF_8).split("\n", -1);
        List<MetricSample> samples = new ArrayList<>();
        List<Rejection> rejections = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String line =
                    lines[i].endsWith("\r")
                            ? lines[i].substring(0, lines[i].length() - 1)
                            : lines[i];
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            try {
                samples.add(parseLine(line, now));
            } catch (InvalidRecordException e) {
                rejections.add(new Rejection(i + 1, e.getMessage()));
            }
        }
        if (samples.isEmpty() && rejections.isEmpty()) {
            rejections.add(new Rejection(0, "payload holds no line-protocol points"));
        }
        return new ParseResult(samples, rejections);
    }

    private MetricSample parseLine(String line, Instant now) {
        Cursor c = new Cursor(line);
        String measurement = c.token(", ".toCharArray(), ", ");
        if (measurement.isEmpty()) {
            throw c.error("measurement is empty");
        }
        Map<String, String> tags = new LinkedHashMap<>();
        while (c.peek() == ',') {
            c.next();
            String key = c.token("=".toCharArray(), ",= ");
            c.expect('=', "tag " + key + " has no '='");
            String value = c.token(", ".toCharArray(), ",= ");
            if (key.isEmpty() || value.isEmpty()) {
                throw c.error("tag key and value must not be empty (" + key + "=" + value + ")");
            }
            tags.put(key, value);
        }
        c.expect(' ', "expected a space before the fields");
        Map<String, Double> metrics = new LinkedHashMap<>();
        Map<String, String> labels = new LinkedHashMap<>();
        do {
            String field = c.token("=".toCharArray(), ",= ");
            c.expect('=', "field " + field + " has no '='");
            if (field.isEmpty()) {
                throw c.error("field key is empty");
            }
            if (c.peek() == '"') {
                labels.put("field." + field, c.quoted());
            } else {
                metrics.put(
                        measurement + "_" + field,
                        fieldValue(field, c.token(", ".toCharArray(), ""), c));
            }
        } while (c.peek() == ',' && c.next() == ',');
        Instant ts = now;
        if (c.peek() == ' ') {
            c.next();
            ts = timestamp(c.rest().strip(), c);
        } else if (!c.atEnd()) {
            throw c.error("unexpected '" + c.peek() + "' after the fields");
        }
        String entity = tags.remove(config.entityTag());
        if (entity == null) {
            throw new InvalidRecordException(
                    "tag '" + config.entityTag() + "' (the entity) is missing");
        }
        String tenant = tags.remove(config.tenantTag());
        tags.put("measurement", measurement);
        labels.putAll(tags);
        if (metrics.isEmpty()) {
            throw new InvalidRecordException(
                    "no numeric or boolean field in measurement " + measurement);
        }
        return new MetricSample(entity, tenant, ts, metrics, labels);
    }

    private static double fieldValue(String field, String raw, Cursor c) {
        if (raw.isEmpty()) {
            throw c.error("field " + field + " has no value");
        }
        switch (raw) {
            case "t", "T", "true", "True", "TRUE":
                return 1;
            case "f", "F", "false", "False", "FALSE":
                return 0;
            default:
                break;
        }
        char last = raw.charAt(raw.length() - 1);
        try {
            if (last == 'i' || last == 'u') {
                long v = Long.parseLong(raw.substring(0, raw.length() - 1));
                if (last == 'u' && v < 0) {
                    throw c.error("field " + field + " = " + raw + " is not an unsigned integer");
                }
                return v;
            }
            if (!Character.isDigit(last) && last != '.') {
                throw new NumberFormatException();
            }
            double v = Double.parseDouble(raw);
            if (!Double.isFinite(v)) {
                throw c.error("field " + field + " = " + raw + " is not finite");
            }
            return v;
        } catch (NumberFormatException e) {
            throw c.error("field " + field + " = " + raw + " is not a number, boolean or string");
        }
    }

    private Instant timestamp(String raw, Cursor c) {
        long value;
        try {
            value = Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw c.error("timestamp '" + raw + "' is not an integer");
        }
        long nanosPerUnit = config.lineProtocolPrecision().toNanos(1);
        long seconds = Math.floorDiv(value, 1_000_000_000L / nanosPerUnit);
        long nanos = Math.floorMod(value, 1_000_000_000L / nanosPerUnit) * nanosPerUnit;
        return Instant.ofEpochSecond(seconds, nanos);
    }

    /** Reads one line left to right, unescaping as it goes. */
    private static final class Cursor {
        private final String s;
        private int i;

        Cursor(String s) {
            this.s = s;
        }

        char peek() {
            return i < s.length() ? s.charAt(i) : '\0';
        }

        char next() {
            return s.charAt(i++);
        }

        boolean atEnd() {
            return i >= s.length();
        }

        String rest() {
            String r = s.substring(i);
            i = s.length();
            return r;
        }

        /** Reads until an unescaped stop char; backslash escapes any char in {@code escapable}. */
        String token(char[] stops, String escapable) {
            StringBuilder b = new StringBuilder();
            while (i < s.length()) {
                char ch = s.charAt(i);
                if (ch == '\\' && i + 1 < s.length() && escapable.indexOf(s.charAt(i + 1)) >= 0) {
                    b.append(s.charAt(i + 1));
                    i += 2;
                    continue;
                }
                for (char stop : stops) {
                    if (ch == stop) {
                        return b.toString();
                    }
                }
                b.append(ch);
                i++;
            }
            return b.toString();
        }

        String quoted() {
            int start = i;
            i++; // opening quote
            StringBuilder b = new StringBuilder();
            while (i < s.length()) {
                char ch = s.charAt(i++);
                if (ch == '\\' && i < s.length() && (s.charAt(i) == '"' || s.charAt(i) == '\\')) {
                    b.append(s.charAt(i++));
                } else if (ch == '"') {
                    return b.toString();
                } else {
                    b.append(ch);
                }
            }
            i = start;
            throw error("string field value is not closed by '\"'");
        }

        void expect(char ch, String message) {
            if (peek() != ch) {
                throw error(message);
            }
            i++;
        }

        InvalidRecordException error(String message) {
            return new InvalidRecordException(message + " (column " + (i + 1) + ")");
        }
    }
}
