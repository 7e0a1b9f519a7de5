package io.prescale.operators.inputs;

import io.prescale.model.DeadLetter;
import io.prescale.model.RawRecord;
import java.time.Instant;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.OutputTag;

/** Dead letters of the side inputs (actuation results, feedback, overrides) that do not decode. */
public final class Undecodable {
    /** Where the decoders put what they reject. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("undecodable", TypeInformation.of(DeadLetter.class));

    private Undecodable() {}

    /** Sends {@code raw}, kept whole, to {@link #DEAD_LETTERS} with {@code reason}. */
    static void reject(ProcessFunction<RawRecord, ?>.Context ctx, RawRecord raw, String reason) {
        Instant now = Instant.ofEpochMilli(ctx.timerService().currentProcessingTime());
        ctx.output(DEAD_LETTERS, DeadLetter.of(raw, reason, now));
    }
}
