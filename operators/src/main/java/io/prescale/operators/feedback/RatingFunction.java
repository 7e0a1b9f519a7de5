package io.prescale.operators.feedback;

import io.prescale.model.DeadLetter;
import io.prescale.model.Feedback;
import io.prescale.model.Forecast;
import io.prescale.model.JsonCodec;
import io.prescale.operators.window.SeriesKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Per (entity, metric): remembers the one-step forecasts of the last {@code capacity} steps ({@link
 * ForecastMemory}, 2 bytes each) and records each rating from {@code prescale.feedback} against the
 * forecast issued at the time it names ({@link RatedForecast}). A rating of a forecast that is not
 * made yet (its time is ahead of the event time, as in a replay whose ratings were sent up front)
 * waits for it in keyed state until that forecast arrives, or event time passes its time (recorded
 * as the forecast arrives, because event time may pass many steps at once, more than the memory
 * holds, as in a fast replay); a rating of a forecast not remembered (too old, never made) is
 * dead-lettered with the reason and counted ({@code ratingsUnmatched}). The memory lives for {@code
 * ttl} after the series' last forecast.
 */
public final class RatingFunction
        extends KeyedCoProcessFunction<SeriesKey, Forecast, Feedback.Rating, RatedForecast> {
    public static final OutputTag<DeadLetter> UNMATCHED =
            new OutputTag<>("unmatched-ratings", TypeInformation.of(DeadLetter.class));

    private final int capacity;
    private final Duration ttl;
    private transient ValueState<ForecastMemory> memory;
    private transient ListState<Feedback.Rating> waiting;
    private transient ValueState<Long> earliestWaiting;
    private transient Counter recorded;
    private transient Counter unmatched;

    /**
     * @param capacity forecasts remembered per series, &ge; 1
     * @param ttl how long a series' memory lives after its last forecast
     */
    public RatingFunction(int capacity, Duration ttl) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
        }
        this.capacity = capacity;
        this.ttl = ttl;
    }

    @Override
    public void open(OpenContext ctx) {
        ValueStateDescriptor<ForecastMemory> d =
                new ValueStateDescriptor<>("forecasts", TypeInformation.of(ForecastMemory.class));
        d.enableTimeToLive(StateTtlConfig.newBuilder(ttl).build());
        memory = getRuntimeContext().getState(d);
        waiting =
                getRuntimeContext()
                        .getListState(
                                new ListStateDescriptor<>(
                                        "waiting-ratings",
                                        TypeInformation.of(Feedback.Rating.class)));
        earliestWaiting =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>("earliest-waiting-rating", Long.class));
        recorded = getRuntimeContext().getMetricGroup().counter("ratingsRecorded");
        unmatched = getRuntimeContext().getMetricGroup().counter("ratingsUnmatched");
    }

    @Override
    public void processElement1(Forecast f, Context ctx, Collector<RatedForecast> out)
            throws Exception {
        if (f.horizon() != 1) {
            return;
        }
        ForecastMemory m = memory.value();
        memory.update((m == null ? ForecastMemory.empty(capacity) : m).plus(f));
        Long earliest = earliestWaiting.value();
        if (earliest != null && earliest <= f.issuedAt().toEpochMilli()) {
            recordWaiting(f.issuedAt().toEpochMilli(), ctx, out);
        }
    }

    @Override
    public void processElement2(Feedback.Rating r, Context ctx, Collector<RatedForecast> out)
            throws Exception {
        long at = r.forecastIssuedAt().toEpochMilli();
        if (at > ctx.timerService().currentWatermark()) {
            waiting.add(r);
            Long earliest = earliestWaiting.value();
            earliestWaiting.update(earliest == null ? at : Math.min(earliest, at));
            ctx.timerService().registerEventTimeTimer(at);
            return;
        }
        record(r, ctx, out);
    }

    @Override
    public void onTimer(long time, OnTimerContext ctx, Collector<RatedForecast> out)
            throws Exception {
        recordWaiting(time, ctx, out);
    }

    /** Records the waiting ratings of forecasts issued at or before {@code upTo}. */
    private void recordWaiting(long upTo, Context ctx, Collector<RatedForecast> out)
            throws Exception {
        List<Feedback.Rating> later = new ArrayList<>();
        long earliest = Long.MAX_VALUE;
        for (Feedback.Rating r : waiting.get()) {
            long at = r.forecastIssuedAt().toEpochMilli();
            if (at <= upTo) {
                record(r, ctx, out);
            } else {
                later.add(r);
                earliest = Math.min(earliest, at);
            }
        }
        if (later.isEmpty()) {
            waiting.clear();
            earliestWaiting.clear();
        } else {
            waiting.update(later);
            earliestWaiting.update(earliest);
        }
    }

    private void record(Feedback.Rating r, Context ctx, Collector<RatedForecast> out)
            throws Exception {
        ForecastMemory m = memory.value();
        long at = r.forecastIssuedAt().toEpochMilli();
        double mean = m == null ? Double.NaN : m.meanIssuedAt(at);
        if (Double.isNaN(mean)) {
            unmatched.inc();
            ctx.output(UNMATCHED, unmatched(r, ctx.timerService().currentProcessingTime()));
            return;
        }
        recorded.inc();
        out.collect(
                new RatedForecast(
                        r.entity(),
                        r.metric(),
                        r.forecastIssuedAt(),
                        Instant.ofEpochMilli(at + m.stepMillis()),
                        mean,
                        m.model(),
                        r.score(),
                        r.comment()));
    }

    private DeadLetter unmatched(Feedback.Rating r, long nowMillis) {
        return new DeadLetter(
                r.entity().getBytes(StandardCharsets.UTF_8),
                JsonCodec.encode(r),
                "feedback",
                -1,
                -1,
                "rating of a forecast not remembered: no forecast of "
                        + r.metric()
                        + " for "
                        + r.entity()
                        + " issued at "
                        + r.forecastIssuedAt()
                        + " among the last "
                        + capacity,
                Instant.ofEpochMilli(nowMillis));
    }
}
