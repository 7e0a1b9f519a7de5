package io.prescale.jobs.influx;

import io.prescale.model.ActuationStatus;
import java.time.Instant;

/**
 * One row of measurement {@code ledger}: for one (entity, resource), what was last commanded and
 * what the actuator reports applied, written when an actuation result arrives. {@code
 * versionApplied < versionCommanded} means commands are in flight (or failed).
 *
 * @param entity the entity (tag, or bucketed past the cardinality bound)
 * @param resource the resource (tag)
 * @param commanded the newest commanded target, &ge; 0
 * @param applied the amount the actuator reports in place, &ge; 0
 * @param versionCommanded the newest command version, &ge; 0
 * @param versionApplied the version of the newest result, &ge; 0
 * @param status that result's status (string field)
 * @param time the time of the actuation result (the point's time)
 */
public record LedgerRow(
        String entity,
        String resource,
        double commanded,
        double applied,
        long versionCommanded,
        long versionApplied,
        ActuationStatus status,
        Instant time) {
    private static final String ROW = "ledger";

    public LedgerRow {
        RowChecks.notBlank(ROW, "entity", entity);
        RowChecks.code(ROW, "resource", resource);
        RowChecks.nonNegative(ROW, "commanded", commanded);
        RowChecks.nonNegative(ROW, "applied", applied);
        RowChecks.atLeast(ROW, "versionCommanded", versionCommanded, 0);
        RowChecks.atLeast(ROW, "versionApplied", versionApplied, 0);
        RowChecks.notNull(ROW, "status", status);
        RowChecks.notNull(ROW, "time", time);
    }
}
