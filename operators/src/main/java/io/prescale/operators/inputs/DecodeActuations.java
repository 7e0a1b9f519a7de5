package io.prescale.operators.inputs;

import io.prescale.model.ActuationResult;
import io.prescale.model.InvalidRecordException;
import io.prescale.model.JsonCodec;
import io.prescale.model.RawRecord;
import org.apache.flink.util.Collector;

/**
 * Decodes {@code prescale.actuations}; what does not decode goes to {@link
 * Undecodable#DEAD_LETTERS} with the reason.
 */
public final class DecodeActuations extends Undecodable<ActuationResult> {

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<ActuationResult> out) {
        try {
            out.collect(JsonCodec.decode(raw.value(), ActuationResult.class));
        } catch (InvalidRecordException e) {
            reject(ctx, raw, "bad actuation result: " + e.getMessage());
        }
    }
}
