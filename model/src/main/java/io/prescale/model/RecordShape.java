package io.prescale.model;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

/**
 * The checks on a decoded JSON tree that Jackson does not make for records: a primitive component
 * missing from the JSON would silently become 0 (a command of version 0, a score of 0), a number
 * where an instant or a duration belongs is ambiguous (seconds or milliseconds?), and a scalar of
 * the wrong JSON type would be converted ({@code 3.5} to the int 3, {@code "10"} to 10.0, {@code 0}
 * to false). All are rejected, naming the record, the component and the value; the scalar types are
 * read as strictly as the samples on {@code prescale.metrics} ({@link JsonScalars}). So are a
 * {@code null} where a primitive belongs and anything but an object where a map belongs, which
 * Jackson would reject in its own words ({@code Cannot map `null` into type `double` (set
 * DeserializationConfig...)}).
 */
final class RecordShape {
    private RecordShape() {}

    /** Checks {@code tree} against the components of {@code type} (or of its named subtype). */
    static void check(JsonNode tree, Class<?> type) {
        Class<?> concrete = concrete(tree, type);
        if (concrete == null) {
            return; // not a record, or an unknown subtype: Jackson names that error itself
        }
        for (RecordComponent rc : concrete.getRecordComponents()) {
            JsonNode n = tree.get(rc.getName());
            String field = name(concrete) + "." + rc.getName();
            if (rc.getType().isPrimitive() && n == null) {
                throw new InvalidRecordException(field + " is missing");
            }
            boolean temporal = rc.getType() == Instant.class || rc.getType() == Duration.class;
            if (temporal && n != null && n.isNumber()) {
                String example = rc.getType() == Instant.class ? "2024-03-01T12:00:00Z" : "PT10M";
                throw new InvalidRecordException(
                        field + " must be an ISO-8601 string such as " + example + ", was " + n);
            }
            if (n != null && (!n.isNull() || rc.getType().isPrimitive())) {
                checkScalar(field, rc.getType(), n);
            }
            if (n != null && n.isObject() && Map.class.isAssignableFrom(rc.getType())) {
                checkValues(field, rc.getGenericType(), n);
            }
        }
    }

    /** Rejects a scalar of the wrong JSON type; other component types are Jackson's to check. */
    private static void checkScalar(String field, Class<?> type, JsonNode n) {
        if (type == int.class || type == Integer.class) {
            JsonScalars.intValue(field, n);
        } else if (type == long.class || type == Long.class) {
            JsonScalars.integer(field, n);
        } else if (type == double.class || type == Double.class) {
            JsonScalars.number(field, n);
        } else if (type == boolean.class || type == Boolean.class) {
            JsonScalars.bool(field, n);
        } else if (type == String.class
                || type.isEnum()
                || type == byte[].class
                || type == Instant.class
                || type == Duration.class) {
            JsonScalars.text(field, n);
        } else if (Map.class.isAssignableFrom(type) && !n.isObject()) {
            throw new InvalidRecordException(field + " must be an object, was " + n);
        }
    }

    /** Checks the values of a map's object {@code n} against the map's value type. */
    private static void checkValues(String field, Type mapType, JsonNode n) {
        if (mapType instanceof ParameterizedType p
                && p.getActualTypeArguments()[1] instanceof Class<?> valueType) {
            n.fields()
                    .forEachRemaining(
                            e -> {
                                if (!e.getValue().isNull()) {
                                    checkScalar(field + "." + e.getKey(), valueType, e.getValue());
                                }
                            });
        }
    }

    /**
     * The component of {@code record} that a compact constructor's {@code message} is about, which
     * such a message starts with ({@code "from must not be null"}); null when none is named.
     */
    static String componentNamed(Class<?> record, String message) {
        return Arrays.stream(record.getRecordComponents())
                .map(RecordComponent::getName)
                .filter(c -> message.startsWith(c + " "))
                .findFirst()
                .orElse(null);
    }

    /**
     * The record class the tree decodes to: {@code type}, or the subtype its type id names; null
     * when it is neither a record nor a known subtype.
     */
    static Class<?> concrete(JsonNode tree, Class<?> type) {
        if (type.isRecord()) {
            return type;
        }
        JsonTypeInfo info = type.getAnnotation(JsonTypeInfo.class);
        JsonSubTypes subtypes = type.getAnnotation(JsonSubTypes.class);
        if (info == null || subtypes == null || !tree.hasNonNull(info.property())) {
            return null;
        }
        String id = tree.get(info.property()).asText();
        for (JsonSubTypes.Type t : subtypes.value()) {
            if (t.name().equals(id) && t.value().isRecord()) {
                return t.value();
            }
        }
        return null;
    }

    /** {@code Feedback.Hint} for a nested type, else the simple name. */
    static String name(Class<?> type) {
        Class<?> outer = type.getEnclosingClass();
        return outer == null
                ? type.getSimpleName()
                : outer.getSimpleName() + "." + type.getSimpleName();
    }
}
