package io.prescale.jobs.influx;

/** Validation of the InfluxDB rows; every message names the row, the field and the value. */
final class RowChecks {
    /** The longest tag value that is a code. */
    private static final int CODE_LENGTH = 64;

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
        if (!isCode(value)) {
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

    /**
     * Tag values that stay low-cardinality and readable, a code rather than free text: 1 to 64 of
     * {@code [A-Za-z0-9_.:/-]}. A loop rather than a regular expression: every accuracy row the job
     * writes is checked.
     */
    static boolean isCode(String value) {
        int n = value.length();
        if (n < 1 || n > CODE_LENGTH) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            boolean ok =
                    (c >= 'A' && c <= 'Z')
                            || (c >= 'a' && c <= 'z')
                            || (c >= '0' && c <= '9')
                            || c == '_'
                            || c == '.'
                            || c == ':'
                            || c == '/'
                            || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
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
