package io.prescale.operators.feedback;

import io.prescale.model.Feedback;
import io.prescale.model.RawRecord;
import java.util.Objects;

/**
 * A hint with the Kafka record it came in, so that a hint found expired when it reaches its entity
 * is dead-lettered as received: its bytes, topic, partition and offset, like every other dead
 * letter. Only the hint itself is kept in the entity's state.
 */
public record ReceivedHint(Feedback.Hint hint, RawRecord raw) {

    public ReceivedHint {
        Objects.requireNonNull(hint, "hint");
        Objects.requireNonNull(raw, "raw");
    }
}
