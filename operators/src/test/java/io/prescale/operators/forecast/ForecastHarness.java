package io.prescale.operators.forecast;

import io.prescale.ml.trace.DemandGrid;
import io.prescale.ml.trace.TraceReader;
import io.prescale.model.Forecast;
import io.prescale.model.WindowAggregate;
import io.prescale.operators.Harnesses;
import io.prescale.operators.window.SeriesKey;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;

/**
 * Harnesses of {@link SeriesForecastFunction} (generic types off) over the real slice in {@code
 * src/test/resources/forecast}: two Azure VMs' {@code cpu_max_pct}, two days of 5-minute windows.
 */
final class ForecastHarness {
    static final Duration STEP = Duration.ofMinutes(5);
    static final String METRIC = "cpu_max_pct";
    static final DemandGrid SLICE = slice();
    static final ForecastSettings SETTINGS = ForecastSettings.defaults(STEP, 2);

    private ForecastHarness() {}

    private static DemandGrid slice() {
        try {
            Path p =
                    Path.of(
                            ForecastHarness.class
                                    .getResource("/forecast/azure-two-vms.csv.gz")
                                    .toURI());
            return TraceReader.read(p, METRIC, STEP);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyedOneInputStreamOperatorTestHarness<SeriesKey, WindowAggregate, Forecast> open(
            ForecastSettings settings, OperatorSubtaskState restore) throws Exception {
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new SeriesForecastFunction(settings)),
                        (WindowAggregate w) -> new SeriesKey(w.entity(), w.metric()),
                        TypeInformation.of(SeriesKey.class));
        return Harnesses.open(h, restore);
    }

    static Instant start(int t) {
        return SLICE.start().plus(STEP.multipliedBy(t));
    }

    /** Window t of entity e as the window operator emits it: its max is the trace's value. */
    static WindowAggregate window(int e, int t) {
        double v = SLICE.values()[e][t];
        return new WindowAggregate(
                SLICE.entities().get(e), METRIC, start(t), start(t + 1), 1, v / 2, v, v);
    }

    /**
     * Feeds step t of every entity (timestamped at the window's end − 1 ms), then the watermark.
     */
    static void step(
            KeyedOneInputStreamOperatorTestHarness<SeriesKey, WindowAggregate, Forecast> h, int t)
            throws Exception {
        for (int e = 0; e < SLICE.entities().size(); e++) {
            WindowAggregate w = window(e, t);
            h.processElement(w, w.windowEnd().toEpochMilli() - 1);
        }
        h.processWatermark(start(t + 1).toEpochMilli() - 1);
    }

    static int keyedEntries(KeyedOneInputStreamOperatorTestHarness<?, ?, ?> h) {
        return ((HeapKeyedStateBackend<?>) h.getOperator().getKeyedStateBackend())
                .numKeyValueStateEntries();
    }

    static <T> List<T> side(KeyedOneInputStreamOperatorTestHarness<?, ?, ?> h, OutputTag<T> tag) {
        Queue<StreamRecord<T>> q = h.getSideOutput(tag);
        List<T> out = new ArrayList<>();
        if (q != null) {
            q.forEach(r -> out.add(r.getValue()));
        }
        return out;
    }
}
