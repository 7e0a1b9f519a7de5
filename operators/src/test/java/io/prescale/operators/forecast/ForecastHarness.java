package io.prescale.operators.forecast;

import io.prescale.ml.alert.AlertSettings;
import io.prescale.ml.trace.DemandGrid;
import io.prescale.ml.trace.TraceReader;
import io.prescale.model.Forecast;
import io.prescale.model.WindowAggregate;
import io.prescale.operators.Harnesses;
import io.prescale.operators.feedback.ForecastRatings;
import io.prescale.operators.feedback.ReceivedRating;
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
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
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

    /**
     * Alert levels low enough for a two-day slice: the detectors' tails are young, so even a
     * tenfold spike scores about 0.5 (p ≈ 1e-5).
     */
    static final AlertSettings ALERTS = new AlertSettings(0.45, 0.25, 0.9, Duration.ofMinutes(30));

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

    /** One-step forecasts remembered for the ratings per series. */
    static final int RATED_STEPS = 4;

    /** Windows on the first input, ratings on the second. */
    static KeyedTwoInputStreamOperatorTestHarness<
                    SeriesKey, WindowAggregate, ReceivedRating, Forecast>
            open(ForecastSettings settings, OperatorSubtaskState restore) throws Exception {
        return open(settings, restore, Harnesses.defaultBackend());
    }

    /** As {@link #open(ForecastSettings, OperatorSubtaskState)}, on the state backend named. */
    static KeyedTwoInputStreamOperatorTestHarness<
                    SeriesKey, WindowAggregate, ReceivedRating, Forecast>
            open(ForecastSettings settings, OperatorSubtaskState restore, String backend)
                    throws Exception {
        return open(settings, ALERTS, restore, backend);
    }

    /** As {@link #open(ForecastSettings, OperatorSubtaskState)}, with {@code alerts}, fresh. */
    static KeyedTwoInputStreamOperatorTestHarness<
                    SeriesKey, WindowAggregate, ReceivedRating, Forecast>
            openWith(ForecastSettings settings, AlertSettings alerts) throws Exception {
        return open(settings, alerts, null, Harnesses.defaultBackend());
    }

    private static KeyedTwoInputStreamOperatorTestHarness<
                    SeriesKey, WindowAggregate, ReceivedRating, Forecast>
            open(
                    ForecastSettings settings,
                    AlertSettings alerts,
                    OperatorSubtaskState restore,
                    String backend)
                    throws Exception {
        var h =
                new KeyedTwoInputStreamOperatorTestHarness<>(
                        new KeyedCoProcessOperator<>(
                                new SeriesForecastFunction(
                                        settings, alerts, new ForecastRatings(RATED_STEPS))),
                        (WindowAggregate w) -> new SeriesKey(w.entity(), w.metric()),
                        ReceivedRating::series,
                        TypeInformation.of(SeriesKey.class));
        return Harnesses.open(h, restore, backend);
    }

    static Instant start(int t) {
        return SLICE.start().plus(STEP.multipliedBy(t));
    }

    /** The step at which entity 0's value is replaced by {@link #SPIKE}: an anomaly to find. */
    static final int SPIKE_AT = 450;

    static final double SPIKE = 250;

    /** The value of entity e at step t: the trace's, but {@link #SPIKE} at {@link #SPIKE_AT}. */
    static double value(int e, int t) {
        return e == 0 && t == SPIKE_AT ? SPIKE : SLICE.values()[e][t];
    }

    /** Window t of entity e as the window operator emits it: its max is {@link #value}. */
    static WindowAggregate window(int e, int t) {
        double v = value(e, t);
        return new WindowAggregate(
                SLICE.entities().get(e), METRIC, start(t), start(t + 1), 1, v / 2, v, v);
    }

    /**
     * Feeds step t of every entity (timestamped at the window's end − 1 ms), then the watermark.
     */
    static void step(
            KeyedTwoInputStreamOperatorTestHarness<
                            SeriesKey, WindowAggregate, ReceivedRating, Forecast>
                    h,
            int t)
            throws Exception {
        for (int e = 0; e < SLICE.entities().size(); e++) {
            put(h, window(e, t));
        }
        watermark(h, start(t + 1).toEpochMilli() - 1);
    }

    /** Window {@code w}, timestamped at its end − 1 ms as the window operator emits it. */
    static void put(
            KeyedTwoInputStreamOperatorTestHarness<
                            SeriesKey, WindowAggregate, ReceivedRating, Forecast>
                    h,
            WindowAggregate w)
            throws Exception {
        h.processElement1(w, w.windowEnd().toEpochMilli() - 1);
    }

    /** The windows' watermark; the ratings are idle in the job, so theirs follows. */
    static void watermark(KeyedTwoInputStreamOperatorTestHarness<?, ?, ?, ?> h, long millis)
            throws Exception {
        h.processBothWatermarks(new Watermark(millis));
    }

    static <T> List<T> side(
            KeyedTwoInputStreamOperatorTestHarness<?, ?, ?, ?> h, OutputTag<T> tag) {
        Queue<StreamRecord<T>> q = h.getSideOutput(tag);
        List<T> out = new ArrayList<>();
        if (q != null) {
            q.forEach(r -> out.add(r.getValue()));
        }
        return out;
    }
}
