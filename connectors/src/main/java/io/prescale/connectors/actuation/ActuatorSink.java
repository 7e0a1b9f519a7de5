package io.prescale.connectors.actuation;

import io.prescale.connectors.actuator.ActuatorBackend;
import io.prescale.connectors.influx.InfluxBacklog;
import io.prescale.model.GatedCommand;
import io.prescale.model.ScaleCommand;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;

/**
 * The actuator: a Sink V2 that takes every command with the verdict of the version gate upstream
 * ({@code VersionGate}, keyed state) and publishes an {@code ActuationResult} for each. A command
 * newer than every one passed before for its (entity, resource) is applied through the configured
 * backend, retrying transient failures with exponential backoff (APPLIED, REJECTED, or FAILED once
 * retries are exhausted); any other is SUPERSEDED and not applied. A failing backend never stops
 * the job.
 *
 * <p>For a backend that restarts empty (the process pool) each writer keeps the last command
 * applied per key in its checkpointed state, and a writer restored from a checkpoint applies those
 * again before it takes any command ({@link ActuatorSinkWriter#reconcile}). It takes only the keys
 * that the gate's {@code keyBy} routes to its subtask ({@code routing}, the same key selector): a
 * changed parallelism hands the writers' states out without regard to keys, and a key of another
 * subtask applied here would run twice; one whose state went to another subtask waits for its next
 * command or {@code RENEW}. The checkpoint also holds the InfluxDB results writer's backlog and
 * tagged entities ({@link ActuatorState}).
 */
public final class ActuatorSink
        implements Sink<GatedCommand>, SupportsWriterState<GatedCommand, ActuatorState> {
    private final ActuatorBackend.Factory backends;
    private final RetryPolicy retry;
    private final ResultPublisher.Factory publishers;
    private final Clock clock;
    private final KeySelector<ScaleCommand, ?> routing;

    /**
     * @param routing the key selector of the gate's {@code keyBy}
     */
    public ActuatorSink(
            ActuatorBackend.Factory backends,
            RetryPolicy retry,
            ResultPublisher.Factory publishers,
            Clock clock,
            KeySelector<ScaleCommand, ?> routing) {
        this.backends = Objects.requireNonNull(backends, "backends");
        this.retry = Objects.requireNonNull(retry, "retry");
        this.publishers = Objects.requireNonNull(publishers, "publishers");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.routing = Objects.requireNonNull(routing, "routing");
    }

    @Override
    public SinkWriter<GatedCommand> createWriter(WriterInitContext context) {
        return restoreWriter(context, List.of());
    }

    @Override
    public StatefulSinkWriter<GatedCommand, ActuatorState> restoreWriter(
            WriterInitContext context, Collection<ActuatorState> restored) {
        List<ScaleCommand> commands = new ArrayList<>();
        List<InfluxBacklog> influx = new ArrayList<>();
        for (ActuatorState s : restored) {
            if (s instanceof ActuatorState.InForce c) {
                commands.add(c.command());
            } else {
                influx.add(((ActuatorState.Influx) s).backlog());
            }
        }
        ActuatorSinkWriter writer =
                new ActuatorSinkWriter(
                        backends.create(),
                        retry,
                        publishers.create(context.metricGroup(), influx),
                        clock,
                        context.metricGroup(),
                        Thread::sleep);
        writer.reconcile(commands, routedTo(context.getTaskInfo()));
        return writer;
    }

    /** Whether the gate's {@code keyBy} routes a command to the subtask of {@code task}. */
    Predicate<ScaleCommand> routedTo(TaskInfo task) {
        return c -> {
            Object key;
            try {
                key = routing.getKey(c);
            } catch (Exception e) {
                throw new IllegalStateException("routing key of command " + c.id() + ": " + e, e);
            }
            return KeyGroupRangeAssignment.assignKeyToParallelOperator(
                            key,
                            task.getMaxNumberOfParallelSubtasks(),
                            task.getNumberOfParallelSubtasks())
                    == task.getIndexOfThisSubtask();
        };
    }

    @Override
    public SimpleVersionedSerializer<ActuatorState> getWriterStateSerializer() {
        return new ActuatorStateSerializer();
    }
}
