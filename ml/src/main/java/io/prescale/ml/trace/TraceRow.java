package io.prescale.ml.trace;

import java.time.Instant;

/** One row of a canonical trace: {@code timestamp,entity,metric,value}. */
public record TraceRow(Instant time, String entity, String metric, double value) {}
