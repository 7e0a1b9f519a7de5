package io.prescale.connectors.influx;

import io.prescale.model.SampleParser;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one sink writer says about an InfluxDB outage: one line when it starts (what failed, how
 * many points are buffered, that it keeps retrying), at most one summary every {@link
 * #SUMMARY_EVERY} while it lasts (points buffered, dropped, failed writes so far), and one line
 * when writes succeed again (how long it lasted, the points written then). An outage starts with
 * the first batch that fails for good and ends with the first write of the buffer that succeeds; a
 * job with nine InfluxDB sinks says nine lines a minute during an outage, not one per failed batch.
 */
final class InfluxOutage {
    private static final Logger LOG = LoggerFactory.getLogger(InfluxSinkWriter.class);

    /** The least time between two lines about the same outage. */
    static final Duration SUMMARY_EVERY = Duration.ofMinutes(1);

    private final String where;
    private final Clock clock;

    /** When the outage started, null while InfluxDB answers. */
    private Instant since;

    private Instant lastSaid;
    private long failedWrites;
    private long dropped;

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
        return shown(url) + " (database " + database + ")";
    }

    /** {@code url} without the {@code user:password@} it may hold. */
    static String shown(String url) {
        int host = url.indexOf("://") + 3;
        int at = url.indexOf('@', host);
        int path = url.indexOf('/', host);
        return at < 0 || (path >= 0 && at > path)
                ? url
                : url.substring(0, host) + url.substring(at + 1);
    }

    /** Whether an outage is going on. */
    boolean active() {
        return since != null;
    }

    /**
     * A batch failed for good after {@code attempts} writes.
     *
     * @param buffered the points buffered now
     * @param bound the most points buffered before the oldest are dropped
     */
    void failed(int attempts, String error, int buffered, int bound) {
        Instant now = clock.instant();
        failedWrites += attempts;
        if (since == null) {
            since = now;
            lastSaid = now;
            LOG.warn(
                    "InfluxDB at {} unreachable: a write failed after {} attempt{} ({}); keeping {}"
                            + " points buffered (at most {}, the oldest dropped beyond) and"
                            + " retrying at every checkpoint; a summary follows at most once a"
                            + " minute until writes succeed",
                    where,
                    attempts,
                    attempts == 1 ? "" : "s",
                    error,
                    buffered,
                    bound);
        } else if (!now.isBefore(lastSaid.plus(SUMMARY_EVERY))) {
            lastSaid = now;
            LOG.warn(
                    "InfluxDB at {} still unreachable after {}: {} points buffered, {} dropped, {}"
                            + " writes failed so far ({})",
                    where,
                    readable(since, now),
                    buffered,
                    dropped,
                    failedWrites,
                    error);
        }
    }

    /** {@code n} of the oldest buffered points were dropped. */
    void dropped(long n) {
        if (since != null) {
            dropped += n;
        }
    }

    /** Writes succeed again; {@code written} points were written since the outage ended. */
    void ended(long written) {
        if (since == null) {
            return;
        }
        LOG.info(
                "InfluxDB at {} writable again after {}: {} points written, {} dropped, {} writes"
                        + " failed during the outage",
                where,
                readable(since, clock.instant()),
                written,
                dropped,
                failedWrites);
        since = null;
        failedWrites = 0;
        dropped = 0;
    }

    /** Whole seconds ({@code 2 min}, {@code 75 s}), or {@code under 1 s}. */
    private static String readable(Instant from, Instant to) {
        long seconds = Duration.between(from, to).toSeconds();
        return seconds < 1 ? "under 1 s" : SampleParser.readable(Duration.ofSeconds(seconds));
    }
}
