package io.prescale.agent;

import io.prescale.model.MetricSample;
import io.prescale.model.SampleParser;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The agent loop: every interval, read the source, build samples, publish them, flush, and print
 * one progress line ({@code published N samples, M failed}, with the last failure's reason and
 * destination when M > 0, and {@code publishing again} on the first good round after failed ones).
 * A round that outlasts the interval (a broker that does not answer holds each send up to three
 * intervals) skips the readings it overran, and says how many; {@link #summary()} gives the totals.
 * Source, publisher and clock come in through the constructor; {@link AgentRunner} wires the real
 * ones.
 */
public final class Agent {
    private final MetricSource source;
    private final SampleBuilder builder;
    private final SamplePublisher publisher;
    private final Clock clock;
    private final PrintStream progress;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private long rounds;
    private long skipped;
    private long failedInARow;

    public Agent(
            MetricSource source,
            SampleBuilder builder,
            SamplePublisher publisher,
            Clock clock,
            PrintStream progress) {
        this.source = source;
        this.builder = builder;
        this.publisher = publisher;
        this.clock = clock;
        this.progress = progress;
    }

    /** What one interval did. */
    public record Round(int built, long published, long failed) {}

    /**
     * Reads without publishing, so that the first published round already has rates (which need a
     * previous reading).
     */
    public void prime() {
        builder.build(source.read(), clock.instant());
    }

    /** Runs one interval: read, build, publish, flush, report. */
    public Round runOnce() {
        long publishedBefore = publisher.published();
        long failedBefore = publisher.failed();
        List<MetricSample> samples = builder.build(source.read(), clock.instant());
        for (MetricSample s : samples) {
            publisher.publish(s);
        }
        publisher.flush();
        Round round =
                new Round(
                        samples.size(),
                        publisher.published() - publishedBefore,
                        publisher.failed() - failedBefore);
        rounds++;
        String again =
                round.failed() == 0 && failedInARow > 0
                        ? "; publishing again after " + count(failedInARow, "failed sample")
                        : "";
        failedInARow = round.failed() > 0 ? failedInARow + round.failed() : 0;
        progress.println(
                "published "
                        + count(round.published(), "sample")
                        + ", "
                        + round.failed()
                        + " failed"
                        + (round.failed() > 0 ? " (last " + publisher.lastFailure() + ")" : "")
                        + again
                        + (samples.isEmpty()
                                ? "; no entity was read (with --entity-by process: no running"
                                        + " process matches --match)"
                                : ""));
        return round;
    }

    /**
     * The run's totals, for its last line: rounds, samples published and failed, readings skipped
     * because a round overran its interval.
     */
    public String summary() {
        return "prescale agent: stopped after "
                + count(rounds, "round")
                + ": published "
                + count(publisher.published(), "sample")
                + ", "
                + publisher.failed()
                + " failed"
                + (skipped > 0
                        ? ", "
                                + count(skipped, "reading")
                                + " skipped (rounds that overran"
                                + " the interval)"
                        : "");
    }

    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /**
     * Primes, then runs {@code count} intervals (or until {@link #stop()} when {@code count} is 0),
     * each starting {@code interval} after the previous one started.
     */
    public void run(Duration interval, long count) throws InterruptedException {
        prime();
        Instant next = clock.instant().plus(interval);
        for (long i = 0; count == 0 || i < count; i++) {
            long waitNanos = Duration.between(clock.instant(), next).toNanos();
            if (stopped.await(Math.max(0, waitNanos), TimeUnit.NANOSECONDS)) {
                return;
            }
            Instant started = clock.instant();
            runOnce();
            next = next.plus(interval);
            Instant now = clock.instant();
            if (next.isBefore(now)) {
                // the round ended after the next reading was due (a long round, or a late start
                // on a busy machine): skip ahead instead of bursting
                long missed = Duration.between(next, now).toNanos() / interval.toNanos() + 1;
                skipped += missed;
                progress.println(
                        "skipped "
                                + count(missed, "reading")
                                + ": the round took "
                                + SampleParser.readable(Duration.between(started, now))
                                + " and ended "
                                + SampleParser.readable(Duration.between(next, now))
                                + " after the next reading was due (interval "
                                + SampleParser.readable(interval)
                                + ")");
                next = now.plus(interval);
            }
        }
    }

    /** Makes {@link #run} return before its next interval. */
    public void stop() {
        stopped.countDown();
    }
}
