package io.prescale.benchmarks.job;

import io.prescale.jobs.JobSettings;
import io.prescale.model.ActuationResult;
import io.prescale.model.Forecast;
import io.prescale.model.MetricPoint;
import io.prescale.model.ScaleCommand;
import io.prescale.model.WindowAggregate;
import io.prescale.operators.alert.AlertFunction;
import io.prescale.operators.alert.AlertRaiseFunction;
import io.prescale.operators.alert.AnomalyScore;
import io.prescale.operators.allocation.AllocationRequest;
import io.prescale.operators.allocation.EntityAllocationFunction;
import io.prescale.operators.allocation.EntityEvent;
import io.prescale.operators.capacity.ArbiterOperator;
import io.prescale.operators.feedback.ForecastRatings;
import io.prescale.operators.feedback.ReceivedRating;
import io.prescale.operators.forecast.SeriesForecastFunction;
import io.prescale.operators.ledger.LedgerFunction;
import io.prescale.operators.types.MetricPointSerializer;
import io.prescale.operators.window.AttachWindowFunction;
import io.prescale.operators.window.SeriesKey;
import io.prescale.operators.window.WindowAccumulator;
import io.prescale.operators.window.WindowStatsAggregate;
import java.util.List;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.triggers.EventTimeTrigger;
import org.apache.flink.streaming.runtime.operators.windowing.WindowOperatorBuilder;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;

/**
 * Test harnesses of the scaling job's keyed operators, built as {@code PredictiveScalingJob} builds
 * them from the same {@link JobSettings}, with generic types off (every state type goes through its
 * real serializer).
 */
final class StateHarnesses {
    final KeyedOneInputStreamOperatorTestHarness<SeriesKey, MetricPoint, WindowAggregate> windows;
    final KeyedTwoInputStreamOperatorTestHarness<
                    SeriesKey, WindowAggregate, ReceivedRating, Forecast>
            forecast;
    final KeyedOneInputStreamOperatorTestHarness<SeriesKey, AnomalyScore, AnomalyScore> hysteresis;
    final KeyedOneInputStreamOperatorTestHarness<String, AnomalyScore, Object> alerts;
    final KeyedBroadcastOperatorTestHarness<String, EntityEvent, ?, AllocationRequest> allocation;
    final KeyedOneInputStreamOperatorTestHarness<String, AllocationRequest, ScaleCommand> arbiter;
    final KeyedTwoInputStreamOperatorTestHarness<
                    String, ScaleCommand, ActuationResult, ScaleCommand>
            ledger;

    @SuppressWarnings({"unchecked", "rawtypes"})
    StateHarnesses(JobSettings s) throws Exception {
        TypeInformation<SeriesKey> series = TypeInformation.of(SeriesKey.class);
        ExecutionConfig config = new ExecutionConfig();
        ((SerializerConfigImpl) config.getSerializerConfig()).setGenericTypes(false);
        windows =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new WindowOperatorBuilder<>(
                                        TumblingEventTimeWindows.of(s.ingest().window()),
                                        EventTimeTrigger.create(),
                                        config,
                                        MetricPointSerializer.type(),
                                        SeriesKey::of,
                                        series)
                                .aggregate(
                                        new WindowStatsAggregate(),
                                        new AttachWindowFunction(),
                                        TypeInformation.of(WindowAccumulator.class)),
                        SeriesKey::of,
                        series);
        forecast =
                new KeyedTwoInputStreamOperatorTestHarness<>(
                        new KeyedCoProcessOperator<>(
                                new SeriesForecastFunction(
                                        s.forecast(),
                                        s.alerts(),
                                        new ForecastRatings(s.retention().forecastsPerSeries()))),
                        (WindowAggregate w) -> new SeriesKey(w.entity(), w.metric()),
                        ReceivedRating::series,
                        series);
        hysteresis =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(
                                new AlertRaiseFunction(s.alerts(), s.retention().alerts())),
                        (AnomalyScore a) -> new SeriesKey(a.entity(), a.metric()),
                        series);
        alerts =
                new KeyedOneInputStreamOperatorTestHarness(
                        new KeyedProcessOperator<>(
                                new AlertFunction(s.alerts(), s.retention().alerts())),
                        (org.apache.flink.api.java.functions.KeySelector<AnomalyScore, String>)
                                AnomalyScore::entity,
                        Types.STRING);
        allocation =
                new KeyedBroadcastOperatorTestHarness<>(
                        new CoBroadcastWithKeyedOperator<>(
                                new EntityAllocationFunction(s.allocation()),
                                List.of(EntityAllocationFunction.OVERRIDES)),
                        EntityEvent::entity,
                        Types.STRING,
                        1,
                        1,
                        0);
        arbiter =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new ArbiterOperator(s.capacity()),
                        AllocationRequest::poolKey,
                        Types.STRING);
        ledger =
                new KeyedTwoInputStreamOperatorTestHarness<>(
                        new KeyedCoProcessOperator<>(new LedgerFunction(s.retention().ledger())),
                        ScaleCommand::entity,
                        ActuationResult::entity,
                        Types.STRING);
        for (AbstractStreamOperatorTestHarness<?> h : all()) {
            ((SerializerConfigImpl) h.getExecutionConfig().getSerializerConfig())
                    .setGenericTypes(false);
            h.open();
        }
    }

    List<AbstractStreamOperatorTestHarness<?>> all() {
        return List.of(windows, forecast, hysteresis, alerts, allocation, arbiter, ledger);
    }

    List<String> names() {
        return List.of(
                "window-stats",
                "forecast",
                "alert-hysteresis",
                "alerts",
                "allocation",
                "capacity-arbiter",
                "ledger");
    }

    /** Advances event time on every input of every harness to {@code millis}. */
    void watermark(long millis) throws Exception {
        windows.processWatermark(millis);
        forecast.processBothWatermarks(new Watermark(millis));
        hysteresis.processWatermark(millis);
        alerts.processWatermark(millis);
        allocation.processWatermark(millis);
        allocation.processBroadcastWatermark(millis);
        arbiter.processWatermark(millis);
        ledger.processWatermark1(new Watermark(millis));
        ledger.processWatermark2(new Watermark(millis));
    }
}
