package io.prescale.ml.nab;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;

/** NAB's timestamps: {@code 2014-02-14 14:30:00}, optionally with a fraction of a second. */
final class NabTimestamps {
    /** The pattern of a timestamp without its fraction, as messages name it. */
    static final String PATTERN = "yyyy-MM-dd HH:mm:ss";

    static final DateTimeFormatter FORMAT =
            new DateTimeFormatterBuilder()
                    .appendPattern(PATTERN)
                    .optionalStart()
                    .appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
                    .optionalEnd()
                    .toFormatter();

    private static final DateTimeFormatter OUTPUT = DateTimeFormatter.ofPattern(PATTERN);

    private NabTimestamps() {}

    /**
     * Parses a NAB timestamp ({@code T} is accepted in place of the space, and a {@code Z} after
     * it, as the traces' ISO-8601 UTC writes it: a user's export in that form was refused).
     *
     * @throws DateTimeParseException when it is not one
     */
    static LocalDateTime parse(String text) {
        String t = text.strip().replace('T', ' ');
        return LocalDateTime.parse(t.endsWith("Z") ? t.substring(0, t.length() - 1) : t, FORMAT);
    }

    /** Formats as NAB's data files do (whole seconds; a fraction is kept when there is one). */
    static String format(LocalDateTime t) {
        return t.getNano() == 0 ? OUTPUT.format(t) : FORMAT.format(t);
    }
}
