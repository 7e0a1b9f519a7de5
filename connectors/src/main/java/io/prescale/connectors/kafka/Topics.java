package io.prescale.connectors.kafka;

/** The Kafka topics of DESIGN.md, by their default names. */
public final class Topics {
    public static final String METRICS = "prescale.metrics";
    public static final String COMMANDS = "prescale.commands";
    public static final String ALERTS = "prescale.alerts";
    public static final String ACTUATIONS = "prescale.actuations";
    public static final String CONFIG = "prescale.config";
    public static final String FEEDBACK = "prescale.feedback";
    public static final String DEADLETTER = "prescale.deadletter";

    /** Per-(entity, metric) window aggregates: what the job saw, for replay checks and tools. */
    public static final String WINDOWS = "prescale.windows";

    /**
     * Forecasts of the scaling job. This and {@link #WINDOWS} are not in DESIGN.md's table: the
     * skeleton needs Kafka outputs before commands exist.
     */
    public static final String FORECASTS = "prescale.forecasts";

    private Topics() {}
}
