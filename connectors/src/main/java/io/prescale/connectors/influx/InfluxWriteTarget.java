package io.prescale.connectors.influx;

import java.io.IOException;
import java.io.Serializable;
import java.util.List;

/**
 * Where the sink's batches go: the real InfluxDB HTTP API ({@link HttpInfluxWriteTarget}) or a fake
 * in tests. Created on the task manager by a serializable factory.
 */
public interface InfluxWriteTarget extends AutoCloseable {

    /** Makes sure the database exists; called before the first write and after a failed one. */
    void open(String database) throws IOException;

    /**
     * Writes one batch of points in line protocol, times in nanoseconds.
     *
     * @throws IOException when the server could not be reached or failed transiently (worth a
     *     retry)
     * @throws PointsRejectedException when the server refused the points for good
     */
    void write(String database, List<String> lines) throws IOException, PointsRejectedException;

    @Override
    void close();

    /** Creates a target on the task manager. */
    interface Factory extends Serializable {
        InfluxWriteTarget create(InfluxSinkConfig config);
    }
}
