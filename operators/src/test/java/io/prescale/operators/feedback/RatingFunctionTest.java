package io.prescale.operators.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.model.DeadLetter;
import io.prescale.model.Feedback;
import io.prescale.model.Forecast;
import io.prescale.operators.Harnesses;
import io.prescale.operators.window.SeriesKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class RatingFunctionTest {
    private static final Instant T = Instant.parse("2017-01-01T10:00:00Z");
    private static final int CAPACITY = 4;

    private static KeyedTwoInputStreamOperatorTestHarness<
                    SeriesKey, Forecast, Feedback.Rating, RatedForecast>
            harness(OperatorSubtaskState restore) throws Exception {
        var h =
                new KeyedTwoInputStreamOperatorTestHarness<>(
                        new KeyedCoProcessOperator<>(
                                new RatingFunction(CAPACITY, Duration.ofDays(2))),
                        (Forecast f) -> new SeriesKey(f.entity(), f.metric()),
                        (Feedback.Rating r) -> new SeriesKey(r.entity(), r.metric()),
                        TypeInformation.of(SeriesKey.class));
        return Harnesses.open(h, restore);
    }

    private static Forecast forecast(int i, double mean) {
        return new Forecast("vm", "cpu", T.plusSeconds(300L * i), 300, 1, mean, Map.of(), "m");
    }

    @Test
    void aRatingIsRecordedAgainstTheForecastIssuedAtTheTimeItNames() throws Exception {
        var h = harness(null);
        for (int i = 0; i < 6; i++) {
            h.processElement1(forecast(i, 10 + i), 0);
        }
        h.processBothWatermarks(new Watermark(T.plusSeconds(1800).toEpochMilli()));
        h.processElement2(new Feedback.Rating("vm", "cpu", T.plusSeconds(300L * 4), 2, "low"), 0);
        h.processElement2(new Feedback.Rating("vm", "cpu", T.plusSeconds(300L * 1), 5, ""), 0);
        h.processElement2(new Feedback.Rating("vm", "mem", T, 3, ""), 0);

        assertThat(h.extractOutputValues())
                .containsExactly(
                        new RatedForecast(
                                "vm",
                                "cpu",
                                T.plusSeconds(1200),
                                T.plusSeconds(1500),
                                14,
                                "m",
                                2,
                                "low"));
        assertThat(h.getSideOutput(RatingFunction.UNMATCHED))
                .extracting(r -> ((DeadLetter) r.getValue()).reason())
                .containsExactly(
                        "rating of a forecast not remembered: no forecast of cpu for vm issued at"
                                + " 2017-01-01T10:05:00Z among the last 4",
                        "rating of a forecast not remembered: no forecast of mem for vm issued at"
                                + " 2017-01-01T10:00:00Z among the last 4");
        assertThat(h.numKeyedStateEntries()).as("the memory of one series").isEqualTo(1);
        h.close();
    }

    /**
     * The memory is a ring over steps: a step without a forecast (a gap) leaves nothing to rate,
     * and the forecasts around it stay rateable with their targets one step after issue.
     */
    @Test
    void aGapIsNotRateableAndTheStepsAroundItAre() throws Exception {
        var h = harness(null);
        h.processElement1(forecast(0, 1.25), 0);
        h.processElement1(forecast(1, 2.5), 0);
        h.processElement1(forecast(3, 4.75), 0);
        h.processBothWatermarks(new Watermark(T.plusSeconds(1800).toEpochMilli()));
        for (int i = 0; i < 4; i++) {
            h.processElement2(new Feedback.Rating("vm", "cpu", T.plusSeconds(300L * i), 3, ""), 0);
        }
        assertThat(h.extractOutputValues())
                .extracting(r -> r.forecastMean() + "@" + r.target())
                .containsExactly(
                        "1.25@2017-01-01T10:05:00Z",
                        "2.5@2017-01-01T10:10:00Z",
                        "4.75@2017-01-01T10:20:00Z");
        assertThat(h.getSideOutput(RatingFunction.UNMATCHED)).hasSize(1);
        h.close();
    }

    /**
     * In a replay the ratings may come first: each waits until its forecast was made, and is
     * recorded as that forecast arrives, though event time then passes more steps at once than the
     * memory holds.
     */
    @Test
    void aRatingOfAForecastNotMadeYetWaitsForItAcrossARestore() throws Exception {
        var h = harness(null);
        h.processElement2(new Feedback.Rating("vm", "cpu", T.plusSeconds(600), 5, "spot on"), 0);
        h.processElement1(forecast(0, 7), 0);
        assertThat(h.numEventTimeTimers()).isEqualTo(1);
        OperatorSubtaskState snapshot = h.snapshot(1, 1);
        h.close();
        var restored = harness(snapshot);
        assertThat(restored.numKeyedStateEntries())
                .as("memory, the waiting rating and its time")
                .isEqualTo(3);
        for (int i = 1; i <= 2 * CAPACITY; i++) {
            restored.processElement1(forecast(i, 7 + i), 0);
        }
        restored.processBothWatermarks(
                new Watermark(T.plusSeconds(300L * 2 * CAPACITY).toEpochMilli()));
        assertThat(restored.extractOutputValues())
                .extracting(RatedForecast::forecastMean)
                .containsExactly(9.0);
        assertThat(restored.numEventTimeTimers()).isZero();
        restored.close();
    }

    @Test
    void rememberedForecastsSurviveARestore() throws Exception {
        var h = harness(null);
        h.processElement1(forecast(0, 7), 0);
        OperatorSubtaskState snapshot = h.snapshot(1, 1);
        h.close();
        var restored = harness(snapshot);
        restored.processBothWatermarks(new Watermark(T.toEpochMilli()));
        restored.processElement2(new Feedback.Rating("vm", "cpu", T, 4, "ok"), 0);
        assertThat(restored.extractOutputValues())
                .extracting(RatedForecast::forecastMean)
                .containsExactly(7.0);
        restored.close();
    }
}
