package io.prescale.model;

/** How urgent an {@link Alert} is. */
public enum Severity {
    INFO,
    WARNING,
    CRITICAL
}
