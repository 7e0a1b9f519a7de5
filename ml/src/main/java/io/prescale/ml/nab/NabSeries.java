package io.prescale.ml.nab;

import java.time.LocalDateTime;

/**
 * One NAB data file in memory.
 *
 * @param relativePath the file's path under the data directory, {@code /}-separated
 * @param timestamps the rows' timestamps, non-decreasing
 * @param values the rows' values, finite
 */
public record NabSeries(String relativePath, LocalDateTime[] timestamps, double[] values) {
    public NabSeries {
        if (relativePath == null || relativePath.isBlank()) {
            throw new IllegalArgumentException("relativePath must not be blank");
        }
        if (timestamps.length != values.length) {
            throw new IllegalArgumentException(
                    relativePath
                            + ": "
                            + timestamps.length
                            + " timestamps but "
                            + values.length
                            + " values");
        }
    }

    public int size() {
        return values.length;
    }
}
