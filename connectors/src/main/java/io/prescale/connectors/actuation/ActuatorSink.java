package io.prescale.connectors.actuation;

import io.prescale.connectors.actuator.ActuatorBackend;
import io.prescale.model.GatedCommand;
import java.time.Clock;
import java.util.Objects;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * The actuator: a Sink V2 that takes every command with the verdict of the version gate upstream
 * ({@code VersionGate}, keyed state) and publishes an {@code ActuationResult} for each. A command
 * newer than every one passed before for its (entity, resource) is applied through the configured
 * backend, retrying transient failures with exponential backoff (APPLIED, REJECTED, or FAILED once
 * retries are exhausted); any other is SUPERSEDED and not applied. A failing backend never stops
 * the job.
 */
public final class ActuatorSink implements Sink<GatedCommand> {
    private final ActuatorBackend.Factory backends;
    private final RetryPolicy retry;
    private final ResultPublisher.Factory publishers;
    private final Clock clock;

    public ActuatorSink(
            ActuatorBackend.Factory backends,
            RetryPolicy retry,
            ResultPublisher.Factory publishers,
            Clock clock) {
        this.backends = Objects.requireNonNull(backends, "backends");
        this.retry = Objects.requireNonNull(retry, "retry");
        this.publishers = Objects.requireNonNull(publishers, "publishers");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public SinkWriter<GatedCommand> createWriter(WriterInitContext context) {
        return new ActuatorSinkWriter(
                backends.create(),
                retry,
                publishers.create(context.metricGroup()),
                clock,
                context.metricGroup(),
                Thread::sleep);
    }
}
