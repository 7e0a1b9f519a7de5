package io.prescale.operators.forecast;

import static io.prescale.operators.forecast.ForecastHarness.SETTINGS;
import static io.prescale.operators.forecast.ForecastHarness.SLICE;
import static io.prescale.operators.forecast.ForecastHarness.side;
import static io.prescale.operators.forecast.ForecastHarness.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prescale.model.Forecast;
import io.prescale.operators.Harnesses;
import java.time.Duration;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Snapshot and restore: an operator stopped after a day and a quarter of two real VMs and restored
 * from its snapshot (generic types off, so the state goes through {@link SeriesStateSerializer})
 * puts out exactly what one that never stopped puts out, with the same state and timers, on the
 * heap and on RocksDB (against one on the heap that never stopped: state written back through its
 * serializer at every window, as RocksDB keeps it, decides as the heap's live objects do); a
 * restore under another state shape is refused.
 */
class SeriesForecastRestoreTest {
    private static final int HALF = 360;

    @ParameterizedTest
    @ValueSource(strings = {"hashmap", "rocksdb"})
    void restoredOperatorContinuesExactly(String backend) throws Exception {
        var straight = ForecastHarness.open(SETTINGS, null, "hashmap");
        var first = ForecastHarness.open(SETTINGS, null, backend);
        for (int t = 0; t < HALF; t++) {
            step(straight, t);
            step(first, t);
        }
        int forecasts = straight.extractOutputValues().size();
        int accuracy = side(straight, SeriesForecastFunction.ACCURACY).size();
        int scores = side(straight, SeriesForecastFunction.SCORES).size();
        OperatorSubtaskState snapshot = first.snapshot(1, 1);
        first.close();
        var restored = ForecastHarness.open(SETTINGS, snapshot, backend);
        Harnesses.assertKeyedEntries(restored, 4, "state and remembered forecasts");
        assertThat(restored.numEventTimeTimers()).isEqualTo(2);
        for (int t = HALF; t < SLICE.steps(); t++) {
            step(straight, t);
            step(restored, t);
        }
        List<Forecast> all = straight.extractOutputValues();
        assertThat(restored.extractOutputValues())
                .hasSize(2 * 12 * (SLICE.steps() - HALF))
                .containsExactlyElementsOf(all.subList(forecasts, all.size()));
        var a = side(straight, SeriesForecastFunction.ACCURACY);
        assertThat(side(restored, SeriesForecastFunction.ACCURACY))
                .isNotEmpty()
                .containsExactlyElementsOf(a.subList(accuracy, a.size()));
        var s = side(straight, SeriesForecastFunction.SCORES);
        assertThat(side(restored, SeriesForecastFunction.SCORES))
                .containsExactlyElementsOf(s.subList(scores, s.size()));
        Harnesses.assertKeyedEntries(restored, 4, "state and remembered forecasts");
        assertThat(restored.numEventTimeTimers()).isEqualTo(2);
        straight.close();
        restored.close();
    }

    @Test
    void aRestoreUnderAnotherShapeIsRefused() throws Exception {
        var first = ForecastHarness.open(SETTINGS, null);
        for (int t = 0; t < 10; t++) {
            step(first, t);
        }
        OperatorSubtaskState snapshot = first.snapshot(1, 1);
        first.close();
        ForecastSettings sixHorizons =
                new ForecastSettings(
                        ForecastHarness.STEP,
                        6,
                        new double[] {0.5},
                        2,
                        WindowStatistic.MAX,
                        Duration.ofDays(1));
        assertThatThrownBy(() -> ForecastHarness.open(sixHorizons, snapshot))
                .hasStackTraceContaining("must not be incompatible")
                .hasStackTraceContaining("SeriesStateSerializer[step=300 s, H=6, lead=2");
    }
}
