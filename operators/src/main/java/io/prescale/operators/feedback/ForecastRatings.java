package io.prescale.operators.feedback;

import io.prescale.model.DeadLetter;
import io.prescale.model.Feedback;
import io.prescale.model.Forecast;
import io.prescale.operators.window.SeriesKey;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.OutputTag;

/**
 * The ratings of one series, kept by the operator that makes its forecasts (keyed by the same
 * {@link SeriesKey}), so the forecasts they rate need no task of their own: remembers the one-step
 * forecasts of the last {@code capacity} steps ({@link ForecastMemory}, 2 bytes each) and records
 * each rating from {@code prescale.feedback} against the forecast issued at the time it names
 * ({@link RatedForecast}, on {@link #RATED}). A rating of a forecast that is not made yet (its time
 * is ahead of the event time, as in a replay whose ratings were sent up front) waits for it in
 * keyed state until that forecast is made, or event time passes its time (recorded as the forecast
 * is made, because event time may pass many steps at once, more than the memory holds, as in a fast
 * replay); a rating of a forecast not remembered (too old, never made) is dead-lettered on {@link
 * #UNMATCHED} as it was received ({@link ReceivedRating}: its bytes, topic, partition and offset)
 * with the reason, and counted both as {@code ratingsUnmatched} and, as every dead letter, as
 * {@code recordsDeadLettered}. The memory goes with the series' forecasting state ({@link #forget},
 * from the series' clean-up timer), with no state TTL of its own: Flink's TTL checks a few entries
 * of the whole state at every access, which at many keys cost more than a third of the forecast
 * task's time (BENCHMARKS.md, "many keys").
 *
 * <p>Call {@link #open} from the function's {@code open}, {@link #remember} with every one-step
 * forecast, {@link #rate} with every rating and {@link #onTimer} from every timer, each with the
 * keeping function's context (its timers and side outputs).
 */
public final class ForecastRatings implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<RatedForecast> RATED =
            new OutputTag<>("rated-forecasts", TypeInformation.of(RatedForecast.class));

    public static final OutputTag<DeadLetter> UNMATCHED =
            new OutputTag<>("unmatched-ratings", TypeInformation.of(DeadLetter.class));

    private final int capacity;
    private transient ValueState<ForecastMemory> memory;
    private transient ListState<ReceivedRating> waiting;
    private transient ValueState<Long> earliestWaiting;
    private transient Counter recorded;
    private transient Counter unmatched;
    private transient Counter deadLettered;

    /**
     * @param capacity forecasts remembered per series, &ge; 1
     */
    public ForecastRatings(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
        }
        this.capacity = capacity;
    }

    /** Creates the keyed state and the counters in the keeping function's context. */
    public void open(RuntimeContext rc) {
        // a snapshot's state of this name with a TTL (before it went) restores: Flink 2.2 migrates
        memory =
                rc.getState(
                        new ValueStateDescriptor<>(
                                "forecasts", TypeInformation.of(ForecastMemory.class)));
        // named anew when it came to hold the received record: a snapshot's "waiting-ratings"
        // (ratings alone) is not read back, rather than failing the restore
        waiting =
                rc.getListState(
                        new ListStateDescriptor<>(
                                "waiting-received-ratings",
                                TypeInformation.of(ReceivedRating.class)));
        earliestWaiting =
                rc.getState(new ValueStateDescriptor<>("earliest-waiting-rating", Long.class));
        recorded = rc.getMetricGroup().counter("ratingsRecorded");
        unmatched = rc.getMetricGroup().counter("ratingsUnmatched");
        deadLettered = rc.getMetricGroup().counter("recordsDeadLettered");
    }

    /**
     * Remembers {@code f}, the series' one-step forecast, and records the ratings waiting for it.
     */
    public void remember(Forecast f, KeyedCoProcessFunction<?, ?, ?, ?>.Context ctx)
            throws Exception {
        ForecastMemory m = memory.value();
        memory.update((m == null ? ForecastMemory.empty(capacity) : m).plus(f));
        Long earliest = earliestWaiting.value();
        if (earliest != null && earliest <= f.issuedAt().toEpochMilli()) {
            recordWaiting(f.issuedAt().toEpochMilli(), ctx);
        }
    }

    /** Forgets the series' forecasts (its forecasting state was dropped); waiting ratings stay. */
    public void forget() {
        memory.clear();
    }

    /** Records {@code r}, or keeps it waiting when its forecast is ahead of the event time. */
    public void rate(ReceivedRating r, KeyedCoProcessFunction<?, ?, ?, ?>.Context ctx)
            throws Exception {
        long at = r.rating().forecastIssuedAt().toEpochMilli();
        if (at > ctx.timerService().currentWatermark()) {
            waiting.add(r);
            Long earliest = earliestWaiting.value();
            earliestWaiting.update(earliest == null ? at : Math.min(earliest, at));
            ctx.timerService().registerEventTimeTimer(at);
            return;
        }
        record(r, ctx);
    }

    /** Records the waiting ratings of forecasts issued at or before {@code time}. */
    public void onTimer(long time, KeyedCoProcessFunction<?, ?, ?, ?>.Context ctx)
            throws Exception {
        if (earliestWaiting.value() != null) {
            recordWaiting(time, ctx);
        }
    }

    private void recordWaiting(long upTo, KeyedCoProcessFunction<?, ?, ?, ?>.Context ctx)
            throws Exception {
        List<ReceivedRating> later = new ArrayList<>();
        long earliest = Long.MAX_VALUE;
        for (ReceivedRating r : waiting.get()) {
            long at = r.rating().forecastIssuedAt().toEpochMilli();
            if (at <= upTo) {
                record(r, ctx);
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

    private void record(ReceivedRating received, KeyedCoProcessFunction<?, ?, ?, ?>.Context ctx)
            throws Exception {
        Feedback.Rating r = received.rating();
        ForecastMemory m = memory.value();
        long at = r.forecastIssuedAt().toEpochMilli();
        double mean = m == null ? Double.NaN : m.meanIssuedAt(at);
        if (Double.isNaN(mean)) {
            unmatched.inc();
            deadLettered.inc();
            ctx.output(UNMATCHED, unmatched(received, ctx.timerService().currentProcessingTime()));
            return;
        }
        recorded.inc();
        ctx.output(
                RATED,
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

    private DeadLetter unmatched(ReceivedRating received, long nowMillis) {
        Feedback.Rating r = received.rating();
        return DeadLetter.of(
                received.raw(),
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
