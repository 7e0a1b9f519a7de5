package io.prescale.model;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Influx line protocol as Telegraf's Kafka output writes it ({@code data_format = "influx"}):
 * {@code measurement[,tag=value...] field=value[,field=value...] [timestamp]}, one point per line.
 * Sections are separated by one or more spaces or tabs; leading whitespace is skipped.
 *
 * <p>Escaping, as Telegraf's own parser reads it: in the measurement, backslash escapes comma and
 * space; in tag keys, tag values and field keys, backslash escapes comma, equals sign, space and
 * double quote; in string field values, backslash escapes double quote and backslash. Any other
 * backslash is kept as it is (so a tag value {@code C:\dir} reads as written).
 *
 * <p>Field values: float ({@code 1}, {@code -1.5}, {@code 1e3}), integer ({@code 12i}), unsigned
 * ({@code 12u}, up to 2<sup>64</sup>-1), boolean ({@code t T true True TRUE} and the {@code f}
 * forms) or string ({@code "..."}). The timestamp is an integer in the configured precision (s, ms,
 * us or ns).
 *
 * <p>Mapping to a sample: the {@code entityTag} is the entity, the {@code tenantTag} the tenant,
 * other tags become labels, and the measurement the label {@code measurement}; numeric and boolean
 * (1/0) fields become metrics named {@code <measurement>_<field>}; string fields become labels
 * {@code field.<name>}. A missing timestamp means {@code now}. A tag or field key given twice in
 * one line is rejected (which value was meant is unknown; InfluxDB would keep the last). A line
 * with only string fields has no metric and is rejected (Telegraf's {@code system} input writes
 * {@code uptime_format} so; drop it with {@code fielddrop}).
 */
public final class LineProtocolParser {
    private static final String MEASUREMENT_ESCAPES = ", ";
    private static final String KEY_ESCAPES = ",= \"";

    private final String entityTag;
    private final String tenantTag;
    private final TimeUnit precision;

    public LineProtocolParser(ParserConfig config) {
        Objects.requireNonNull(config, "config");
        this.entityTag = config.entityTag();
        this.tenantTag = config.tenantTag();
        this.precision = config.lineProtocolPrecision();
    }

    /**
     * Parses one line, without its line terminator, into a sample. It checks the syntax and the
     * record's own rules; value range and timestamp skew are the {@link SampleParser}'s business.
     *
     * @throws InvalidRecordException naming what is wrong and, for syntax, at which 1-based column
     */
    public MetricSample parseLine(String line, Instant now) {
        Cursor c = new Cursor(line);
        c.skipBlanks();
        String measurement = c.token(", \t", MEASUREMENT_ESCAPES);
        if (measurement.isEmpty()) {
            throw c.error("measurement is empty");
        }
        Map<String, String> tags = tags(c);
        if (c.skipBlanks() == 0) {
            throw c.error("expected a space before the fields");
        }
        if (c.atEnd()) {
            throw c.error("fields are missing after measurement " + measurement);
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        Map<String, String> labels = new LinkedHashMap<>();
        fields(c, measurement, metrics, labels);
        Instant ts = timestamp(c, now);
        return sample(measurement, tags, metrics, labels, ts);
    }

    private static Map<String, String> tags(Cursor c) {
        Map<String, String> tags = new LinkedHashMap<>();
        while (c.peek() == ',') {
            c.next();
            String key = c.token("= \t,", KEY_ESCAPES);
            c.expect('=', "tag " + key + " has no '='");
            String value = c.token(", \t", KEY_ESCAPES);
            if (key.isEmpty() || value.isEmpty()) {
                throw c.error("tag key and value must not be empty (" + key + "=" + value + ")");
            }
            if (tags.put(key, value) != null) {
                throw c.error("tag " + key + " appears twice");
            }
        }
        return tags;
    }

    private static void fields(
            Cursor c, String measurement, Map<String, Double> metrics, Map<String, String> labels) {
        Set<String> seen = new HashSet<>();
        do {
            String field = c.token("=, \t", KEY_ESCAPES);
            if (field.isEmpty()) {
                throw c.error("field key is empty");
            }
            c.expect('=', "field " + field + " has no '='");
            if (!seen.add(field)) {
                throw c.error("field " + field + " appears twice");
            }
            if (c.peek() == '"') {
                labels.put("field." + field, c.quoted());
            } else {
                String raw = c.token(", \t", "");
                metrics.put(measurement + "_" + field, fieldValue(field, raw, c));
            }
        } while (c.peek() == ',' && c.next() == ',');
    }

    /** The value of a numeric or boolean field; booleans are 1 and 0. */
    static double fieldValue(String field, String raw, Cursor c) {
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
        char suffix = raw.charAt(raw.length() - 1);
        String digits = raw.substring(0, raw.length() - 1);
        try {
            if (suffix == 'i') {
                return Long.parseLong(digits);
            }
            if (suffix == 'u') {
                Long.parseUnsignedLong(digits); // range check: 0 to 2^64 - 1
                return new BigDecimal(digits).doubleValue();
            }
        } catch (NumberFormatException e) {
            String type = suffix == 'i' ? "a 64-bit integer" : "an unsigned 64-bit integer";
            throw c.error("field " + field + " = " + raw + " is not " + type);
        }
        if (!Decimals.isDecimal(raw)) {
            throw c.error("field " + field + " = " + raw + " is not a number, boolean or string");
        }
        double v = Double.parseDouble(raw);
        if (!Double.isFinite(v)) {
            throw c.error("field " + field + " = " + raw + " is not finite");
        }
        return v;
    }

    private Instant timestamp(Cursor c, Instant now) {
        if (c.atEnd()) {
            return now;
        }
        if (c.skipBlanks() == 0) {
            throw c.error("unexpected '" + c.peek() + "' after the fields");
        }
        if (c.atEnd()) {
            return now;
        }
        int column = c.column();
        String raw = c.token(" \t", "");
        c.skipBlanks();
        if (!c.atEnd()) {
            throw c.error("unexpected text after the timestamp");
        }
        try {
            long value = Long.parseLong(raw);
            long perSecond = precision.convert(1, TimeUnit.SECONDS);
            long nanosPerUnit = precision.toNanos(1);
            return Instant.ofEpochSecond(
                    Math.floorDiv(value, perSecond),
                    Math.floorMod(value, perSecond) * nanosPerUnit);
        } catch (NumberFormatException e) {
            throw new InvalidRecordException(
                    "timestamp '" + raw + "' is not an integer (column " + column + ")");
        } catch (DateTimeException e) {
            throw new InvalidRecordException(
                    "timestamp "
                            + raw
                            + " "
                            + precision
                            + " is out of range (column "
                            + column
                            + ")");
        }
    }

    private MetricSample sample(
            String measurement,
            Map<String, String> tags,
            Map<String, Double> metrics,
            Map<String, String> labels,
            Instant ts) {
        String entity = tags.remove(entityTag);
        if (entity == null) {
            throw new InvalidRecordException("tag '" + entityTag + "' (the entity) is missing");
        }
        String tenant = tags.remove(tenantTag);
        if (metrics.isEmpty()) {
            throw new InvalidRecordException(
                    "no numeric or boolean field in measurement " + measurement);
        }
        labels.putAll(tags);
        labels.put("measurement", measurement);
        return new MetricSample(entity, tenant, ts, metrics, labels);
    }

    /** Reads one line left to right, unescaping as it goes. */
    static final class Cursor {
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

        int column() {
            return i + 1;
        }

        /** Skips spaces and tabs; returns how many. */
        int skipBlanks() {
            int start = i;
            while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
                i++;
            }
            return i - start;
        }

        /**
         * Reads up to an unescaped char of {@code stops}; a backslash before a char of {@code
         * escapable} stands for that char, any other backslash for itself.
         */
        String token(String stops, String escapable) {
            StringBuilder b = new StringBuilder();
            while (i < s.length()) {
                char ch = s.charAt(i);
                if (ch == '\\' && i + 1 < s.length() && escapable.indexOf(s.charAt(i + 1)) >= 0) {
                    b.append(s.charAt(i + 1));
                    i += 2;
                } else if (stops.indexOf(ch) >= 0) {
                    break;
                } else {
                    b.append(ch);
                    i++;
                }
            }
            return b.toString();
        }

        /** Reads a double-quoted string field value, unescaping {@code \"} and {@code \\}. */
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
            return new InvalidRecordException(message + " (column " + column() + ")");
        }
    }
}
