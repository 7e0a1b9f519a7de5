package io.prescale.ml.nab;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;

/** NAB's timestamps: {@code 2014-02-14 14:30:00}, optionally with a fraction of a second. */
final class NabTimestamps {
    static final DateTimeFormatter FORMAT =
            new DateTimeFormatterBuilder()
                    .appendPattern("yyyy-MM-dd HH:mm:ss")
                    .optionalStart()
                    .appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
                    .optionalEnd()
                    .toFormatter();

    private static final DateTimeFormatter OUTPUT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private NabTimestamps() {}

    /**
     * Parses a NAB timestamp ({@code T} is accepted in place of the space).
     *
     * @throws DateTimeParseException when it is not one
     */
    static LocalDateTime parse(String text) {
        return LocalDateTime.parse(text.strip().replace('T', ' '), FORMAT);
    }

    /** Formats as NAB's data files do (whole seconds; a fraction is kept when there is one). */
    static String format(LocalDateTime t) {
        return t.getNano() == 0 ? OUTPUT.format(t) : FORMAT.format(t);
    }
}
