package io.prescale.operators.inputs;

import io.prescale.model.Feedback;
import io.prescale.model.InvalidRecordException;
import io.prescale.model.JsonCodec;
import io.prescale.model.RawRecord;
import io.prescale.model.RecordKeys;
import io.prescale.model.SampleParser;
import io.prescale.operators.feedback.ReceivedHint;
import io.prescale.operators.feedback.ReceivedRating;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Decodes {@code prescale.feedback} and splits it by kind: hints out, ratings on {@link #RATINGS},
 * each with the record it came in (to be dead-lettered as received should a hint turn out expired
 * at its entity, or a rating match no forecast), what does not decode on {@link
 * Undecodable#DEAD_LETTERS}, as does a record whose key is not its entity (the topic is keyed by
 * entity; the record would be read in another partition's order than its entity's other feedback)
 * and a hint for a metric that no resource is allocated from (it could raise nothing, and would
 * otherwise be dropped unseen), and a rating of a forecast issued further after the wall clock than
 * {@code parser.max-future-skew} (no forecast is rated before it is made; such a rating would wait
 * in keyed state for an event time that may never come). A record without a key is taken as its
 * entity's. {@link Feedback} is a sealed interface, which Flink would only serialize generically
 * (Kryo, off in this job); its two record kinds are plain POJOs, so each travels as its own type.
 */
public final class DecodeFeedback extends Undecodable<ReceivedHint> {
    public static final OutputTag<ReceivedRating> RATINGS =
            new OutputTag<>("ratings", TypeInformation.of(ReceivedRating.class));

    private final TreeSet<String> demandMetrics;
    private final Duration maxFutureSkew;

    /**
     * @param demandMetrics the metrics the allocated resources are demanded by
     * @param maxFutureSkew how far after the wall clock a rated forecast may have been issued; null
     *     turns the check off
     */
    public DecodeFeedback(Set<String> demandMetrics, Duration maxFutureSkew) {
        this.demandMetrics = new TreeSet<>(demandMetrics);
        this.maxFutureSkew = maxFutureSkew;
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<ReceivedHint> out) {
        try {
            Feedback f = decode(raw.value(), demandMetrics);
            RecordKeys.requireOwn(key(raw), "entity", f.entity());
            if (f instanceof Feedback.Hint h) {
                out.collect(new ReceivedHint(h, raw));
            } else if (f instanceof Feedback.Rating r) {
                Instant now = Instant.ofEpochMilli(ctx.timerService().currentProcessingTime());
                String ahead = aheadOfTheClock(r, now, maxFutureSkew);
                if (ahead != null) {
                    reject(ctx, raw, "bad feedback: " + ahead);
                } else {
                    ctx.output(RATINGS, new ReceivedRating(r, raw));
                }
            }
        } catch (InvalidRecordException e) {
            reject(ctx, raw, "bad feedback: " + e.getMessage());
        }
    }

    /**
     * The feedback {@code json} as this decoder takes it (what {@code prescale send} checks before
     * it sends one).
     *
     * @param demandMetrics the metrics the allocated resources are demanded by
     * @throws InvalidRecordException naming what is wrong: the record does not decode, or it is a
     *     hint for a metric not among {@code demandMetrics}
     */
    public static Feedback decode(byte[] json, Set<String> demandMetrics) {
        Feedback f = JsonCodec.decode(json, Feedback.class);
        if (f instanceof Feedback.Hint h && !demandMetrics.contains(h.metric())) {
            throw new InvalidRecordException(
                    "a hint for metric '"
                            + h.metric()
                            + "', from which no resource is allocated (demand metrics: "
                            + String.join(", ", new TreeSet<>(demandMetrics))
                            + ")");
        }
        return f;
    }

    /**
     * Why {@code r} rates a forecast that cannot have been made yet, issued more than {@code
     * maxFutureSkew} after {@code now}, or null when it is not (or {@code maxFutureSkew} is null).
     */
    public static String aheadOfTheClock(Feedback.Rating r, Instant now, Duration maxFutureSkew) {
        String after = SampleParser.afterNow(r.forecastIssuedAt(), now, maxFutureSkew);
        return after == null
                ? null
                : "a rating of a forecast issued at "
                        + r.forecastIssuedAt()
                        + ", "
                        + after
                        + ": no forecast is rated before it is made";
    }
}
