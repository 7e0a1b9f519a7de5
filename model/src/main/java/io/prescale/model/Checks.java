package io.prescale.model;

import java.time.Duration;
import java.util.Objects;

/** Validation used by the compact constructors: each failure names the field and the value. */
final class Checks {
    private Checks() {}

    static String notBlank(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidRecordException(field + " must not be blank, was " + quote(value));
        }
        return value;
    }

    static <T> T notNull(String field, T value) {
        if (value == null) {
            throw new InvalidRecordException(field + " must not be null");
        }
        return value;
    }

    static double finite(String field, double value) {
        if (!Double.isFinite(value)) {
            throw new InvalidRecordException(field + " must be finite, was " + value);
        }
        return value;
    }

    static double nonNegative(String field, double value) {
        if (!(finite(field, value) >= 0)) {
            throw new InvalidRecordException(field + " must be >= 0, was " + value);
        }
        return value;
    }

    static double within(String field, double value, double min, double max) {
        finite(field, value);
        if (value < min || value > max) {
            throw new InvalidRecordException(
                    field + " must be in [" + min + ", " + max + "], was " + value);
        }
        return value;
    }

    static Duration positive(String field, Duration value) {
        Objects.requireNonNull(value, field);
        if (value.isZero() || value.isNegative()) {
            throw new InvalidRecordException(field + " must be positive, was " + value);
        }
        return value;
    }

    static String quote(String s) {
        return s == null ? "null" : "'" + s + "'";
    }
}
