package io.prescale.connectors.influx;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** An in-memory InfluxDB that can be told to fail the next writes. */
final class TestingInfluxWriteTarget implements InfluxWriteTarget {
    final List<List<String>> batches = new ArrayList<>();
    final List<String> openedDatabases = new ArrayList<>();
    int failNextWrites;

    /** Points the server refuses for good; it stores the rest of their batch, as InfluxDB 1.x. */
    Predicate<String> refuses = p -> false;

    /** The server's reason for a refusal. */
    String refusal = "testing: partial write: field type conflict";

    /** Runs at every write attempt (a test's clock moving on while the server works). */
    Runnable onWrite = () -> {};

    int attempts;
    boolean closed;

    @Override
    public void open(String database) {
        openedDatabases.add(database);
    }

    @Override
    public void write(String database, List<String> batch)
            throws IOException, PointsRejectedException {
        attempts++;
        onWrite.run();
        if (failNextWrites > 0) {
            failNextWrites--;
            throw new IOException("testing: write refused");
        }
        List<String> stored = batch.stream().filter(refuses.negate()).toList();
        batches.add(stored);
        if (stored.size() < batch.size()) {
            throw new PointsRejectedException(
                    refusal + " dropped=" + (batch.size() - stored.size()), null);
        }
    }

    int pointsWritten() {
        return batches.stream().mapToInt(List::size).sum();
    }

    /** The distinct points stored: a point written again overwrites itself, as in InfluxDB. */
    List<String> pointsStored() {
        return batches.stream().flatMap(List::stream).distinct().sorted().toList();
    }

    @Override
    public void close() {
        closed = true;
    }
}
