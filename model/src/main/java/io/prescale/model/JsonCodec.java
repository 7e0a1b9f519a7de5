package io.prescale.model;

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
import java.util.stream.Collectors;

/**
 * The JSON form of every record on the project's topics. Each record carries {@code "v": 1}, its
 * record version; decoding anything else is rejected, so that a producer of a newer format is
 * noticed instead of misread. Instants and durations are ISO-8601 strings; byte arrays are base64.
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
                    .build();

    private JsonCodec() {}

    /** Encodes a record as UTF-8 JSON with its record version. */
    public static byte[] encode(Object record) {
        try {
            ObjectNode out = MAPPER.createObjectNode();
            out.put("v", VERSION);
            out.setAll((ObjectNode) MAPPER.valueToTree(record));
            return MAPPER.writeValueAsBytes(out);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot encode " + record + ": " + e.getMessage(), e);
        }
    }

    /**
     * Decodes one record of {@code type}.
     *
     * @throws InvalidRecordException naming the field and value that is wrong
     */
    public static <T> T decode(byte[] json, Class<T> type) {
        if (json == null) {
            throw new InvalidRecordException("record is null");
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new InvalidRecordException("malformed json: " + firstLine(e.getMessage()), e);
        }
        if (tree == null || !tree.isObject()) {
            throw new InvalidRecordException("json must be an object, was " + kind(tree));
        }
        checkVersion(tree.get("v"));
        ((ObjectNode) tree).remove("v");
        try {
            return MAPPER.treeToValue(tree, type);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause();
            String message =
                    cause != null && cause.getMessage() != null
                            ? cause.getMessage()
                            : e.getOriginalMessage();
            throw new InvalidRecordException(type.getSimpleName() + ": " + message, e);
        } catch (JsonMappingException e) {
            throw new InvalidRecordException(
                    type.getSimpleName() + "." + path(e) + ": " + firstLine(e.getOriginalMessage()),
                    e);
        } catch (JsonProcessingException e) {
            throw new InvalidRecordException(
                    "malformed json: " + firstLine(e.getOriginalMessage()), e);
        }
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

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    static String kind(JsonNode node) {
        return node == null
                ? "empty"
                : node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
