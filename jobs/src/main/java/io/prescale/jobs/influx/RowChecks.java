package io.prescale.jobs.influx;

import java.util.regex.Pattern;

/** Validation of the InfluxDB rows; every message names the row, the field and the value. */
final class RowChecks {
    /** Tag values that stay low-cardinality and readable: a code, not free text. */
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_.:/-]{1,64}");

    private RowChecks() {}

    static String notBlank(String row, String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(
                    row + "." + field + " must not be blank, was '" + value + "'");
        }
        return value;
    }

    static String code(String row, String field, String value) {
        notBlank(row, field, value);
        if (!CODE.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    row
                            + "."
                            + field
                            + " is a tag and must be a short code ([A-Za-z0-9_.:/-], at most 64),"
                            + " was '"
                            + value
                            + "'");
        }
        return value;
    }

    static <T> T notNull(String row, String field, T value) {
        if (value == null) {
            throw new IllegalArgumentException(row + "." + field + " must not be null");
        }
        return value;
    }

    static double nonNegative(String row, String field, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(
                    row + "." + field + " must be finite and >= 0, was " + value);
        }
        return value;
    }

    static double finite(String row, String field, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(row + "." + field + " must be finite, was " + value);
        }
        return value;
    }

    static double unit(String row, String field, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(
                    row + "." + field + " must be in [0, 1], was " + value);
        }
        return value;
    }

    static long atLeast(String row, String field, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(
                    row + "." + field + " must be >= " + min + ", was " + value);
        }
        return value;
    }
}
