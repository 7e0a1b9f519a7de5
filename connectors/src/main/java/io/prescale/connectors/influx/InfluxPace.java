package io.prescale.connectors.influx;

import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one sink writer says when InfluxDB sets the job's pace, at most once every {@link #EVERY}.
 * Writes are synchronous on the task's thread, so while they take most of its time the job reads no
 * faster than InfluxDB writes: a backlog grows, and checkpoints (and with them the committed
 * commands) wait behind the writes. Said when the successful writes took at least {@link
 * #HELD_BACK} of the span since the last line; and the writes that failed once and then succeeded
 * on a retry (counted in {@code influxWritesFailed}; an outage, where retries run out, is {@link
 * InfluxOutage}'s).
 */
final class InfluxPace {
    private static final Logger LOG = LoggerFactory.getLogger(InfluxSinkWriter.class);

    /** The least time between two lines. */
    static final Duration EVERY = Duration.ofMinutes(1);

    /** The share of the time in writes from which the writer says it holds the job back. */
    static final double HELD_BACK = 0.5;

    private final String where;
    private final Clock clock;
    private long from = -1;
    private long busyMillis;
    private long points;
    private String lastFirst = "";
    private long retried;
    private String lastError;

    /**
     * @param where the server and database, as the lines name them
     */
    InfluxPace(String where, Clock clock) {
        this.where = where;
        this.clock = clock;
    }

    /** The clock's time in milliseconds, to time a write with. */
    long now() {
        return clock.millis();
    }

    /**
     * A batch of {@code batch} points, the first of them {@code first} in line protocol, was
     * written from {@code startMillis} to now, after {@code failures} failed attempts (the last
     * failing with {@code error}).
     */
    void wrote(String first, int batch, long startMillis, int failures, String error) {
        long end = clock.millis();
        if (from < 0) {
            from = startMillis;
        }
        busyMillis += end - startMillis;
        points += batch;
        lastFirst = first; // its measurement is read only when a line names it
        if (failures > 0) {
            retried += failures;
            lastError = error;
        }
        long span = end - from;
        if (span < EVERY.toMillis()) {
            return;
        }
        if (busyMillis >= HELD_BACK * span) {
            LOG.warn(
                    "InfluxDB at {} took {} s of the last {} s of this task writing {} points (the"
                            + " last of measurement {}): its writes hold the job back, which reads"
                            + " no faster than InfluxDB writes while its checkpoints and commands"
                            + " wait; write fewer points (forecast.output-horizons for the"
                            + " forecast measurement) or give InfluxDB more (README, \"Many"
                            + " entities\")",
                    where,
                    busyMillis / 1000,
                    span / 1000,
                    points,
                    measurementOf(lastFirst));
        }
        if (retried > 0) {
            // one writer per measurement says this: named, so that two lines of one second
            // are told apart (a tester took them for one said twice)
            LOG.warn(
                    "InfluxDB at {}: {} write{} of measurement {} failed and then succeeded when"
                            + " retried, in this task's last {} s (the last failure: {}); those"
                            + " points were written",
                    where,
                    retried,
                    retried == 1 ? "" : "s",
                    measurementOf(lastFirst),
                    span / 1000,
                    lastError);
        }
        from = end;
        busyMillis = 0;
        points = 0;
        retried = 0;
    }

    /** The measurement of a line-protocol point: what precedes its first unescaped ',' or ' '. */
    static String measurementOf(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == ',' || c == ' ') {
                return line.substring(0, i);
            }
        }
        return line;
    }
}
