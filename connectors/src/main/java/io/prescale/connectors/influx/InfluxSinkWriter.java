package io.prescale.connectors.influx;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
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
 * element. Past {@code maxBufferedPoints} the oldest points are dropped, counted in {@code
 * influxPointsDropped}. Every failed write is counted in {@code influxWritesFailed}; the log says
 * the outage when it starts, at most once a minute while it lasts, and when it ends ({@link
 * InfluxOutage}).
 *
 * <p>When the server refuses a batch for good ({@link PointsRejectedException}: a point it cannot
 * parse, a field type conflict), each half is written again, down to the single points it refuses,
 * so that one bad point costs only itself and never blocks the buffer: a batch of {@code n} with
 * {@code k} refused points takes at most about {@code 2·k·log2(n)} more writes. Writing a point
 * again stores the same point (InfluxDB 1.x has already stored the rest of a partly refused batch).
 * A refused point is counted in {@code influxPointsRejected} and, as every point that never reaches
 * InfluxDB, in {@code influxPointsDropped}; the first refusal after a flush is logged with the
 * server's reason, the rest are summarised at the next flush.
 *
 * <p>Points are kept in line protocol (times in nanoseconds), and what is still buffered at a
 * checkpoint, after its flush (InfluxDB down), is the writer's state ({@link InfluxBacklog}): a job
 * stopped during an outage and resumed from that checkpoint writes it once the server answers. The
 * points of the records after that checkpoint are made again from the replayed records. What is
 * buffered when the writer closes is said in the log: kept in the last checkpoint up to it, lost
 * only if the job is not resumed from it.
 */
final class InfluxSinkWriter<T> implements StatefulSinkWriter<T, InfluxBacklog> {
    private static final Logger LOG = LoggerFactory.getLogger(InfluxSinkWriter.class);

    /** Waits between retries; {@code Thread::sleep} in production, a recorder in tests. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    /**
     * How the writer waits between retries and reads the time of an outage's log lines.
     *
     * @param sleeper waits between retries
     * @param clock times the outage lines ({@link InfluxOutage})
     */
    record Pacing(Sleeper sleeper, Clock clock) {
        /** The thread's sleep and the system clock. */
        static final Pacing REAL = new Pacing(Thread::sleep, Clock.systemUTC());
    }

    private final InfluxSinkConfig config;
    private final InfluxPointMapper<T> mapper;
    private final InfluxWriteTarget target;
    private final Sleeper sleeper;
    private final InfluxOutage outage;
    private final InfluxPace pace;
    private final ArrayDeque<String> buffer = new ArrayDeque<>();
    private final Counter written;
    private final Counter dropped;
    private final Counter rejected;
    private final Counter failedWrites;
    private boolean opened;

    /** The entity tags the mapper writes with, kept in checkpoints; null when it has none. */
    private final EntityTags tags;

    /** Whether {@link #snapshotState} goes into checkpoints (not for a writer inside another). */
    private final boolean checkpointed;

    /** Set when a batch failed for good: writes wait for the next flush instead of retrying. */
    private boolean unreachable;

    /** Points refused since the last log line about refusals. */
    private long refusedUnlogged;

    InfluxSinkWriter(
            InfluxSinkConfig config,
            InfluxPointMapper<T> mapper,
            EntityTags tags,
            InfluxWriteTarget target,
            MetricGroup metrics,
            Pacing pacing,
            Collection<InfluxBacklog> restored,
            boolean checkpointed) {
        this.config = config;
        this.checkpointed = checkpointed;
        this.mapper = mapper;
        this.tags = tags;
        this.target = target;
        this.sleeper = pacing.sleeper();
        String where = InfluxOutage.where(config.url(), config.database());
        this.outage = new InfluxOutage(where, pacing.clock());
        this.pace = new InfluxPace(where, pacing.clock());
        this.written = metrics.counter("influxPointsWritten");
        this.dropped = metrics.counter("influxPointsDropped");
        this.rejected = metrics.counter("influxPointsRejected");
        this.failedWrites = metrics.counter("influxWritesFailed");
        metrics.gauge("influxPointsBuffered", (Gauge<Integer>) buffer::size);
        restored.forEach(b -> buffer.addAll(b.lines()));
        if (tags != null) {
            restored.forEach(b -> tags.restore(b.tagged()));
        }
        if (!buffer.isEmpty()) {
            LOG.info(
                    "{} points not yet written to InfluxDB restored from the checkpoint",
                    buffer.size());
        }
    }

    @Override
    public void write(T element, Context context) throws InterruptedException {
        Point point = mapper.toPoint(element);
        if (point == null) {
            return; // not written, by the mapper's choice
        }
        buffer.addLast(point.lineProtocol(TimeUnit.NANOSECONDS));
        if (buffer.size() >= config.batchSize() && !unreachable) {
            writeBuffered();
        }
        dropBeyondBound();
    }

    @Override
    public void flush(boolean endOfInput) throws InterruptedException {
        writeBuffered();
        if (endOfInput) {
            dropLeftOver("the input ended");
        }
        if (refusedUnlogged > 1) {
            LOG.warn(
                    "InfluxDB refused {} more points since the last report, {} in all",
                    refusedUnlogged - 1,
                    rejected.getCount());
        }
        refusedUnlogged = 0;
    }

    /** Writes whole batches while they succeed; stops at the first batch that fails for good. */
    private void writeBuffered() throws InterruptedException {
        long writtenBefore = written.getCount();
        while (!buffer.isEmpty()) {
            List<String> batch = new ArrayList<>(Math.min(buffer.size(), config.batchSize()));
            for (String p : buffer) {
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
        outage.ended(written.getCount() - writtenBefore);
    }

    /** True when the batch left the buffer (written or rejected), false to keep it. */
    private boolean writeWithRetries(List<String> batch) throws InterruptedException {
        Duration backoff = config.initialBackoff();
        long start = pace.now();
        String error = null;
        for (int attempt = 0; ; attempt++) {
            try {
                if (!opened) {
                    target.open(config.database());
                    opened = true;
                }
                writeIsolatingRefused(batch);
                pace.wrote(batch.get(0), batch.size(), start, attempt, error);
                return true;
            } catch (IOException e) {
                error = String.valueOf(e.getMessage());
                failedWrites.inc();
                opened = false; // a restarted server may have lost the database
                if (attempt >= config.maxRetries()) {
                    outage.failed(attempt + 1, error, buffer.size(), config.maxBufferedPoints());
                    return false;
                }
                sleeper.sleep(backoff.toMillis());
                backoff = backoff.multipliedBy(2);
            }
        }
    }

    /**
     * Writes {@code batch}; when the server refuses it, writes each half again, down to the single
     * points it refuses, which are dropped and counted.
     *
     * @throws IOException when the server cannot be reached; the points counted before it are
     *     counted again when the batch is retried
     */
    private void writeIsolatingRefused(List<String> batch) throws IOException {
        try {
            target.write(config.database(), batch);
            written.inc(batch.size());
        } catch (PointsRejectedException e) {
            if (batch.size() > 1) {
                int half = batch.size() / 2;
                writeIsolatingRefused(batch.subList(0, half));
                writeIsolatingRefused(batch.subList(half, batch.size()));
                return;
            }
            rejected.inc();
            dropped.inc();
            if (refusedUnlogged++ == 0) {
                LOG.warn(
                        "InfluxDB refused a point, dropping it ({} refused in all; more are"
                                + " summarised at the next checkpoint): {}",
                        rejected.getCount(),
                        abbreviate(e.getMessage()));
            }
        }
    }

    /** The server quotes the whole refused line; a name can make that arbitrarily long. */
    private static String abbreviate(String message) {
        int max = 300;
        return message == null || message.length() <= max
                ? message
                : message.substring(0, max) + "... (" + message.length() + " characters)";
    }

    private void dropBeyondBound() {
        int excess = buffer.size() - config.maxBufferedPoints();
        if (excess <= 0) {
            return;
        }
        for (int i = 0; i < excess; i++) {
            buffer.removeFirst();
        }
        dropped.inc(excess);
        outage.dropped(excess);
    }

    /** Points waiting to be written (for tests and metrics). */
    int buffered() {
        return buffer.size();
    }

    /** What is still buffered after the checkpoint's flush: none unless InfluxDB is down. */
    @Override
    public List<InfluxBacklog> snapshotState(long checkpointId) {
        List<String> tagged = tags == null ? List.of() : tags.tagged();
        return buffer.isEmpty() && tagged.isEmpty()
                ? List.of()
                : List.of(new InfluxBacklog(List.copyOf(buffer), tagged));
    }

    @Override
    public void close() {
        if (!checkpointed) {
            dropLeftOver("the writer closed");
        } else if (!buffer.isEmpty()) {
            LOG.warn(
                    "{}: {} points not written; those buffered at the last checkpoint are in it"
                            + " and are written by a run resumed from it, the rest are made again"
                            + " from the records it replays",
                    closedWhy("the sink closed"),
                    buffer.size());
        }
        outage.closed();
        target.close();
    }

    /**
     * Why points were left when {@code what} happened: InfluxDB down, or the job stopping, failing
     * or restarting with points not yet due for a write (a tester's restarts were said as an outage
     * of an InfluxDB that answered).
     */
    private String closedWhy(String what) {
        return outage.active()
                ? "InfluxDB unreachable when " + what
                : what + " (the job stopped, failed or restarts) before its last points were due";
    }

    /**
     * Counts and says the points still buffered when no later flush or checkpoint will come (the
     * end of the input, or the close of a writer whose state no checkpoint holds): they are lost
     * (InfluxDB unreachable), and uncounted they would read as written.
     */
    private void dropLeftOver(String when) {
        if (buffer.isEmpty()) {
            return;
        }
        LOG.warn(
                "{}: dropped the {} points still buffered ({} dropped in all)",
                closedWhy(when),
                buffer.size(),
                dropped.getCount() + buffer.size());
        dropped.inc(buffer.size());
        buffer.clear();
    }
}
