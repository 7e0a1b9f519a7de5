package io.prescale.model;

/**
 * The check of a name the jobs write to InfluxDB as a tag value, for names that come from the jobs'
 * options rather than from records: a resource, metric, unit or pool that InfluxDB cannot store
 * fails at start-up, naming the option, instead of costing every point written with it.
 */
public final class SeriesNames {
    private SeriesNames() {}

    /**
     * Returns {@code value} when InfluxDB can store it as a tag value.
     *
     * @throws IllegalArgumentException naming {@code field} and the value otherwise (blank, a line
     *     break, a trailing backslash)
     */
    public static String require(String field, String value) {
        try {
            return Checks.seriesName(field, value);
        } catch (InvalidRecordException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
