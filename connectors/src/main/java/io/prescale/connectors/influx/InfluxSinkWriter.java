package io.prescale.connectors.influx;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.influxdb.dto.Point;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buffers points and writes them in batches of {@code batchSize}; {@link #flush} (called by Flink
 * on every checkpoint and at end of input) writes everything buffered.
 *
 * <p>A write that fails is retried {@code maxRetries} times, waiting {@code initialBackoff · 2^k}
 * before retry {@code k} (from 0). A batch that still fails stays buffered for the next flush, and
 * until then writes only buffer, so an outage costs each checkpoint one round of retries, not every
 * element. Past {@code maxBufferedPoints} the oldest points are dropped: counted in {@code
 * influxPointsDropped}, logged when dropping starts and summarised at the next flush (at most two
 * lines per checkpoint however many are dropped). A batch the server refuses for good ({@link
 * PointsRejectedException}) is dropped at once, counted in {@code influxPointsRejected} and logged,
 * so one bad point never blocks the buffer.
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
    private final Counter rejected;
    private final Counter failedWrites;
    private boolean opened;

    /** Set when a batch failed for good: writes wait for the next flush instead of retrying. */
    private boolean unreachable;

    /** Points dropped since the last log line about drops. */
    private long droppedUnlogged;

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
        this.rejected = metrics.counter("influxPointsRejected");
        this.failedWrites = metrics.counter("influxWritesFailed");
        metrics.gauge("influxPointsBuffered", (Gauge<Integer>) buffer::size);
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
        if (droppedUnlogged > 0) {
            LOG.warn(
                    "InfluxDB unreachable: dropped {} more points since the last report, {} in"
                            + " all; {} buffered",
                    droppedUnlogged,
                    dropped.getCount(),
                    buffer.size());
            droppedUnlogged = 0;
        }
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
        }
    }

    /** True when the batch left the buffer (written or rejected), false to keep it. */
    private boolean writeWithRetries(List<Point> batch) throws InterruptedException {
        Duration backoff = config.initialBackoff();
        for (int attempt = 0; ; attempt++) {
            try {
                if (!opened) {
                    target.open(config.database());
                    opened = true;
                }
                target.write(config.database(), batch);
                written.inc(batch.size());
                return true;
            } catch (PointsRejectedException e) {
                rejected.inc(batch.size());
                LOG.warn(
                        "InfluxDB refused a batch, dropping its {} points ({} refused in all): {}",
                        batch.size(),
                        rejected.getCount(),
                        e.getMessage());
                return true;
            } catch (IOException e) {
                failedWrites.inc();
                opened = false; // a restarted server may have lost the database
                if (attempt >= config.maxRetries()) {
                    LOG.warn(
                            "InfluxDB write failed after {} attempts, keeping {} points buffered"
                                    + " (bound {}): {}",
                            attempt + 1,
                            buffer.size(),
                            config.maxBufferedPoints(),
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
        if (excess <= 0) {
            return;
        }
        for (int i = 0; i < excess; i++) {
            buffer.removeFirst();
        }
        if (droppedUnlogged == 0) {
            LOG.warn(
                    "InfluxDB unreachable and {} points buffered: dropping the oldest from now on"
                            + " (influxPointsDropped counts them; summary at every checkpoint)",
                    config.maxBufferedPoints());
        }
        dropped.inc(excess);
        droppedUnlogged += excess;
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
