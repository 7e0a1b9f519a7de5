package io.prescale.connectors.actuation;

import io.prescale.connectors.actuator.ActuatorBackend;
import io.prescale.model.ScaleCommand;
import java.time.Clock;
import java.util.Objects;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * The actuator: a Sink V2 that applies each command through the configured backend, retrying
 * transient failures with exponential backoff, and publishes an {@code ActuationResult} for every
 * command (APPLIED, REJECTED, or FAILED once retries are exhausted). Version ordering is checked
 * upstream in keyed state ({@code VersionGate}), so a command reaching the sink is the newest of
 * its (entity, resource). A failing backend never stops the job.
 */
public final class ActuatorSink implements Sink<ScaleCommand> {
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
    public SinkWriter<ScaleCommand> createWriter(WriterInitContext context) {
        return new ActuatorSinkWriter(
                backends.create(),
                retry,
                publishers.create(context.metricGroup()),
                clock,
                context.metricGroup(),
                Thread::sleep);
    }
}
