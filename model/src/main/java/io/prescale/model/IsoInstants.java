package io.prescale.model;

import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * What is wrong with a text that does not read as an ISO-8601 instant, said the same way for every
 * record field that holds one: a time without a zone (which zone is unknown), an offset without its
 * colon ({@code +0100}, which {@link java.time.Instant#parse} refuses), or something else.
 */
public final class IsoInstants {

    /** An instant as the messages show one. */
    public static final String EXAMPLE = "2024-03-01T12:00:00Z";

    private static final Pattern BASIC_OFFSET = Pattern.compile(".*T.*[+-]\\d{4}");

    private IsoInstants() {}

    /** The refusal's predicate, after the text: "has no time zone; ...", "is not ISO-8601 ...". */
    public static String problem(String text) {
        if (isLocal(text)) {
            return "has no time zone; add Z (UTC) or an offset, as in "
                    + EXAMPLE
                    + " or 2024-03-01T13:00:00+01:00";
        }
        if (BASIC_OFFSET.matcher(text).matches()) {
            String fixed =
                    text.substring(0, text.length() - 2) + ":" + text.substring(text.length() - 2);
            if (isLocal(fixed.substring(0, fixed.length() - 6))) {
                return "has an offset without its colon; write " + fixed;
            }
        }
        return "is not ISO-8601 (e.g. " + EXAMPLE + ")";
    }

    private static boolean isLocal(String text) {
        try {
            LocalDateTime.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
