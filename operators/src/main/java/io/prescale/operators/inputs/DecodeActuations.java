package io.prescale.operators.inputs;

import io.prescale.model.ActuationResult;
import io.prescale.model.InvalidRecordException;
import io.prescale.model.JsonCodec;
import io.prescale.model.RawRecord;
import io.prescale.model.RecordKeys;
import org.apache.flink.util.Collector;

/**
 * Decodes {@code prescale.actuations}; what does not decode goes to {@link
 * Undecodable#DEAD_LETTERS} with the reason, as does a result whose key is not its entity (the
 * topic is keyed by entity; the result would be read in another partition's order than its entity's
 * other results, as on {@code .feedback}, {@code .config} and {@code .commands}), and one whose
 * amount is beyond what the job reads ({@link ActuationResult#requireReadable}). A result without a
 * key is taken as its entity's.
 */
public final class DecodeActuations extends Undecodable<ActuationResult> {

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<ActuationResult> out) {
        try {
            ActuationResult r =
                    JsonCodec.decode(raw.value(), ActuationResult.class).requireReadable();
            RecordKeys.requireOwn(key(raw), "entity", r.entity());
            out.collect(r);
        } catch (InvalidRecordException e) {
            reject(ctx, raw, "bad actuation result: " + e.getMessage());
        }
    }
}
