package io.prescale.operators.forecast;

import static io.prescale.operators.forecast.ForecastHarness.METRIC;
import static io.prescale.operators.forecast.ForecastHarness.RATED_STEPS;
import static io.prescale.operators.forecast.ForecastHarness.SETTINGS;
import static io.prescale.operators.forecast.ForecastHarness.SLICE;
import static io.prescale.operators.forecast.ForecastHarness.put;
import static io.prescale.operators.forecast.ForecastHarness.side;
import static io.prescale.operators.forecast.ForecastHarness.start;
import static io.prescale.operators.forecast.ForecastHarness.step;
import static io.prescale.operators.forecast.ForecastHarness.watermark;
import static io.prescale.operators.forecast.ForecastHarness.window;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.withinPercentage;

import io.prescale.model.DeadLetter;
import io.prescale.model.Feedback;
import io.prescale.model.Forecast;
import io.prescale.model.JsonCodec;
import io.prescale.model.RawRecord;
import io.prescale.operators.feedback.ForecastRatings;
import io.prescale.operators.feedback.RatedForecast;
import io.prescale.operators.feedback.ReceivedRating;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * Ratings meet the one-step forecasts of their series in the forecast operator ({@link
 * ForecastRatings}): the harness's windows are those of {@link ForecastHarness}, and a rating's
 * recorded mean is the one the operator put out (kept to 16 bits, 0.1 %).
 */
class ForecastRatingsTest {
    private static final String VM = SLICE.entities().get(0);

    private static long offset;

    private static ReceivedRating rating(Instant issued, int score, String comment) {
        return received(new Feedback.Rating(VM, METRIC, issued, score, comment));
    }

    /**
     * {@code r} as it came off partition 2 of the feedback topic: spaced JSON, which no encoder
     * writes, so a dead letter shows whether it carries these bytes or a re-encoding.
     */
    private static ReceivedRating received(Feedback.Rating r) {
        String json = new String(JsonCodec.encode(r), StandardCharsets.UTF_8).replace(",", ", ");
        return new ReceivedRating(
                r,
                new RawRecord(
                        r.entity().getBytes(StandardCharsets.UTF_8),
                        json.getBytes(StandardCharsets.UTF_8),
                        "prescale.feedback",
                        2,
                        offset++,
                        0));
    }

    /** The one-step forecast of the first VM issued at {@code issued}, as put out. */
    private static Forecast issued(List<Forecast> out, Instant issued) {
        return out.stream()
                .filter(f -> f.entity().equals(VM) && f.horizon() == 1)
                .filter(f -> f.issuedAt().equals(issued))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aRatingIsRecordedAgainstTheForecastIssuedAtTheTimeItNames() throws Exception {
        var h = ForecastHarness.open(SETTINGS, null);
        for (int t = 0; t < 6; t++) {
            step(h, t);
        }
        h.processElement2(rating(start(5), 2, "low"), 0);
        ReceivedRating old = rating(start(1), 5, "");
        h.processElement2(old, 0);
        ReceivedRating otherMetric = received(new Feedback.Rating(VM, "mem_pct", start(5), 3, ""));
        h.processElement2(otherMetric, 0);

        Forecast f = issued(h.extractOutputValues(), start(5));
        List<RatedForecast> rated = side(h, ForecastRatings.RATED);
        assertThat(rated).hasSize(1);
        RatedForecast r = rated.get(0);
        assertThat(r.issuedAt()).isEqualTo(start(5));
        assertThat(r.target()).isEqualTo(start(6));
        assertThat(r.forecastMean()).isCloseTo(f.mean(), withinPercentage(0.1));
        assertThat(r.model()).isEqualTo(SeriesForecastFunction.MODEL);
        assertThat(r.score()).isEqualTo(2);
        assertThat(r.comment()).isEqualTo("low");
        assertThat(side(h, ForecastRatings.UNMATCHED))
                .extracting(DeadLetter::reason)
                .containsExactly(
                        "rating of a forecast not remembered: no forecast of cpu_max_pct for "
                                + VM
                                + " issued at "
                                + start(1)
                                + " among the last "
                                + RATED_STEPS,
                        "rating of a forecast not remembered: no forecast of mem_pct for "
                                + VM
                                + " issued at "
                                + start(5)
                                + " among the last "
                                + RATED_STEPS);
        assertThat(side(h, ForecastRatings.UNMATCHED))
                .as("dead-lettered as received")
                .extracting(
                        DeadLetter::topic,
                        DeadLetter::partition,
                        DeadLetter::offset,
                        d -> new String(d.key(), StandardCharsets.UTF_8),
                        d -> new String(d.value(), StandardCharsets.UTF_8))
                .containsExactly(
                        tuple(
                                "prescale.feedback",
                                2,
                                old.raw().offset(),
                                VM,
                                new String(old.raw().value(), StandardCharsets.UTF_8)),
                        tuple(
                                "prescale.feedback",
                                2,
                                otherMetric.raw().offset(),
                                VM,
                                new String(otherMetric.raw().value(), StandardCharsets.UTF_8)));
        h.close();
    }

    /**
     * The memory is a ring over steps: a step without a forecast (a gap) leaves nothing to rate,
     * and the forecasts around it stay rateable with their targets one step after issue.
     */
    @Test
    void aGapIsNotRateableAndTheStepsAroundItAre() throws Exception {
        var h = ForecastHarness.open(SETTINGS, null);
        for (int t : new int[] {0, 1, 3}) {
            put(h, window(0, t));
            watermark(h, start(t + 1).toEpochMilli() - 1);
        }
        watermark(h, start(5).toEpochMilli());
        for (int t = 1; t <= 4; t++) {
            h.processElement2(rating(start(t), 3, ""), 0);
        }
        assertThat(side(h, ForecastRatings.RATED))
                .extracting(RatedForecast::issuedAt, RatedForecast::target)
                .containsExactly(
                        tuple(start(1), start(2)),
                        tuple(start(2), start(3)),
                        tuple(start(4), start(5)));
        assertThat(side(h, ForecastRatings.UNMATCHED)).hasSize(1);
        h.close();
    }

    /**
     * In a replay the ratings may come first: each waits until its forecast was made, and is
     * recorded as that forecast is made, though event time then passes more steps at once than the
     * memory holds.
     */
    @Test
    void aRatingOfAForecastNotMadeYetWaitsForItAcrossARestore() throws Exception {
        var h = ForecastHarness.open(SETTINGS, null);
        h.processElement2(rating(start(2), 5, "spot on"), 0);
        put(h, window(0, 0));
        assertThat(h.numEventTimeTimers()).as("the rating's and the series' clean-up").isEqualTo(2);
        OperatorSubtaskState snapshot = h.snapshot(1, 1);
        h.close();
        var restored = ForecastHarness.open(SETTINGS, snapshot);
        for (int t = 1; t <= 2 * RATED_STEPS; t++) {
            put(restored, window(0, t));
        }
        watermark(restored, start(2 * RATED_STEPS + 1).toEpochMilli());
        Forecast f = issued(restored.extractOutputValues(), start(2));
        assertThat(side(restored, ForecastRatings.RATED))
                .extracting(RatedForecast::forecastMean)
                .singleElement()
                .satisfies(m -> assertThat(m).isCloseTo(f.mean(), withinPercentage(0.1)));
        // the rating's timer moved the clean-up to after the last window; the first clean-up timer
        // is still there, and becomes that one when it fires
        assertThat(restored.numEventTimeTimers()).as("clean-up timers").isEqualTo(2);
        restored.close();
    }

    @Test
    void rememberedForecastsSurviveARestore() throws Exception {
        var h = ForecastHarness.open(SETTINGS, null);
        step(h, 0);
        Forecast f = issued(h.extractOutputValues(), start(1));
        OperatorSubtaskState snapshot = h.snapshot(1, 1);
        h.close();
        KeyedTwoInputStreamOperatorTestHarness<?, ?, ReceivedRating, ?> restored =
                ForecastHarness.open(SETTINGS, snapshot);
        watermark(restored, start(1).toEpochMilli());
        restored.processElement2(rating(start(1), 4, "ok"), 0);
        assertThat(side(restored, ForecastRatings.RATED))
                .extracting(RatedForecast::forecastMean)
                .singleElement()
                .satisfies(m -> assertThat(m).isCloseTo(f.mean(), withinPercentage(0.1)));
        restored.close();
    }
}
