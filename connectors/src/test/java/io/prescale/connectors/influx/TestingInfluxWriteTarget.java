package io.prescale.connectors.influx;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.influxdb.dto.Point;

/** An in-memory InfluxDB that can be told to fail the next writes. */
final class TestingInfluxWriteTarget implements InfluxWriteTarget {
    final List<List<Point>> batches = new ArrayList<>();
    final List<String> openedDatabases = new ArrayList<>();
    int failNextWrites;
    int rejectNextWrites;
    int attempts;
    boolean closed;

    @Override
    public void open(String database) {
        openedDatabases.add(database);
    }

    @Override
    public void write(String database, List<Point> batch)
            throws IOException, PointsRejectedException {
        attempts++;
        if (rejectNextWrites > 0) {
            rejectNextWrites--;
            throw new PointsRejectedException("testing: field type conflict", null);
        }
        if (failNextWrites > 0) {
            failNextWrites--;
            throw new IOException("testing: write refused");
        }
        batches.add(List.copyOf(batch));
    }

    int pointsWritten() {
        return batches.stream().mapToInt(List::size).sum();
    }

    @Override
    public void close() {
        closed = true;
    }
}
