package io.prescale.model;

import java.time.Instant;

/** What the actuator did with one command. */
public record ActuationResult(
        String commandId,
        String entity,
        String resource,
        long version,
        ActuationStatus status,
        double appliedAmount,
        String backend,
        Instant time,
        String detail) {

    public ActuationResult {
        Checks.notBlank("commandId", commandId);
        Checks.notBlank("entity", entity);
        Checks.notBlank("resource", resource);
        Checks.notNull("status", status);
        Checks.nonNegative("appliedAmount", appliedAmount);
        Checks.notBlank("backend", backend);
        Checks.notNull("time", time);
        detail = detail == null ? "" : detail;
    }
}
