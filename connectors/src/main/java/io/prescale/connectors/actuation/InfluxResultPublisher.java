package io.prescale.connectors.actuation;

import io.prescale.connectors.influx.InfluxBacklog;
import io.prescale.connectors.influx.InfluxSink;
import io.prescale.model.ActuationResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;

/**
 * Writes results to InfluxDB (measurement {@code actuation}) through the InfluxDB sink's writer:
 * batched, flushed on checkpoints, bounded while InfluxDB is down. InfluxDB is a view, so its
 * outages never fail the actuator. The writer's backlog and tagged entities go into the actuator's
 * checkpoints ({@link #snapshotState}).
 */
public final class InfluxResultPublisher implements ResultPublisher {
    private final StatefulSinkWriter<ActuationResult, InfluxBacklog> writer;

    private InfluxResultPublisher(StatefulSinkWriter<ActuationResult, InfluxBacklog> writer) {
        this.writer = writer;
    }

    /** A factory for the task managers. */
    public static ResultPublisher.Factory factory(InfluxSink<ActuationResult> sink) {
        return (metrics, restored) ->
                new InfluxResultPublisher(sink.createWriter(metrics, restored));
    }

    @Override
    public void publish(ActuationResult result) throws InterruptedException {
        try {
            writer.write(result, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void flush(boolean endOfInput) throws InterruptedException {
        try {
            writer.flush(endOfInput);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<InfluxBacklog> snapshotState() {
        try {
            return writer.snapshotState(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            writer.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing the InfluxDB writer: " + e.getMessage(), e);
        }
    }
}
