package io.prescale.model;

import java.time.Instant;

/**
 * An anomaly of one metric of one entity.
 *
 * @param score anomaly score in [0, 1]
 * @param observed the value that was observed
 * @param expectedLower lower bound of the expected interval
 * @param expectedUpper upper bound of the expected interval
 */
public record Alert(
        String id,
        String entity,
        String metric,
        AlertKind kind,
        Severity severity,
        double score,
        double observed,
        double expectedLower,
        double expectedUpper,
        Instant time) {

    public Alert {
        Checks.notBlank("id", id);
        Checks.notBlank("entity", entity);
        Checks.notBlank("metric", metric);
        Checks.notNull("kind", kind);
        Checks.notNull("severity", severity);
        Checks.within("score", score, 0, 1);
        Checks.finite("observed", observed);
        Checks.finite("expectedLower", expectedLower);
        Checks.finite("expectedUpper", expectedUpper);
        if (expectedLower > expectedUpper) {
            throw new InvalidRecordException(
                    "expectedLower ("
                            + expectedLower
                            + ") must be <= expectedUpper ("
                            + expectedUpper
                            + ")");
        }
        Checks.notNull("time", time);
    }
}
