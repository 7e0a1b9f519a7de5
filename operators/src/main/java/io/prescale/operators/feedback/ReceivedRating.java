package io.prescale.operators.feedback;

import io.prescale.model.Feedback;
import io.prescale.model.RawRecord;
import io.prescale.operators.window.SeriesKey;
import java.util.Objects;

/**
 * A rating with the Kafka record it came in, so that a rating found unmatched later (its forecast
 * no longer remembered, possibly after waiting in state) is dead-lettered as received: its bytes,
 * topic, partition and offset, like every other dead letter.
 */
public record ReceivedRating(Feedback.Rating rating, RawRecord raw) {

    public ReceivedRating {
        Objects.requireNonNull(rating, "rating");
        Objects.requireNonNull(raw, "raw");
    }

    /** The series the rating is keyed by: its entity and metric. */
    public SeriesKey series() {
        return new SeriesKey(rating.entity(), rating.metric());
    }
}
