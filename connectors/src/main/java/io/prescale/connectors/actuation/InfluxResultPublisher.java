package io.prescale.connectors.actuation;

import io.prescale.connectors.influx.InfluxSink;
import io.prescale.model.ActuationResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.flink.api.connector.sink2.SinkWriter;

/**
 * Writes results to InfluxDB (measurement {@code actuation}) through the InfluxDB sink's writer:
 * batched, flushed on checkpoints, bounded while InfluxDB is down. InfluxDB is a view, so its
 * outages never fail the actuator.
 */
public final class InfluxResultPublisher implements ResultPublisher {
    private final SinkWriter<ActuationResult> writer;

    private InfluxResultPublisher(SinkWriter<ActuationResult> writer) {
        this.writer = writer;
    }

    /** A factory for the task managers. */
    public static ResultPublisher.Factory factory(InfluxSink<ActuationResult> sink) {
        return metrics -> new InfluxResultPublisher(sink.createWriter(metrics));
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
    public void flush() throws InterruptedException {
        try {
            writer.flush(false);
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
