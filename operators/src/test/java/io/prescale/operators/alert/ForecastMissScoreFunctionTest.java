package io.prescale.operators.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.ml.alert.ForecastMissScore;
import io.prescale.model.WindowAggregate;
import io.prescale.operators.Harnesses;
import io.prescale.operators.window.SeriesKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class ForecastMissScoreFunctionTest {
    private static final Instant T = Instant.parse("2017-01-01T00:00:00Z");

    private static KeyedOneInputStreamOperatorTestHarness<SeriesKey, WindowAggregate, AnomalyScore>
            harness(OperatorSubtaskState restore) throws Exception {
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(
                                new ForecastMissScoreFunction(Duration.ofDays(1))),
                        (WindowAggregate w) -> new SeriesKey(w.entity(), w.metric()),
                        TypeInformation.of(SeriesKey.class));
        return Harnesses.open(h, restore);
    }

    private static WindowAggregate window(int i, double mean) {
        Instant start = T.plusSeconds(300L * i);
        return new WindowAggregate("vm", "cpu", start, start.plusSeconds(300), 1, mean, mean, mean);
    }

    private static double level(int i) {
        return 10 + (i % 2);
    }

    @Test
    void scoresAJumpHighAfterAQuietStretchAndSurvivesARestore() throws Exception {
        var straight = harness(null);
        var first = harness(null);
        for (int i = 0; i < 30; i++) {
            straight.processElement(window(i, level(i)), 0);
            first.processElement(window(i, level(i)), 0);
        }
        OperatorSubtaskState snapshot = first.snapshot(1, 1);
        first.close();
        var restored = harness(snapshot);
        assertThat(restored.numKeyedStateEntries()).isEqualTo(1);
        List<AnomalyScore> a = new ArrayList<>();
        for (var h : List.of(straight, restored)) {
            h.processElement(window(30, 40), 0);
            List<AnomalyScore> out = h.extractOutputValues();
            a.add(out.get(out.size() - 1));
        }
        assertThat(a.get(1)).isEqualTo(a.get(0));
        assertThat(a.get(0).score()).isGreaterThan(0.99);
        assertThat(a.get(0).detector()).isEqualTo(ForecastMissScore.NAME);
        assertThat(a.get(0).expectedLower()).isLessThan(11).isGreaterThan(5);
        assertThat(straight.extractOutputValues().get(20).score()).isLessThan(0.5);
        straight.close();
        restored.close();
    }
}
