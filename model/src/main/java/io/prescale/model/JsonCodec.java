package io.prescale.model;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
        JsonNode v = tree.get("v");
        if ((v == null || v.isNull())
                && type == Feedback.class
                && (tree.has("value") || tree.has("metrics"))
                && !tree.has("type")) {
            // a tester's metric sample sent to the feedback topic was told only of the version
            throw new InvalidRecordException(
                    "record version 'v' is missing, and the record looks like a metric sample (a"
                            + " 'value' or 'metrics', no 'type'): samples go to the metrics topic");
        }
        checkVersion(v);
        ((ObjectNode) tree).remove("v");
        RecordShape.check(tree, type);
        try {
            return MAPPER.treeToValue(tree, type);
        } catch (ValueInstantiationException e) {
            throw refused(tree, type, e);
        } catch (JsonMappingException e) {
            throw mappingError(type, e);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new InvalidRecordException(
                    type.getSimpleName() + ": cannot decode: " + e.getMessage(), e);
        }
    }

    /**
     * The compact constructor's refusal, whose message names the field and value, under the name of
     * the record it refused ({@code Feedback.Hint: amount must be >= 0, was -1.0}); a field it
     * requires that the JSON lacks is said as missing ({@code Feedback.Hint.from is missing}, not
     * {@code from must not be null}).
     */
    private static InvalidRecordException refused(
            JsonNode tree, Class<?> type, ValueInstantiationException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        String message =
                cause.getMessage() != null ? cause.getMessage() : cause.getClass().getName();
        Class<?> owner = RecordShape.concrete(tree, type);
        String name = owner == null ? type.getSimpleName() : RecordShape.name(owner);
        String field = owner == null ? null : RecordShape.componentNamed(owner, message);
        return new InvalidRecordException(
                field != null && !tree.has(field)
                        ? name + "." + field + " is missing"
                        : name + ": " + message,
                e);
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
        message =
                NON_NUMERIC
                        .matcher(message)
                        .replaceAll(
                                "$1 is not a number in JSON (neither NaN nor Infinity is);"
                                        + " a value must be a finite number");
        return message + at(e.getLocation());
    }

    private static final Pattern SOURCE =
            Pattern.compile("\\[Source: [^\\]]*?; line: (\\d+), column: (\\d+)\\]");

    /**
     * Jackson's refusal of {@code NaN} or {@code Infinity}, which advises a reader feature that
     * would let them in: a sender cannot act on it, and the value is wrong whatever the reader.
     */
    private static final Pattern NON_NUMERIC =
            Pattern.compile("Non-standard token ('[^']*')[^\\n]*ALLOW_NON_NUMERIC_NUMBERS.*");

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    /**
     * What Jackson could not map, in the words of the record's JSON rather than its Java classes:
     * {@code PolicyOverride: unknown field 'maxx' (known: v, scope, tier, min, max, ...)}, {@code
     * Feedback: unknown type 'praise' (known: hint, rating)}, {@code Alert.kind: unknown value
     * 'SPOKE' (known: SPIKE, ...)}, {@code Alert.time: 'noon' is not ISO-8601 (e.g. ...)}; other
     * errors in Jackson's words ({@link #describe}).
     */
    private static InvalidRecordException mappingError(Class<?> type, JsonMappingException e) {
        List<String> path =
                e.getPath().stream()
                        .map(
                                r ->
                                        r.getFieldName() != null
                                                ? r.getFieldName()
                                                : "[" + r.getIndex() + "]")
                        .toList();
        if (e instanceof UnrecognizedPropertyException u) {
            return new InvalidRecordException(unknownField(type, path, u), e);
        }
        String what =
                e instanceof InvalidTypeIdException t
                        ? typeIdError(t)
                        : e instanceof InvalidFormatException f ? invalidValue(f) : describe(e);
        String where = path.isEmpty() ? "" : "." + String.join(".", path);
        return new InvalidRecordException(type.getSimpleName() + where + ": " + what, e);
    }

    /**
     * {@code Feedback.Hint: unknown field 'x' (known: v, type, entity, ...)}: the fields of the
     * object that has it, in its record components' order, with the version and type id a top-level
     * record carries, and the known one a near miss is a slip of ({@code "; did you mean 'max'?"}).
     */
    private static String unknownField(
            Class<?> type, List<String> path, UnrecognizedPropertyException e) {
        List<String> parent = path.subList(0, Math.max(0, path.size() - 1));
        Class<?> owner = e.getReferringClass();
        List<String> known = new ArrayList<>();
        String where =
                type.getSimpleName()
                        + parent.stream().map(p -> "." + p).collect(Collectors.joining());
        if (parent.isEmpty() && type.isAssignableFrom(owner)) {
            where = RecordShape.name(owner); // the subtype, e.g. Feedback.Hint
            known.add("v");
            JsonTypeInfo info = type.getAnnotation(JsonTypeInfo.class);
            if (info != null) {
                known.add(info.property());
            }
        }
        if (owner.isRecord()) {
            Arrays.stream(owner.getRecordComponents()).forEach(rc -> known.add(rc.getName()));
        } else {
            e.getKnownPropertyIds().forEach(id -> known.add(String.valueOf(id)));
        }
        return where
                + ": unknown field '"
                + e.getPropertyName()
                + "' (known: "
                + String.join(", ", known)
                + ")"
                + FieldNames.didYouMean(e.getPropertyName(), known.toArray(String[]::new));
    }

    /** A value of an enum, instant or duration that does not read as one. */
    private static String invalidValue(InvalidFormatException e) {
        Class<?> target = e.getTargetType();
        if (target != null && target.isEnum()) {
            return "unknown value '"
                    + e.getValue()
                    + "' (known: "
                    + Arrays.stream(target.getEnumConstants())
                            .map(c -> ((Enum<?>) c).name())
                            .collect(Collectors.joining(", "))
                    + ")";
        }
        if (target == Instant.class) {
            return "'" + e.getValue() + "' " + IsoInstants.problem(String.valueOf(e.getValue()));
        }
        if (target == Duration.class) {
            return "'" + e.getValue() + "' is not an ISO-8601 duration such as PT10M";
        }
        return describe(e);
    }

    /** A type id that is missing or names no subtype, with the names the base type knows. */
    private static String typeIdError(InvalidTypeIdException e) {
        Class<?> base = e.getBaseType() == null ? null : e.getBaseType().getRawClass();
        JsonTypeInfo info = base == null ? null : base.getAnnotation(JsonTypeInfo.class);
        JsonSubTypes subtypes = base == null ? null : base.getAnnotation(JsonSubTypes.class);
        if (info == null || subtypes == null) {
            return describe(e);
        }
        String known =
                Arrays.stream(subtypes.value())
                        .map(JsonSubTypes.Type::name)
                        .collect(Collectors.joining(", "));
        return e.getTypeId() == null
                ? "field '" + info.property() + "' is missing (known: " + known + ")"
                : "unknown " + info.property() + " '" + e.getTypeId() + "' (known: " + known + ")";
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
