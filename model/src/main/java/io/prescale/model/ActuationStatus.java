package io.prescale.model;

/** What became of a {@link ScaleCommand}. */
public enum ActuationStatus {
    APPLIED,
    /** A newer version for the same entity and resource was applied already. */
    SUPERSEDED,
    /** The backend refused it (e.g. no such target); retrying will not help. */
    REJECTED,
    /** The backend failed on every retry. */
    FAILED
}
