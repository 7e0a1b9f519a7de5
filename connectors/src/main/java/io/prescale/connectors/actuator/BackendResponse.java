package io.prescale.connectors.actuator;

/** What a backend applied: the amount now in force and a human-readable detail. */
public record BackendResponse(double appliedAmount, String detail) {}
