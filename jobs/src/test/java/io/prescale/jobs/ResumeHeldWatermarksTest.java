package io.prescale.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.BoundedOutOfOrdernessWatermarks;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkOutputMultiplexer;
import org.apache.flink.api.common.eventtime.WatermarksWithIdleness;
import org.apache.flink.runtime.event.WatermarkEvent;
import org.apache.flink.streaming.api.operators.source.WatermarkToDataOutput;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.io.PushingAsyncDataInput;
import org.apache.flink.streaming.runtime.streamrecord.LatencyMarker;
import org.apache.flink.streaming.runtime.streamrecord.RecordAttributes;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.StatusWatermarkValve;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.util.clock.RelativeClock;
import org.junit.jupiter.api.Test;

/**
 * Two Kafka partitions, each read by its own source subtask (its generator behind Flink's {@link
 * WatermarkToDataOutput}), meet in the window operator's input behind Flink's {@link
 * StatusWatermarkValve}. The job idles for two minutes, then a day is replayed into both
 * partitions: one subtask reads its whole day in 3.5 s before the other reads its first record (as
 * a tester saw on a loaded machine). Counts the second partition's samples whose window the
 * watermark had already passed when they arrived (the window operator drops them as late).
 */
class ResumeHeldWatermarksTest {
    private static final Duration OUT_OF_ORDERNESS = Duration.ofSeconds(30);
    private static final Duration IDLENESS = Duration.ofMinutes(1);
    private static final long STEP = Duration.ofMinutes(5).toMillis();
    private static final long DAY0 = Instant.parse("2017-01-03T00:00:00Z").toEpochMilli();
    private static final long DAY1 = DAY0 + Duration.ofDays(1).toMillis();
    private static final long PERIOD = 200;

    private final long[] now = {0};
    private final RelativeClock clock =
            new RelativeClock() {
                @Override
                public long relativeTimeMillis() {
                    return now[0];
                }

                @Override
                public long relativeTimeNanos() {
                    return now[0] * 1_000_000;
                }
            };

    @Test
    void aSplitReadLateAfterAnIdleSpellHasNoSampleMadeLate() throws Exception {
        Replay r = replay(held(), held());

        assertThat(r.late).isZero();
        assertThat(r.valve.watermark)
                .as("event time still gets through the day")
                .isEqualTo(DAY1 - STEP - OUT_OF_ORDERNESS.toMillis() - 1);
    }

    @Test
    void withoutTheHoldMostOfThatSplitsDayIsLate() throws Exception {
        Replay r =
                replay(
                        new WatermarksWithIdleness<>(
                                new BoundedOutOfOrdernessWatermarks<>(OUT_OF_ORDERNESS),
                                IDLENESS,
                                clock),
                        new WatermarksWithIdleness<>(
                                new BoundedOutOfOrdernessWatermarks<>(OUT_OF_ORDERNESS),
                                IDLENESS,
                                clock));

        assertThat(r.late).as("of 288 samples").isGreaterThan(250);
    }

    @Test
    void aSplitThatStaysBusyIsNotHeldAndAnIdleOneIsMarkedIdle() throws Exception {
        var busy = held();
        Valve valve = new Valve();
        WatermarkToDataOutput out = valve.channel(0);
        WatermarkToDataOutput quiet = valve.channel(1);
        var idle = held();
        for (long t = DAY0; t < DAY0 + 120 * STEP; t += STEP) {
            busy.onEvent(t, t, out);
            now[0] += 1_000;
            busy.onPeriodicEmit(out);
            idle.onPeriodicEmit(quiet);
        }
        assertThat(valve.watermark)
                .as("the held 10 s are long past; the quiet split no longer holds it back")
                .isEqualTo(DAY0 + 119 * STEP - OUT_OF_ORDERNESS.toMillis() - 1);
    }

    @Test
    void aSplitThatGoesQuietWithinTheHoldLetsWhatItReadCountFirst() throws Exception {
        var split =
                new ResumeHeldWatermarks<Long>(
                        OUT_OF_ORDERNESS, Duration.ofSeconds(1), Duration.ofSeconds(10), clock);
        Valve valve = new Valve();
        WatermarkToDataOutput out = valve.channel(0);
        valve.channel(1).markIdle();
        for (long t = DAY0; t < DAY0 + 12 * STEP; t += STEP) {
            split.onEvent(t, t, out);
        }
        emit(split, out, 10);
        assertThat(valve.watermark)
                .as("quiet for 1 s (watermark.idleness), well within the 10 s hold")
                .isEqualTo(DAY0 + 11 * STEP - OUT_OF_ORDERNESS.toMillis() - 1);
    }

    /**
     * The twelfth tester's finding: an idle split's every periodic emit sent its unchanged
     * watermark, which marks the split active in the source's per-split bookkeeping ({@link
     * WatermarkOutputMultiplexer}), and then marked it idle again, so Flink logged "Marking split
     * not idle" and "Marking split idle" five times a second for each idle split.
     */
    @Test
    void anIdleSplitStaysIdleBetweenPeriods() throws Exception {
        var split = held();
        Valve valve = new Valve();
        valve.channel(1).markIdle();
        var splits = new WatermarkOutputMultiplexer(valve.channel(0));
        List<Boolean> idleChanges = new ArrayList<>();
        splits.registerNewOutput(
                "partition-0",
                new WatermarkOutputMultiplexer.WatermarkUpdateListener() {
                    @Override
                    public void onWatermarkUpdate(long watermark) {}

                    @Override
                    public void onIdleUpdate(boolean idle) {
                        // as the source operator logs it: changes only
                        if (idleChanges.isEmpty()
                                || idleChanges.get(idleChanges.size() - 1) != idle) {
                            idleChanges.add(idle);
                        }
                    }
                });
        WatermarkOutput out = splits.getDeferredOutput("partition-0");
        for (long t = DAY0; t < DAY0 + 12 * STEP; t += STEP) {
            split.onEvent(t, t, out);
        }
        Runnable period =
                () -> {
                    now[0] += PERIOD;
                    split.onPeriodicEmit(out);
                    splits.onPeriodicEmit();
                };
        for (int i = 0; i < 6 * 60 * 1_000 / PERIOD; i++) {
            period.run();
        }
        assertThat(idleChanges)
                .as("read for a moment, then quiet for six minutes")
                .containsExactly(false, true);
        assertThat(valve.watermark).isEqualTo(DAY0 + 11 * STEP - OUT_OF_ORDERNESS.toMillis() - 1);

        split.onEvent(DAY0 + 12 * STEP, DAY0 + 12 * STEP, out);
        period.run();
        assertThat(idleChanges)
                .as("active again with its next record")
                .containsExactly(false, true, false);
    }

    /**
     * The ninth tester's finding: a malformed record (a dead letter, whose event time the job's
     * timestamp assigner gives as {@link Long#MIN_VALUE}) read first after a start or an idle spell
     * took the watermark to the end of time ({@code MIN_VALUE - outOfOrderness - 1} wrapped round),
     * so every window fired, every entity was released and every later sample was late.
     */
    @Test
    void aRecordWithoutEventTimeMovesNoWatermark() throws Exception {
        var split = held();
        Valve valve = new Valve();
        WatermarkToDataOutput out = valve.channel(0);
        valve.channel(1).markIdle();
        split.onEvent(0L, Long.MIN_VALUE, out);
        emit(split, out, 100);
        assertThat(valve.watermark).as("only a dead letter read").isEqualTo(Long.MIN_VALUE);

        split.onEvent(DAY0, DAY0, out);
        split.onEvent(0L, Long.MIN_VALUE, out);
        split.onEvent(DAY0 + STEP, DAY0 + STEP, out);
        emit(split, out, 100);
        assertThat(valve.watermark)
                .as("a dead letter among samples")
                .isEqualTo(DAY0 + STEP - OUT_OF_ORDERNESS.toMillis() - 1);
    }

    /** A split's generator as the job makes it, held 10 s on resuming. */
    private ResumeHeldWatermarks<Long> held() {
        return new ResumeHeldWatermarks<>(
                OUT_OF_ORDERNESS, IDLENESS, Duration.ofSeconds(10), clock);
    }

    /** {@code periods} periodic emits of {@code split}, 200 ms apart. */
    private void emit(WatermarkGenerator<Long> split, WatermarkToDataOutput out, int periods) {
        for (int i = 0; i < periods; i++) {
            now[0] += PERIOD;
            split.onPeriodicEmit(out);
        }
    }

    /** The outcome of a replay. */
    private record Replay(Valve valve, int late) {}

    /**
     * Steady for an hour, idle for two minutes, then a day into each split, one after the other.
     */
    private Replay replay(WatermarkGenerator<Long> first, WatermarkGenerator<Long> second)
            throws Exception {
        Valve valve = new Valve();
        WatermarkToDataOutput out0 = valve.channel(0);
        WatermarkToDataOutput out1 = valve.channel(1);
        for (long t = DAY0 - Duration.ofHours(1).toMillis(); t < DAY0; t += STEP) {
            first.onEvent(t, t, out0);
            second.onEvent(t, t, out1);
            tick(first, out0, second, out1, PERIOD);
        }
        tick(first, out0, second, out1, Duration.ofMinutes(2).toMillis());
        // one split's day read in 3.5 s, the other's in the next 3.5 s
        long each = 3_500 / 288;
        for (long t = DAY0; t < DAY1; t += STEP) {
            first.onEvent(t, t, out0);
            tick(first, out0, second, out1, each);
        }
        int late = 0;
        for (long t = DAY0; t < DAY1; t += STEP) {
            if (t - t % STEP + STEP - 1 <= valve.watermark) {
                late++;
            }
            second.onEvent(t, t, out1);
            tick(first, out0, second, out1, each);
        }
        tick(first, out0, second, out1, 15_000);
        return new Replay(valve, late);
    }

    /** Lets {@code millis} pass, with the periodic emits every 200 ms. */
    private void tick(
            WatermarkGenerator<Long> a,
            WatermarkToDataOutput outA,
            WatermarkGenerator<Long> b,
            WatermarkToDataOutput outB,
            long millis) {
        long end = now[0] + millis;
        while (now[0] < end) {
            long next = (now[0] / PERIOD + 1) * PERIOD;
            now[0] = Math.min(next, end);
            if (now[0] == next) {
                a.onPeriodicEmit(outA);
                b.onPeriodicEmit(outB);
            }
        }
    }

    /** The window operator's input: a valve over two channels, and the watermark it let through. */
    private static final class Valve extends WatermarksOnly {
        private final StatusWatermarkValve valve = new StatusWatermarkValve(2);
        private long watermark = Long.MIN_VALUE;

        /** What a source subtask's output sends down channel {@code channel}. */
        WatermarkToDataOutput channel(int channel) {
            Valve downstream = this;
            return new WatermarkToDataOutput(
                    new WatermarksOnly() {
                        @Override
                        public void emitWatermark(Watermark w) throws Exception {
                            valve.inputWatermark(w, channel, downstream);
                        }

                        @Override
                        public void emitWatermarkStatus(WatermarkStatus s) throws Exception {
                            valve.inputWatermarkStatus(s, channel, downstream);
                        }
                    });
        }

        @Override
        public void emitWatermark(Watermark w) {
            watermark = Math.max(watermark, w.getTimestamp());
        }
    }

    /** A data output that only watermarks and their status reach; the rest is dropped. */
    private abstract static class WatermarksOnly
            implements PushingAsyncDataInput.DataOutput<Object> {
        @Override
        public void emitRecord(StreamRecord<Object> r) {}

        @Override
        public void emitWatermarkStatus(WatermarkStatus s) throws Exception {}

        @Override
        public void emitLatencyMarker(LatencyMarker m) {}

        @Override
        public void emitRecordAttributes(RecordAttributes a) {}

        @Override
        public void emitWatermark(WatermarkEvent w) {}
    }
}
