package io.prescale.model;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The JSON form of every record on the project's topics, as UTF-8 bytes. Each record carries {@code
 * "v": 1}, its record version; decoding anything else is rejected, so that a producer of a newer
 * format is noticed instead of misread. Instants and durations are ISO-8601 strings (a number is
 * rejected: epoch seconds and milliseconds look alike); byte arrays are base64. The records need no
 * Jackson annotations: Jackson reads them through their canonical constructors, so the compact
 * constructors validate decoded records exactly as they validate built ones.
 *
 * <p>{@link #decode} is strict: a missing primitive field (which Jackson would read as 0), an
 * unknown field, a duplicate field or trailing content is an error. Every error is an {@link
 * InvalidRecordException} whose message names the record type, the field and the value, so a caller
 * that catches it can dead-letter the record and go on.
 */
public final class JsonCodec {
    /** The record version this code writes and reads. */
    public static final int VERSION = 1;

    static final ObjectMapper MAPPER =
            JsonMapper.builder()
                    .addModule(new JavaTimeModule())
                    .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                    .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                    .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                    .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                    .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                    .build();

    private JsonCodec() {}

    /**
     * Encodes a record as UTF-8 JSON, its record version {@code "v": 1} first.
     *
     * @throws IllegalArgumentException if {@code record} is {@code null} or not encodable (a bug,
     *     not bad input: every record type here encodes)
     */
    public static byte[] encode(Object record) {
        if (record == null) {
            throw new IllegalArgumentException("cannot encode null");
        }
        try {
            ObjectNode out = MAPPER.createObjectNode();
            out.put("v", VERSION);
            out.setAll((ObjectNode) MAPPER.valueToTree(record));
            return MAPPER.writeValueAsBytes(out);
        } catch (JsonProcessingException | IllegalArgumentException | ClassCastException e) {
            throw new IllegalArgumentException(
                    "cannot encode " + record + ": " + e.getMessage(), e);
        }
    }

    /**
     * Decodes one record of {@code type} (a record class, or {@link Feedback}).
     *
     * @throws InvalidRecordException naming the field and value that is wrong; never anything else
     *     for bad input
     */
    public static <T> T decode(byte[] json, Class<T> type) {
        Objects.requireNonNull(type, "type");
        if (json == null) {
            throw new InvalidRecordException(type.getSimpleName() + " record is null");
        }
        JsonNode tree = readObject(json, type.getSimpleName());
        checkVersion(tree.get("v"));
        ((ObjectNode) tree).remove("v");
        RecordShape.check(tree, type);
        try {
            return MAPPER.treeToValue(tree, type);
        } catch (ValueInstantiationException e) {
            // the compact constructor refused it; its message already names field and value
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            String message =
                    cause.getMessage() != null ? cause.getMessage() : cause.getClass().getName();
            throw new InvalidRecordException(type.getSimpleName() + ": " + message, e);
        } catch (JsonMappingException e) {
            String path = path(e);
            String where = path.isEmpty() ? "" : "." + path;
            throw new InvalidRecordException(type.getSimpleName() + where + ": " + describe(e), e);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new InvalidRecordException(
                    type.getSimpleName() + ": cannot decode: " + e.getMessage(), e);
        }
    }

    /**
     * Parses {@code json} to a tree that must be an object and all there is: content after it (a
     * second record in one payload) would otherwise be dropped without a word. {@code what} names
     * the record in errors.
     *
     * @throws InvalidRecordException saying what is wrong and where (line, column), without
     *     Jackson's excerpt of the input
     */
    public static JsonNode readObject(byte[] json, String what) {
        JsonNode tree;
        try (JsonParser parser = MAPPER.createParser(json)) {
            tree = MAPPER.readTree(parser);
            if (tree != null && parser.nextToken() != null) {
                throw new InvalidRecordException(
                        "malformed json: content after the "
                                + what
                                + " object"
                                + at(parser.currentTokenLocation())
                                + "; one record per payload");
            }
        } catch (JsonProcessingException e) {
            throw new InvalidRecordException("malformed json: " + describe(e), e);
        } catch (IOException e) {
            throw new InvalidRecordException("malformed json: " + e.getMessage(), e);
        }
        if (tree == null || !tree.isObject()) {
            throw new InvalidRecordException(what + " json must be an object, was " + kind(tree));
        }
        return tree;
    }

    /** Rejects a missing or unknown record version {@code v}. */
    static void checkVersion(JsonNode v) {
        if (v == null || v.isNull()) {
            throw new InvalidRecordException("record version 'v' is missing");
        }
        if (!v.isInt() || v.intValue() != VERSION) {
            throw new InvalidRecordException(
                    "unknown record version v=" + v + " (this reader knows v=" + VERSION + ")");
        }
    }

    /**
     * Jackson's message without its source excerpt, and where in the input it went wrong. A
     * location inside the message (the start of an object left open) is said as {@link #at} says
     * one, without Jackson's "[Source: REDACTED ...]".
     */
    static String describe(JsonProcessingException e) {
        String message =
                SOURCE.matcher(firstLine(e.getOriginalMessage())).replaceAll("line $1, column $2");
        return message + at(e.getLocation());
    }

    private static final Pattern SOURCE =
            Pattern.compile("\\[Source: [^\\]]*?; line: (\\d+), column: (\\d+)\\]");

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    static String kind(JsonNode node) {
        return node == null || node.isMissingNode()
                ? "empty"
                : node.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
