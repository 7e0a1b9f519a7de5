package io.prescale.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the JSON sample form <code>{"entity","tenant"?,"ts","metrics":{name:value},"labels"?}
 * </code>. {@code ts} is ISO-8601 or epoch milliseconds; a missing {@code ts} means {@code now} (as
 * for line protocol without a timestamp); {@code v}, when present, must be 1 (third-party agents do
 * not write it). Label values may be strings, numbers or booleans, read as text. An unknown field
 * is rejected, naming it, as the side inputs' records reject one: a misspelt {@code "tS"} or {@code
 * "timestamp"} would otherwise make the sample's time the time it is read, and {@code "lables"}
 * would drop its labels, without a word. Duplicate fields and trailing content are rejected too, so
 * a second object in the payload is never silently dropped.
 */
final class JsonSampleReader {
    /** The fields of a sample, in the order the README and errors list them. */
    private static final String[] FIELDS = {"v", "entity", "tenant", "ts", "metrics", "labels"};

    private JsonSampleReader() {}

    static MetricSample read(byte[] payload, Instant now) {
        JsonNode root = JsonCodec.readObject(payload, "sample");
        refuseUnknownFields(root);
        if (root.has("v")) {
            if (root.get("v").isNull()) {
                // not "missing": a sample may leave v out
                throw new InvalidRecordException(
                        "record version 'v' is null: leave it out or give " + JsonCodec.VERSION);
            }
            JsonCodec.checkVersion(root.get("v"));
        }
        String entity = text(root, "entity", true);
        String tenant = text(root, "tenant", false);
        Instant ts = timestamp(root.get("ts"), now);
        return new MetricSample(
                entity, tenant, ts, metrics(root.get("metrics")), labels(root.get("labels")));
    }

    /**
     * Rejects a field that is not one of {@link #FIELDS}. Counting the known fields present and
     * comparing with the object's size allocates nothing for a good sample (this runs for every
     * one); only a bad one is searched for the field to name.
     */
    private static void refuseUnknownFields(JsonNode root) {
        int known = 0;
        for (String field : FIELDS) {
            if (root.has(field)) {
                known++;
            }
        }
        if (root.size() == known) {
            return;
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!Arrays.asList(FIELDS).contains(field)) {
                throw new InvalidRecordException(
                        "unknown field '"
                                + field
                                + "' (known: "
                                + String.join(", ", FIELDS)
                                + ")"
                                + FieldNames.didYouMean(field, FIELDS));
            }
        }
    }

    private static String text(JsonNode root, String field, boolean required) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            if (required) {
                throw new InvalidRecordException(field + " is missing");
            }
            return null;
        }
        return JsonScalars.text(field, n);
    }

    private static Instant timestamp(JsonNode ts, Instant now) {
        if (ts == null || ts.isNull()) {
            return now;
        }
        if (ts.isIntegralNumber() && ts.canConvertToLong()) {
            return Instant.ofEpochMilli(ts.longValue());
        }
        if (ts.isTextual()) {
            try {
                return Instant.parse(ts.textValue());
            } catch (DateTimeParseException e) {
                throw new InvalidRecordException(
                        "ts "
                                + Checks.shown(ts.textValue())
                                + " "
                                + IsoInstants.problem(ts.textValue()));
            }
        }
        throw new InvalidRecordException(
                "ts must be ISO-8601 text or epoch milliseconds as a whole number (digits only),"
                        + " was "
                        + (ts.isNumber() ? Decimals.plain(ts.doubleValue()) : ts.toString()));
    }

    private static Map<String, Double> metrics(JsonNode node) {
        if (node == null || !node.isObject() || node.isEmpty()) {
            throw new InvalidRecordException("metrics must be a non-empty object, was " + node);
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), JsonScalars.number("metrics." + e.getKey(), e.getValue()));
        }
        return out;
    }

    private static Map<String, String> labels(JsonNode node) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw new InvalidRecordException("labels must be an object, was " + node);
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                throw new InvalidRecordException(
                        "labels."
                                + e.getKey()
                                + " must be a string, number or boolean, was "
                                + e.getValue());
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }
}
