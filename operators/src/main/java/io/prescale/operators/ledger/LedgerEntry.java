package io.prescale.operators.ledger;

import io.prescale.model.ActuationStatus;
import java.time.Instant;

/**
 * One line of the ledger, written when an actuation result arrives: what was commanded and what is
 * in place for one resource of one entity (InfluxDB measurement {@code ledger}).
 *
 * @param commanded the newest commanded amount (NaN when the job never commanded this resource,
 *     e.g. after a restart without state)
 * @param applied the amount in place after this result
 * @param versionCommanded the newest commanded version (0 when unknown)
 * @param versionApplied the newest version applied so far (0 when none)
 * @param version this result's version (the version of the command it reports on)
 * @param status this result's status
 * @param failed FAILED results so far for this resource
 * @param rejected REJECTED results so far for this resource
 * @param time the time of the result
 * @param detail the backend's detail
 */
public record LedgerEntry(
        String entity,
        String resource,
        double commanded,
        double applied,
        long versionCommanded,
        long versionApplied,
        long version,
        ActuationStatus status,
        long failed,
        long rejected,
        Instant time,
        String detail) {}
