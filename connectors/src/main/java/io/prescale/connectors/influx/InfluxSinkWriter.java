package io.prescale.connectors.influx;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.influxdb.dto.Point;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buffers points and writes them in batches of {@code batchSize}; {@link #flush} (called by Flink
 * on every checkpoint and at end of input) writes everything buffered. A batch that fails after all
 * retries stays buffered for the next flush; past {@code maxBufferedPoints} the oldest points are
 * dropped, counted in {@code influxPointsDropped} and logged. After such a failure, writes only
 * buffer until the next flush tries again, so an outage does not slow the job down.
 */
final class InfluxSinkWriter<T> implements SinkWriter<T> {
    private static final Logger LOG = LoggerFactory.getLogger(InfluxSinkWriter.class);

    /** Waits between retries; {@code Thread::sleep} in production, a recorder in tests. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    private final InfluxSinkConfig config;
    private final InfluxPointMapper<T> mapper;
    private final InfluxWriteTarget target;
    private final Sleeper sleeper;
    private final ArrayDeque<Point> buffer = new ArrayDeque<>();
    private final Counter written;
    private final Counter dropped;
    private final Counter failedWrites;
    private boolean opened;

    /** Set when a batch failed for good: writes wait for the next flush instead of retrying. */
    private boolean unreachable;

    InfluxSinkWriter(
            InfluxSinkConfig config,
            InfluxPointMapper<T> mapper,
            InfluxWriteTarget target,
            MetricGroup metrics,
            Sleeper sleeper) {
        this.config = config;
        this.mapper = mapper;
        this.target = target;
        this.sleeper = sleeper;
        this.written = metrics.counter("influxPointsWritten");
        this.dropped = metrics.counter("influxPointsDropped");
        this.failedWrites = metrics.counter("influxWritesFailed");
    }

    @Override
    public void write(T element, Context context) throws InterruptedException {
        buffer.addLast(mapper.toPoint(element));
        if (buffer.size() >= config.batchSize() && !unreachable) {
            writeBuffered();
        }
        dropBeyondBound();
    }

    @Override
    public void flush(boolean endOfInput) throws InterruptedException {
        writeBuffered();
    }

    /** Writes whole batches while they succeed; stops at the first batch that fails for good. */
    private void writeBuffered() throws InterruptedException {
        while (!buffer.isEmpty()) {
            List<Point> batch = new ArrayList<>(Math.min(buffer.size(), config.batchSize()));
            for (Point p : buffer) {
                if (batch.size() == config.batchSize()) {
                    break;
                }
                batch.add(p);
            }
            unreachable = !writeWithRetries(batch);
            if (unreachable) {
                return;
            }
            for (int i = 0; i < batch.size(); i++) {
                buffer.removeFirst();
            }
            written.inc(batch.size());
        }
    }

    private boolean writeWithRetries(List<Point> batch) throws InterruptedException {
        Duration backoff = config.initialBackoff();
        for (int attempt = 0; ; attempt++) {
            try {
                if (!opened) {
                    target.open(config.database());
                    opened = true;
                }
                target.write(config.database(), batch);
                return true;
            } catch (IOException e) {
                failedWrites.inc();
                if (attempt >= config.maxRetries()) {
                    LOG.warn(
                            "InfluxDB write failed after {} attempts, keeping {} points buffered: {}",
                            attempt + 1,
                            buffer.size(),
                            e.getMessage());
                    return false;
                }
                sleeper.sleep(backoff.toMillis());
                backoff = backoff.multipliedBy(2);
            }
        }
    }

    private void dropBeyondBound() {
        int excess = buffer.size() - config.maxBufferedPoints();
        if (excess > 0) {
            for (int i = 0; i < excess; i++) {
                buffer.removeFirst();
            }
            dropped.inc(excess);
            LOG.warn(
                    "InfluxDB unreachable: dropped {} oldest points (buffer bound {}), {} dropped in all",
                    excess,
                    config.maxBufferedPoints(),
                    dropped.getCount());
        }
    }

    /** Points waiting to be written (for tests and metrics). */
    int buffered() {
        return buffer.size();
    }

    @Override
    public void close() {
        target.close();
    }
}
