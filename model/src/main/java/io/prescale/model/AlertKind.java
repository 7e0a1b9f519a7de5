package io.prescale.model;

/** What kind of anomaly an {@link Alert} reports. */
public enum AlertKind {
    SPIKE,
    LEVEL_SHIFT,
    DRIFT,
    FORECAST_MISS,
    MULTIVARIATE
}
