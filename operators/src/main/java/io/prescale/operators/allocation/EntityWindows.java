package io.prescale.operators.allocation;

import io.prescale.model.WindowAggregate;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;

/**
 * Turns each window into the {@link EntityEvent} of {@link EntityAllocationFunction}, with its
 * timestamp, and passes the window operator's watermarks on but never its idleness.
 *
 * <p>Why: the allocation operator's timers take the watermark to mean "every window up to here has
 * arrived" (a step with no window is a silent step, released by the gap rule). Flink leaves an idle
 * input channel out of the watermark, and a window subtask is idle whenever the metrics pause for
 * longer than {@code watermark.idleness}. When they resume, one window subtask can send its windows
 * and its new watermark before the other has announced that it is active again; the allocation
 * operator's watermark then passed the windows still on their way from the other one, and each of
 * its entities got a release chain ({@code RELEASE_DECAY no data since ...}) interleaved with the
 * decisions of those windows, which came in behind it with the next versions (tester's finding
 * after pauses while an actuator caught up). Every window subtask reads every metrics partition, so
 * none of them needs idleness to let the others advance: while all are paused, nothing is due.
 */
public final class EntityWindows extends AbstractStreamOperator<EntityEvent>
        implements OneInputStreamOperator<WindowAggregate, EntityEvent> {

    @Override
    public void processElement(StreamRecord<WindowAggregate> r) {
        output.collect(r.replace(EntityEvent.of(r.getValue())));
    }

    @Override
    public void processWatermarkStatus(WatermarkStatus status) {
        // never idle: see the class comment
    }
}
