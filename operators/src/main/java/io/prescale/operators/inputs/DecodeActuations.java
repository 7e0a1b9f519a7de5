package io.prescale.operators.inputs;

import io.prescale.model.ActuationResult;
import io.prescale.model.InvalidRecordException;
import io.prescale.model.JsonCodec;
import io.prescale.model.RawRecord;
import io.prescale.model.RecordKeys;
import io.prescale.model.SampleParser;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.util.Collector;

/**
 * Decodes {@code prescale.actuations}; what does not decode goes to {@link
 * Undecodable#DEAD_LETTERS} with the reason, as does a result whose key is not its entity (the
 * topic is keyed by entity; the result would be read in another partition's order than its entity's
 * other results, as on {@code .feedback}, {@code .config} and {@code .commands}), and one whose
 * amount is beyond what the job reads ({@link ActuationResult#requireReadable}), or whose time lies
 * more than {@code parser.max-future-skew} after the wall clock (the actuator stamps a result when
 * it has applied the command: one dated 2099 would be the ledger's latest point in InfluxDB until
 * then). A result without a key is taken as its entity's.
 */
public final class DecodeActuations extends Undecodable<ActuationResult> {
    private final Duration maxFutureSkew;

    /**
     * @param maxFutureSkew how far after the wall clock a result's time may lie; null turns the
     *     check off
     */
    public DecodeActuations(Duration maxFutureSkew) {
        this.maxFutureSkew = maxFutureSkew;
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<ActuationResult> out) {
        try {
            ActuationResult r =
                    JsonCodec.decode(raw.value(), ActuationResult.class).requireReadable();
            RecordKeys.requireOwn(key(raw), "entity", r.entity());
            Instant now = Instant.ofEpochMilli(ctx.timerService().currentProcessingTime());
            String after = SampleParser.afterNow(r.time(), now, maxFutureSkew);
            if (after != null) {
                throw new InvalidRecordException(
                        "time "
                                + r.time()
                                + " is "
                                + after
                                + ": a result is stamped when its command has been applied");
            }
            out.collect(r);
        } catch (InvalidRecordException e) {
            reject(ctx, raw, "bad actuation result: " + e.getMessage());
        }
    }
}
