package io.prescale.connectors.influx;

import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import org.influxdb.dto.Point;

/**
 * Where the sink's batches go: the real InfluxDB HTTP API ({@link HttpInfluxWriteTarget}) or a fake
 * in tests. Created on the task manager by a serializable factory.
 */
public interface InfluxWriteTarget extends AutoCloseable {

    /** Makes sure the database exists; called before the first write and after a failed one. */
    void open(String database) throws IOException;

    /**
     * Writes one batch.
     *
     * @throws IOException when the server could not be reached or failed transiently (worth a
     *     retry)
     * @throws PointsRejectedException when the server refused the points for good
     */
    void write(String database, List<Point> batch) throws IOException, PointsRejectedException;

    @Override
    void close();

    /** Creates a target on the task manager. */
    interface Factory extends Serializable {
        InfluxWriteTarget create(InfluxSinkConfig config);
    }
}
