package io.prescale.model;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;

/** Client feedback on {@code prescale.feedback}: a demand hint or a rating of a forecast. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Feedback.Hint.class, name = "hint"),
    @JsonSubTypes.Type(value = Feedback.Rating.class, name = "rating")
})
public sealed interface Feedback {

    String entity();

    /**
     * "Expect {@code amount} of {@code metric} from {@code from} to {@code to}."
     *
     * @param amount in the metric's unit, in [0, {@link ParserConfig#VALUE_BOUND}]: the metric's
     *     samples cannot be larger, and a hint becomes a command's target
     */
    record Hint(String entity, String metric, double amount, Instant from, Instant to)
            implements Feedback {
        public Hint {
            Checks.seriesName("entity", entity);
            Checks.seriesName("metric", metric);
            Checks.amount("amount", amount);
            Checks.notNull("from", from);
            Checks.notNull("to", to);
            if (!to.isAfter(from)) {
                throw new InvalidRecordException(
                        "to (" + to + ") must be after from (" + from + ")");
            }
        }
    }

    /**
     * A rating of the forecast of {@code metric} issued at {@code forecastIssuedAt}.
     *
     * @param score 1 (useless) to 5 (exact)
     * @param comment free text, at most 4,096 characters, no control character but the tab and line
     *     breaks
     */
    record Rating(String entity, String metric, Instant forecastIssuedAt, int score, String comment)
            implements Feedback {
        public Rating {
            Checks.seriesName("entity", entity);
            Checks.seriesName("metric", metric);
            Checks.notNull("forecastIssuedAt", forecastIssuedAt);
            if (score < 1 || score > 5) {
                throw new InvalidRecordException("score must be in [1, 5], was " + score);
            }
            comment = comment == null ? "" : Checks.text("comment", comment);
        }
    }
}
