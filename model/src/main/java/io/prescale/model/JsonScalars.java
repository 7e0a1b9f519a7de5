package io.prescale.model;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The strict reading of JSON scalars shared by every input: the sample form on {@code
 * prescale.metrics} ({@link JsonSampleReader}) and the records of the side inputs ({@link
 * RecordShape}). A value of the wrong JSON type is rejected rather than converted, as Jackson
 * would: {@code 3.5} is not the integer 3, {@code "10"} is not the number 10, and {@code 0} is not
 * {@code false}. Each failure names the field and the value as written.
 */
final class JsonScalars {
    private JsonScalars() {}

    /**
     * A JSON number of any form. Whether it is finite ({@code 1e999} is not) is the record's check,
     * which names the value as read.
     */
    static double number(String field, JsonNode n) {
        if (!n.isNumber()) {
            throw wrong(field, "a finite number", n);
        }
        return n.doubleValue();
    }

    /** A JSON number without fraction or exponent that fits a {@code long}. */
    static long integer(String field, JsonNode n) {
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw wrong(field, "a whole number", n);
        }
        return n.longValue();
    }

    /** A JSON number without fraction or exponent that fits an {@code int}. */
    static int intValue(String field, JsonNode n) {
        if (!n.canConvertToInt()) {
            throw wrong(
                    field,
                    n.isIntegralNumber()
                            ? "a whole number from -2147483648 to 2147483647"
                            : "a whole number",
                    n);
        }
        return (int) integer(field, n);
    }

    static boolean bool(String field, JsonNode n) {
        if (!n.isBoolean()) {
            throw wrong(field, "true or false", n);
        }
        return n.booleanValue();
    }

    static String text(String field, JsonNode n) {
        if (!n.isTextual()) {
            throw wrong(field, "a string", n);
        }
        return n.textValue();
    }

    private static InvalidRecordException wrong(String field, String expected, JsonNode n) {
        return new InvalidRecordException(field + " must be " + expected + ", was " + n);
    }
}
