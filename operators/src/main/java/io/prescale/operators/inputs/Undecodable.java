package io.prescale.operators.inputs;

import io.prescale.model.DeadLetter;
import io.prescale.model.RawRecord;
import io.prescale.model.RecordKeys;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.OutputTag;

/**
 * A decoder of one of the side inputs (actuation results, feedback, overrides): what it rejects
 * goes to {@link #DEAD_LETTERS} and is counted ({@code recordsDeadLettered}, as the samples' dead
 * letters are).
 */
public abstract class Undecodable<T> extends ProcessFunction<RawRecord, T> {
    /** Where the decoders put what they reject. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("undecodable", TypeInformation.of(DeadLetter.class));

    private transient Counter deadLettered;

    @Override
    public void open(OpenContext openContext) {
        deadLettered = getRuntimeContext().getMetricGroup().counter("recordsDeadLettered");
    }

    /** The record's key as UTF-8 text, or null when it has none. */
    protected static String key(RawRecord raw) {
        return RecordKeys.text(raw.key());
    }

    /** Sends {@code raw}, kept whole, to {@link #DEAD_LETTERS} with {@code reason}. */
    protected final void reject(Context ctx, RawRecord raw, String reason) {
        deadLettered.inc();
        Instant now = Instant.ofEpochMilli(ctx.timerService().currentProcessingTime());
        ctx.output(DEAD_LETTERS, DeadLetter.of(raw, reason, now));
    }
}
