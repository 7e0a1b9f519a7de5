package io.prescale.jobs;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.util.clock.RelativeClock;

/**
 * The metrics' watermarks, per source split (Kafka partition): bounded out-of-orderness, idle after
 * {@code idleness} without records, and <b>held on resuming</b>: for {@code hold} after a split's
 * first record following an idle spell (or its first record ever), its watermark stays at that
 * record's time less the out-of-orderness, and only then follows the split's records (or when it
 * goes idle again first, as a split that was sent a few samples does).
 *
 * <p>Why: while a split is idle the others alone drive event time. When every split resumes at once
 * (a replay into a running job, the backlog after a Kafka outage), the first to be read would
 * otherwise take the watermark past the samples of all the others within seconds, and Flink's
 * watermark valve does not let a channel that comes back behind it hold it back again: each other
 * split's samples would all be late (dead-lettered) and their entities released for lack of data.
 * Held, the first split marks its channel active at once with a watermark no further than its own
 * first sample, and the others have {@code hold} to do the same before any of them moves on.
 *
 * <p>A record without an event time (a dead letter, {@link Long#MIN_VALUE}) is not a sample: it
 * neither moves the watermark nor counts as the split's activity. (Taken as one, the first such
 * record after a start or an idle spell set the held watermark to its time less the
 * out-of-orderness, which wrapped round to the end of time.)
 */
final class ResumeHeldWatermarks<T> implements WatermarkGenerator<T> {
    private static final long NEVER = Long.MIN_VALUE;

    /** A record's time when it has none (a dead letter: {@code Ingested#eventTimeMillis}). */
    private static final long NO_EVENT_TIME = Long.MIN_VALUE;

    private final long outOfOrdernessMillis;
    private final long idleMillis;
    private final long holdMillis;
    private final RelativeClock clock;
    private long maxTimestamp = Long.MIN_VALUE;
    private long lastRecordAt = NEVER;
    private long quietSince;
    private long heldUntil;
    private long heldAt;
    private long emitted = Long.MIN_VALUE;

    ResumeHeldWatermarks(
            Duration outOfOrderness, Duration idleness, Duration hold, RelativeClock clock) {
        this.outOfOrdernessMillis = outOfOrderness.toMillis();
        this.idleMillis = idleness.toMillis();
        this.holdMillis = hold.toMillis();
        this.clock = clock;
        this.quietSince = clock.relativeTimeMillis();
    }

    /** The job's watermark strategy's generator for one split. */
    static <T> WatermarkGeneratorSupplier<T> supplier(
            Duration outOfOrderness, Duration idleness, Duration hold) {
        return ctx ->
                new ResumeHeldWatermarks<>(
                        outOfOrderness, idleness, hold, ctx.getInputActivityClock());
    }

    @Override
    public void onEvent(T event, long timestamp, WatermarkOutput output) {
        if (timestamp == NO_EVENT_TIME) {
            return;
        }
        long now = clock.relativeTimeMillis();
        if (lastRecordAt == NEVER || now - lastRecordAt >= idleMillis) {
            heldUntil = now + holdMillis;
            // above the last one sent, or the output would drop it and leave the split idle
            heldAt = Math.max(below(timestamp), emitted + 1);
        }
        lastRecordAt = now;
        maxTimestamp = Math.max(maxTimestamp, timestamp);
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        long now = clock.relativeTimeMillis();
        long quiet = lastRecordAt == NEVER ? quietSince : lastRecordAt;
        boolean idle = now - quiet >= idleMillis;
        if (lastRecordAt != NEVER) {
            // a split that goes quiet is done: what it read counts before it leaves
            long next = Math.max(emitted, now < heldUntil && !idle ? heldAt : below(maxTimestamp));
            // an idle split sends nothing new: a watermark would mark it active again until the
            // markIdle below, and Flink logs both changes at INFO, every period
            if (!idle || next > emitted) {
                emitted = next;
                output.emitWatermark(new Watermark(emitted));
            }
        }
        if (idle) {
            output.markIdle();
        }
    }

    private long below(long timestamp) {
        return timestamp - outOfOrdernessMillis - 1;
    }
}
