package io.prescale.ml.nab;

import java.time.LocalDateTime;

/**
 * A labelled anomaly window, both ends inclusive, in the data file's own (zone-less) timestamps.
 */
public record NabWindow(LocalDateTime start, LocalDateTime end) {
    public NabWindow {
        if (start == null || end == null) {
            throw new IllegalArgumentException("window start and end must be given");
        }
        if (end.isBefore(start)) {
            throw new IllegalArgumentException(
                    "window end " + end + " is before its start " + start);
        }
    }

    public boolean contains(LocalDateTime t) {
        return !t.isBefore(start) && !t.isAfter(end);
    }
}
