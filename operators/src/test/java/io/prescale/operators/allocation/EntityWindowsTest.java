package io.prescale.operators.allocation;

import static io.prescale.operators.allocation.AllocationHarness.millis;
import static io.prescale.operators.allocation.AllocationHarness.window;
import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.ml.overrides.ScopeOverride;
import io.prescale.model.WindowAggregate;
import java.util.List;
import org.apache.flink.runtime.event.WatermarkEvent;
import org.apache.flink.streaming.api.operators.AbstractUdfStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.io.PushingAsyncDataInput;
import org.apache.flink.streaming.runtime.streamrecord.LatencyMarker;
import org.apache.flink.streaming.runtime.streamrecord.RecordAttributes;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.StatusWatermarkValve;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * {@link EntityWindows} between two window subtasks and the allocation operator, behind the
 * watermark valve of Flink's input (each window subtask one channel): after a pause of the metrics,
 * one window subtask's windows and watermark reach the allocation operator before the other's. The
 * entity whose windows come from the slower one, with a {@code max} override that clamps it, kept
 * sending; it must get no silent entity release and its requests must stay in event-time order.
 */
class EntityWindowsTest {
    private static final String CLAMPED = "vm-1023683";
    private static final String OTHER = "vm-other";
    private static final int TRAINED = 20;
    private static final int RESUMED = 6;

    @Test
    void aWindowSubtaskThatWasIdleDoesNotLetTheWatermarkPassItsWindows() throws Exception {
        try (var allocation = AllocationHarness.harness(AllocationHarness.cpuOnly(), null);
                var slow = windowSubtask();
                var fast = windowSubtask()) {
            AllocationInput input = new AllocationInput(allocation);
            allocation.processBroadcastElement(maxOverride(), 0);
            // the overrides' source is idle: it never holds event time back
            allocation.processBroadcastWatermark(Long.MAX_VALUE);
            for (int s = 0; s < TRAINED; s++) {
                step(slow, CLAMPED, s, 60 + s % 3);
                step(fast, OTHER, s, 20);
            }
            input.forward(slow, 0);
            input.forward(fast, 1);
            // the metrics pause: both window subtasks' inputs go idle
            slow.processWatermarkStatus(WatermarkStatus.IDLE);
            fast.processWatermarkStatus(WatermarkStatus.IDLE);
            input.forward(slow, 0);
            input.forward(fast, 1);
            // they resume: the fast subtask's windows and watermark arrive first
            fast.processWatermarkStatus(WatermarkStatus.ACTIVE);
            slow.processWatermarkStatus(WatermarkStatus.ACTIVE);
            for (int s = TRAINED; s < TRAINED + RESUMED; s++) {
                step(slow, CLAMPED, s, 60 + s % 3);
                step(fast, OTHER, s, 20);
            }
            input.forward(fast, 1);
            input.forward(slow, 0);

            List<AllocationRequest> clamped =
                    allocation.extractOutputValues().stream()
                            .filter(r -> r.entity().equals(CLAMPED))
                            .toList();
            assertThat(clamped)
                    .extracting(AllocationRequest::reason)
                    .noneMatch(r -> r.contains("no data since"));
            assertThat(clamped).extracting(r -> r.neededBy().toEpochMilli()).isSorted();
            assertThat(clamped).extracting(AllocationRequest::amount).contains(45.0);
            var function =
                    (EntityAllocationFunction)
                            ((AbstractUdfStreamOperator<?, ?>) allocation.getOperator())
                                    .getUserFunction();
            assertThat(function.metrics.windowsBehindWatermark.getCount()).isZero();
        }
    }

    @Test
    void windowsAndWatermarksPassWithTheirTimestampsButIdlenessDoesNot() throws Exception {
        try (var h = windowSubtask()) {
            step(h, CLAMPED, 0, 50);
            h.processWatermarkStatus(WatermarkStatus.IDLE);
            h.processWatermarkStatus(WatermarkStatus.ACTIVE);

            assertThat(h.getOutput()).noneMatch(o -> o instanceof WatermarkStatus);
            assertThat(h.extractOutputStreamRecords())
                    .singleElement()
                    .satisfies(
                            r -> {
                                assertThat(r.getTimestamp()).isEqualTo(millis(1) - 1);
                                assertThat(((EntityEvent) r.getValue()).window().max())
                                        .isEqualTo(50);
                            });
            assertThat(h.getOutput()).contains(new Watermark(millis(1) - 1));
        }
    }

    private static ScopeOverride maxOverride() {
        return new ScopeOverride(
                CLAMPED, null, 10.0, 45.0, null, null, null, null, null, null, false);
    }

    /** What a window subtask emits for step {@code s}: the window, then its watermark. */
    private static void step(
            OneInputStreamOperatorTestHarness<WindowAggregate, EntityEvent> h,
            String entity,
            int s,
            double max)
            throws Exception {
        WindowAggregate w = window(entity, "cpu_max_pct", s, max).window();
        long end = w.windowEnd().toEpochMilli();
        h.processElement(w, end - 1);
        h.processWatermark(end - 1);
    }

    /**
     * The allocation operator's input from two window subtasks, one channel each, through Flink's
     * watermark valve (which leaves an idle channel out of the watermark).
     */
    private static final class AllocationInput implements PushingAsyncDataInput.DataOutput<Object> {
        private final KeyedBroadcastOperatorTestHarness<
                        String, EntityEvent, ScopeOverride, AllocationRequest>
                allocation;
        private final StatusWatermarkValve valve = new StatusWatermarkValve(2);

        AllocationInput(
                KeyedBroadcastOperatorTestHarness<
                                String, EntityEvent, ScopeOverride, AllocationRequest>
                        allocation) {
            this.allocation = allocation;
        }

        /** Sends what {@code from} put out so far down channel {@code channel}. */
        @SuppressWarnings("unchecked")
        void forward(
                OneInputStreamOperatorTestHarness<WindowAggregate, EntityEvent> from, int channel)
                throws Exception {
            for (Object o : from.getOutput()) {
                if (o instanceof StreamRecord<?> r) {
                    allocation.processElement((StreamRecord<EntityEvent>) r);
                } else if (o instanceof Watermark w) {
                    valve.inputWatermark(w, channel, this);
                } else if (o instanceof WatermarkStatus st) {
                    valve.inputWatermarkStatus(st, channel, this);
                }
            }
            from.getOutput().clear();
        }

        @Override
        public void emitWatermark(Watermark w) throws Exception {
            allocation.processWatermark(w);
        }

        @Override
        public void emitRecord(StreamRecord<Object> r) {}

        @Override
        public void emitWatermarkStatus(WatermarkStatus st) {}

        @Override
        public void emitLatencyMarker(LatencyMarker m) {}

        @Override
        public void emitRecordAttributes(RecordAttributes a) {}

        @Override
        public void emitWatermark(WatermarkEvent w) {}
    }

    private static OneInputStreamOperatorTestHarness<WindowAggregate, EntityEvent> windowSubtask()
            throws Exception {
        var h = new OneInputStreamOperatorTestHarness<>(new EntityWindows());
        h.open();
        return h;
    }
}
