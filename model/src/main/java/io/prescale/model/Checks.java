package io.prescale.model;

import java.util.Map;

/**
 * Validation used by the compact constructors. Each failure is an {@link InvalidRecordException}
 * whose message names the field and the value, so that it can stand alone as a dead-letter reason.
 */
final class Checks {
    /**
     * The longest free text (a rating's comment, a result's detail) a record keeps, in characters.
     */
    static final int MAX_TEXT = 4 * 1024;

    /** The control characters a name may hold: the tab. */
    private static final String NAME_CONTROLS = "\t";

    /** Those free text may hold: the tab and line breaks. */
    private static final String TEXT_CONTROLS = "\t\n\r";

    private Checks() {}

    static String notBlank(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidRecordException(field + " must not be blank, was " + quote(value));
        }
        return value;
    }

    /**
     * A name that the jobs write to InfluxDB as a tag value (entity, metric, resource, backend,
     * pool): not blank, and storable in line protocol. Commas, spaces and equals signs are (the
     * writer escapes them), but a line break cannot be escaped there, and a backslash at the end
     * escapes the separator after it: InfluxDB refuses every point of such a name, so it is
     * rejected when it comes in rather than lost at every write. So is a name longer than {@value
     * #MAX_NAME} characters: InfluxDB refuses a series key (measurement and tags) over 64 KiB, and
     * no entity or metric needs a thousandth of that (a tester's 100,000-character entity was
     * allocated and commanded, and every point of it refused).
     */
    static String seriesName(String field, String value) {
        notBlank(field, value);
        notTooLong(field, value);
        String problem =
                value.indexOf('\n') >= 0
                        ? "contains a line break"
                        : value.endsWith("\\") ? "ends with a backslash" : null;
        if (problem != null) {
            throw new InvalidRecordException(
                    field + " " + shown(value) + " " + problem + ", which InfluxDB cannot store");
        }
        return noControlCharacter(field, value);
    }

    /**
     * A name kept in the job's state but not written as a tag (tenant, override scope): not blank,
     * at most {@value #MAX_NAME} characters, and without a control character.
     */
    static String name(String field, String value) {
        notBlank(field, value);
        notTooLong(field, value);
        return noControlCharacter(field, value);
    }

    /**
     * No control character (U+0000–U+001F but the tab, U+007F–U+009F) in a name: a NUL in an entity
     * was stored and commanded, and every command failed at the process-pool backend (no process
     * argument holds a NUL), retried as if it could succeed; in a log line or a dashboard it shows
     * as nothing or garbles what follows (a tester's finding).
     */
    private static String noControlCharacter(String field, String value) {
        int i = controlAt(value, NAME_CONTROLS);
        if (i >= 0) {
            throw new InvalidRecordException(
                    String.format(
                            java.util.Locale.ROOT,
                            "%s %s contains the control character U+%04X at %d, which"
                                    + " names and labels may not",
                            field,
                            shown(value),
                            (int) value.charAt(i),
                            i));
        }
        return value;
    }

    /** Whether {@code c} is a control character other than those in {@code kept}. */
    private static boolean isControl(char c, String kept) {
        return Character.isISOControl(c) && kept.indexOf(c) < 0;
    }

    /** Where the first control character not in {@code kept} is in {@code value}, or -1. */
    private static int controlAt(String value, String kept) {
        for (int i = 0; i < value.length(); i++) {
            if (isControl(value.charAt(i), kept)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * A person's free text (a rating's comment): at most {@value #MAX_TEXT} characters, and no
     * control character but the tab and line breaks (a NUL or a terminal's escape was stored and
     * written to InfluxDB, as were 900,000 characters: the hundred-and-seventeenth tester).
     */
    static String text(String field, String value) {
        if (value.length() > MAX_TEXT) {
            throw tooLong(field, value.length(), MAX_TEXT, "it");
        }
        int i = controlAt(value, TEXT_CONTROLS);
        if (i >= 0) {
            throw new InvalidRecordException(
                    String.format(
                            java.util.Locale.ROOT,
                            "%s contains the control character U+%04X at %d",
                            field,
                            (int) value.charAt(i),
                            i));
        }
        return value;
    }

    /**
     * A program's free text (an actuation result's detail, from a backend's answer): kept, but
     * within {@value #MAX_TEXT} characters, a longer one cut to say how long it was, and control
     * characters but the tab and line breaks as {@code ?}; a result is not refused for its detail.
     * Cutting again changes nothing: a result is made again from its record wherever it is read.
     */
    static String cut(String value) {
        String said = value.length() > MAX_TEXT ? "… (" + value.length() + " characters)" : "";
        int kept = value.length() > MAX_TEXT ? MAX_TEXT - said.length() : value.length();
        StringBuilder b = new StringBuilder(kept + said.length());
        for (int i = 0; i < kept; i++) {
            char c = value.charAt(i);
            b.append(isControl(c, TEXT_CONTROLS) ? '?' : c);
        }
        return b.append(said).toString();
    }

    private static String notTooLong(String field, String value) {
        if (value.length() > MAX_NAME) {
            throw tooLong(field + " " + shown(value), value.length(), MAX_NAME, "a name");
        }
        return value;
    }

    /** {@code what is N characters long, more than the MAX whose may have}. */
    private static InvalidRecordException tooLong(String what, int length, int max, String whose) {
        return new InvalidRecordException(
                what
                        + " is "
                        + length
                        + " characters long, more than the "
                        + max
                        + " "
                        + whose
                        + " may have");
    }

    /**
     * The value quoted for a message: its first 64 characters, a line break as {@code \n}, another
     * control character but the tab as {@code ?}.
     */
    static String shown(String value) {
        if (value == null) {
            return "null";
        }
        return quote(escaped(value.length() > 64 ? value.substring(0, 64) + "..." : value));
    }

    /** {@code text} with a line break as {@code \n}, a tab as {@code \t}, another control as ?. */
    static String escaped(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            // C1 controls too (U+0080–U+009F: \p{Cntrl} is ASCII's only); a tab, which a name
            // may hold, shown as \t, not as the blank it would be taken for
            b.append(c == '\n' ? "\\n" : c == '\t' ? "\\t" : Character.isISOControl(c) ? "?" : c);
        }
        return b.toString();
    }

    /**
     * The longest entity, tenant, metric, label or other name a record may carry, in characters.
     */
    static final int MAX_NAME = 1024;

    /**
     * The most labels a sample may carry: they ride along with the entity's state and its windows,
     * and a Telegraf line has a handful of tags.
     */
    static final int MAX_LABELS = 64;

    /** A nullable {@link #seriesName}. */
    static String nullOrSeriesName(String field, String value) {
        return value == null ? null : seriesName(field, value);
    }

    /** A nullable {@link #name}. */
    static String nullOrName(String field, String value) {
        return value == null ? null : name(field, value);
    }

    static <T> T notNull(String field, T value) {
        if (value == null) {
            throw new InvalidRecordException(field + " must not be null");
        }
        return value;
    }

    static double finite(String field, double value) {
        if (!Double.isFinite(value)) {
            throw new InvalidRecordException(
                    field + " must be finite, was " + Decimals.plain(value));
        }
        return value;
    }

    static double nonNegative(String field, double value) {
        if (!(finite(field, value) >= 0)) {
            throw new InvalidRecordException(field + " must be >= 0, was " + Decimals.plain(value));
        }
        return value;
    }

    /**
     * An amount a client sends (a hint's, an override's bounds): finite, at least 0 ({@code amount
     * must be >= 0, was -1}) and at most {@link ParserConfig#VALUE_BOUND}, the bound of the
     * samples' values.
     */
    static double amount(String field, double value) {
        nonNegative(field, value);
        return inRange(field, value, 0, ParserConfig.VALUE_BOUND);
    }

    /**
     * A finite value in [min, max], named as {@link SampleParser} names a sample's value out of
     * range: {@code amount = 1e300 is out of range [0, 1e18]}.
     */
    static double inRange(String field, double value, double min, double max) {
        finite(field, value);
        if (value < min || value > max) {
            throw new InvalidRecordException(outOfRange(field, value, min, max));
        }
        return value;
    }

    /** {@code field = value is out of range [min, max]}, the numbers as {@link Decimals#plain}. */
    static String outOfRange(String field, double value, double min, double max) {
        return field
                + " = "
                + Decimals.plain(value)
                + " is out of range ["
                + Decimals.plain(min)
                + ", "
                + Decimals.plain(max)
                + "]";
    }

    static long atLeast(String field, long value, long min) {
        if (value < min) {
            throw new InvalidRecordException(field + " must be >= " + min + ", was " + value);
        }
        return value;
    }

    static double within(String field, double value, double min, double max) {
        finite(field, value);
        if (value < min || value > max) {
            throw new InvalidRecordException(Decimals.mustBeIn(field, min, max, value));
        }
        return value;
    }

    /**
     * Copies a string map, rejecting blank keys and {@code null} values by name ({@code Map.copyOf}
     * would throw a bare {@code NullPointerException}), and more than {@value #MAX_LABELS} entries
     * or a key or value longer than {@value #MAX_NAME} characters.
     */
    static Map<String, String> labels(String field, Map<String, String> labels) {
        if (labels == null) {
            return Map.of();
        }
        if (labels.size() > MAX_LABELS) {
            throw new InvalidRecordException(
                    field
                            + " holds "
                            + labels.size()
                            + " entries, more than the "
                            + MAX_LABELS
                            + " a record may carry");
        }
        for (Map.Entry<String, String> e : labels.entrySet()) {
            name(field + " key", e.getKey());
            String value = field + "." + e.getKey();
            // as the README says of labels (a value with a NUL or a line break was taken)
            noControlCharacter(value, notTooLong(value, notNull(value, e.getValue())));
        }
        return Map.copyOf(labels);
    }

    static String quote(String s) {
        return s == null ? "null" : "'" + s + "'";
    }
}
