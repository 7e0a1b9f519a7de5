package io.prescale.operators.inputs;

import io.prescale.model.ActuationResult;
import io.prescale.model.InvalidRecordException;
import io.prescale.model.JsonCodec;
import io.prescale.model.ParserConfig;
import io.prescale.model.RawRecord;
import io.prescale.model.RecordKeys;
import org.apache.flink.util.Collector;

/**
 * Decodes {@code prescale.actuations}; what does not decode goes to {@link
 * Undecodable#DEAD_LETTERS} with the reason, as does a result whose key is not its entity (the
 * topic is keyed by entity; the result would be read in another partition's order than its entity's
 * other results, as on {@code .feedback}, {@code .config} and {@code .commands}). A result without
 * a key is taken as its entity's.
 */
public final class DecodeActuations extends Undecodable<ActuationResult> {

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<ActuationResult> out) {
        try {
            ActuationResult r = JsonCodec.decode(raw.value(), ActuationResult.class);
            RecordKeys.requireOwn(key(raw), "entity", r.entity());
            requireBounded(r.appliedAmount());
            out.collect(r);
        } catch (InvalidRecordException e) {
            reject(ctx, raw, "bad actuation result: " + e.getMessage());
        }
    }

    /**
     * An applied amount within the bound of every amount read ({@link ParserConfig#VALUE_BOUND}, as
     * hints are). Checked here, where results are read, not in {@link ActuationResult} itself: the
     * actuator makes results from what its backend reports, and one it could not build would fail
     * the actuator job instead of being dead-lettered here.
     */
    private static void requireBounded(double applied) {
        if (applied > ParserConfig.VALUE_BOUND) {
            throw new InvalidRecordException(
                    "ActuationResult: appliedAmount = "
                            + applied
                            + " is out of range [0.0, "
                            + ParserConfig.VALUE_BOUND
                            + "]");
        }
    }
}
