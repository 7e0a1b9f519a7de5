package io.prescale.connectors.influx;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.metrics.MetricGroup;

/**
 * A Sink V2 that writes elements to InfluxDB in batches, flushes on every checkpoint and at end of
 * input, and retries failed writes with exponential backoff. While InfluxDB is unreachable it keeps
 * up to {@link InfluxSinkConfig#maxBufferedPoints()} points and counts what it drops, so a database
 * outage never stops the job (dashboards are an output, not the system of record). What is still
 * buffered at a checkpoint is in it ({@link InfluxBacklog}), so stopping a job during an outage
 * loses nothing once it is resumed from that checkpoint.
 */
public final class InfluxSink<T> implements Sink<T>, SupportsWriterState<T, InfluxBacklog> {
    private final InfluxSinkConfig config;
    private final InfluxPointMapper<T> mapper;
    private final InfluxWriteTarget.Factory targets;
    private final EntityTags tags;

    public InfluxSink(InfluxSinkConfig config, InfluxPointMapper<T> mapper) {
        this(config, mapper, null);
    }

    /**
     * @param tags the entity tags {@code mapper} writes with (the same object, which a sink
     *     serialized with its mapper shares), kept in the writers' checkpoints; null when it has
     *     none
     */
    public InfluxSink(InfluxSinkConfig config, InfluxPointMapper<T> mapper, EntityTags tags) {
        this(config, mapper, tags, HttpInfluxWriteTarget::new);
    }

    public InfluxSink(
            InfluxSinkConfig config,
            InfluxPointMapper<T> mapper,
            EntityTags tags,
            InfluxWriteTarget.Factory targets) {
        this.config = Objects.requireNonNull(config, "config");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.tags = tags;
        this.targets = Objects.requireNonNull(targets, "targets");
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        return restoreWriter(context, List.of());
    }

    @Override
    public StatefulSinkWriter<T, InfluxBacklog> restoreWriter(
            WriterInitContext context, Collection<InfluxBacklog> backlog) {
        return writer(context.metricGroup(), backlog, true);
    }

    @Override
    public SimpleVersionedSerializer<InfluxBacklog> getWriterStateSerializer() {
        return new InfluxBacklogSerializer();
    }

    /**
     * A writer for use inside another operator or sink writer; the caller flushes it on checkpoints
     * and closes it. Its buffer is in no checkpoint: what it still holds when closed is dropped,
     * counted and said.
     */
    public SinkWriter<T> createWriter(MetricGroup metrics) {
        return writer(metrics, List.of(), false);
    }

    /**
     * A writer for use inside another sink writer whose checkpoints hold this one's {@code
     * snapshotState} (the actuator writes its results to InfluxDB this way), restored from {@code
     * restored}; the caller flushes it on checkpoints and closes it.
     */
    public StatefulSinkWriter<T, InfluxBacklog> createWriter(
            MetricGroup metrics, Collection<InfluxBacklog> restored) {
        return writer(metrics, restored, true);
    }

    private InfluxSinkWriter<T> writer(
            MetricGroup metrics, Collection<InfluxBacklog> restored, boolean checkpointed) {
        return new InfluxSinkWriter<>(
                config,
                mapper,
                tags,
                targets.create(config),
                metrics,
                InfluxSinkWriter.Pacing.REAL,
                restored,
                checkpointed);
    }
}
