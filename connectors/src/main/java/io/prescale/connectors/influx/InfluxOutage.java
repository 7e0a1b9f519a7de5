package io.prescale.connectors.influx;

import io.prescale.connectors.Urls;
import io.prescale.model.SampleParser;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the sink writers of one process say about an InfluxDB outage: one line when it starts (what
 * failed, how many points are buffered, that they keep retrying), at most one summary every {@link
 * #SUMMARY_EVERY} while it lasts (points buffered, dropped, failed writes so far, over every writer
 * of the server and database), and one line when the last of them writes again (how long it lasted,
 * the points written then). A writer's outage starts with the first batch that fails for good and
 * ends with the first write of its buffer that succeeds; the process's outage lasts from the first
 * writer's start to the last one's end. A job with nine InfluxDB sinks once said nine lines as the
 * outage started and nine a minute while it lasted (a tester's "noisy outage"); it says one each
 * now, per task manager.
 */
final class InfluxOutage {
    private static final Logger LOG = LoggerFactory.getLogger(InfluxSinkWriter.class);

    /** The least time between two lines about the same outage. */
    static final Duration SUMMARY_EVERY = Duration.ofMinutes(1);

    /** The outage of each server and database in this process, while one lasts. */
    private static final Map<String, Shared> OUTAGES = new HashMap<>();

    private final String where;
    private final Clock clock;

    /** When this writer's outage started, null while InfluxDB answers it. */
    private Instant since;

    /**
     * @param where the server and database, as the lines name them ({@link #where})
     */
    InfluxOutage(String where, Clock clock) {
        this.where = where;
        this.clock = clock;
    }

    /**
     * The server and database as the writers' lines name them, the URL without a user and password
     * in it.
     */
    static String where(String url, String database) {
        return Urls.shown(url) + " (database " + database + ")";
    }

    /** Whether an outage of this writer is going on. */
    boolean active() {
        return since != null;
    }

    /**
     * A batch failed for good after {@code attempts} writes.
     *
     * @param buffered the points this writer buffers now
     * @param bound the most points a writer buffers before the oldest are dropped
     */
    void failed(int attempts, String error, int buffered, int bound) {
        Instant now = clock.instant();
        synchronized (OUTAGES) {
            Shared o = OUTAGES.get(where);
            boolean starts = o == null;
            if (starts) {
                o = new Shared(now);
                OUTAGES.put(where, o);
            }
            since = since == null ? now : since;
            o.failedWrites += attempts;
            o.buffered.put(this, buffered);
            if (starts) {
                LOG.warn(
                        "InfluxDB at {} not writable: a write failed after {} attempt{} ({});"
                                + " keeping {} points buffered (at most {} a sink writer, the"
                                + " oldest dropped beyond) and retrying at every checkpoint; a"
                                + " summary follows at most once a minute until writes succeed",
                        where,
                        attempts,
                        attempts == 1 ? "" : "s",
                        error,
                        buffered,
                        bound);
            } else if (!now.isBefore(o.lastSaid.plus(SUMMARY_EVERY))) {
                o.lastSaid = now;
                LOG.warn(
                        "InfluxDB at {} still not writable after {}: {} points buffered, {}"
                                + " dropped, {} writes failed so far ({})",
                        where,
                        readable(o.since, now),
                        o.buffered.values().stream().mapToLong(Integer::longValue).sum(),
                        o.dropped,
                        o.failedWrites,
                        error);
            }
        }
    }

    /** {@code n} of this writer's oldest buffered points were dropped. */
    void dropped(long n) {
        if (since != null) {
            synchronized (OUTAGES) {
                OUTAGES.get(where).dropped += n;
            }
        }
    }

    /**
     * Writes of this writer succeed again; {@code written} points were written since its outage
     * ended. The last writer of the process to write again says so.
     */
    void ended(long written) {
        if (since == null) {
            return;
        }
        since = null;
        synchronized (OUTAGES) {
            Shared o = OUTAGES.get(where);
            o.written += written;
            o.buffered.remove(this);
            if (o.buffered.isEmpty()) {
                OUTAGES.remove(where);
                LOG.info(
                        "InfluxDB at {} writable again after {}: {} points written, {} dropped, {}"
                                + " writes failed during the outage",
                        where,
                        readable(o.since, clock.instant()),
                        o.written,
                        o.dropped,
                        o.failedWrites);
            }
        }
    }

    /**
     * The writer closes (what it still buffers is said by the writer): it no longer takes part in
     * the process's outage.
     */
    void closed() {
        if (since == null) {
            return;
        }
        since = null;
        synchronized (OUTAGES) {
            Shared o = OUTAGES.get(where);
            o.buffered.remove(this);
            if (o.buffered.isEmpty()) {
                OUTAGES.remove(where);
            }
        }
    }

    /** One server's outage in this process: when it started and its counts over every writer. */
    private static final class Shared {
        final Instant since;
        Instant lastSaid;
        final Map<InfluxOutage, Integer> buffered = new IdentityHashMap<>();
        long failedWrites;
        long dropped;
        long written;

        Shared(Instant since) {
            this.since = since;
            this.lastSaid = since;
        }
    }

    /** Whole seconds ({@code 2 min}, {@code 75 s}), or {@code under 1 s}. */
    private static String readable(Instant from, Instant to) {
        long seconds = Duration.between(from, to).toSeconds();
        return seconds < 1 ? "under 1 s" : SampleParser.readable(Duration.ofSeconds(seconds));
    }
}
