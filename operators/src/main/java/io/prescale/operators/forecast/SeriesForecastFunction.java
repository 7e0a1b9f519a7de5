package io.prescale.operators.forecast;

import io.prescale.ml.alert.AlertGate;
import io.prescale.ml.alert.AlertSettings;
import io.prescale.ml.forecast.ForecastStack;
import io.prescale.ml.series.SeriesModel;
import io.prescale.ml.series.SeriesState;
import io.prescale.ml.series.SeriesStep;
import io.prescale.model.AlertKind;
import io.prescale.model.Forecast;
import io.prescale.model.QuantileMap;
import io.prescale.model.WindowAggregate;
import io.prescale.operators.alert.AnomalyScore;
import io.prescale.operators.feedback.ForecastRatings;
import io.prescale.operators.feedback.ReceivedRating;
import io.prescale.operators.types.SharedRecordTypeInfo;
import io.prescale.operators.window.SeriesKey;
import java.time.Instant;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Per (entity, metric), keyed where its windows are computed: the series' {@link SeriesModel}
 * (forecast stack, detectors, remembered forecasts) in one {@link ValueState} of {@link
 * SeriesState} with its own serializer ({@link SeriesStateSerializer}). Each window's {@link
 * ForecastSettings#statistic()} (the maximum by default: the demand the policy allocates for)
 * updates the model, which puts out
 *
 * <ul>
 *   <li>one {@link Forecast} per horizon h = 1..H (model {@value #MODEL}, issued at the window's
 *       end, for the window h steps later, with the configured quantiles), the one-step one also
 *       remembered for the ratings;
 *   <li>on {@link #SCORES}, the value's anomaly score against the stack's one-step range ({@link
 *       AlertKind#FORECAST_MISS}, detector {@value #DETECTOR}) for the alerts, when it can move
 *       their hysteresis ({@link AlertGate}): a score at or above {@code clearBelow}, or the first
 *       one below it after one at or above it. Any other score finds its series not raised and
 *       below the raise level, so it would change nothing; most windows send none;
 *   <li>on {@link #ACCURACY}, one {@link ForecastAccuracy} per scored horizon (1 and the lead)
 *       whose forecast for this window was remembered, also summed into Flink metrics ({@link
 *       AccuracyMetrics}).
 * </ul>
 *
 * <p><b>Ratings.</b> The second input, ratings from {@code prescale.feedback} keyed by the same
 * series, meets the one-step forecasts here ({@link ForecastRatings}): rated forecasts go out on
 * {@link ForecastRatings#RATED}, ratings of forecasts not remembered on {@link
 * ForecastRatings#UNMATCHED}. Kept with the forecasts, they need no task of their own that every
 * one-step forecast would be sent to.
 *
 * <p><b>Clean-up.</b> A series' first window registers an event-time timer {@code stateTtl} after
 * it; when it fires, the state is dropped if the series has had no window for {@code stateTtl},
 * else the timer moves to {@code stateTtl} after the last window. So each live series has exactly
 * one timer, re-registered about once per TTL rather than per window.
 */
public final class SeriesForecastFunction
        extends KeyedCoProcessFunction<SeriesKey, WindowAggregate, ReceivedRating, Forecast> {
    /** The model name of the forecasts put out. */
    public static final String MODEL = ForecastStack.ENSEMBLE;

    /** The detector name of the anomaly scores put out. */
    public static final String DETECTOR = "combined";

    public static final OutputTag<ForecastAccuracy> ACCURACY =
            new OutputTag<>("forecast-accuracy", SharedRecordTypeInfo.of(ForecastAccuracy.class));

    public static final OutputTag<AnomalyScore> SCORES =
            new OutputTag<>("anomaly-scores", SharedRecordTypeInfo.of(AnomalyScore.class));

    private final ForecastSettings settings;
    private final double clearBelow;
    private final ForecastRatings ratings;
    private transient SeriesModel model;
    private transient SeriesStep step;
    private transient ValueState<SeriesState> state;
    // shared by every forecast's quantiles (QuantileMap keeps it, never changes it)
    private transient double[] levels;
    private transient double[] values;
    private transient AccuracyMetrics metrics;
    private transient long ttlMillis;

    /**
     * @param alerts the alerts' settings: scores go on only when they can move the hysteresis
     * @param ratings the ratings' memory of one-step forecasts
     */
    public SeriesForecastFunction(
            ForecastSettings settings, AlertSettings alerts, ForecastRatings ratings) {
        this.settings = settings;
        this.clearBelow = alerts.clearBelow();
        this.ratings = ratings;
    }

    @Override
    public void open(OpenContext ctx) {
        model = new SeriesModel(settings.series());
        step = model.newStep();
        state =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "series", SeriesStateSerializer.of(settings)));
        levels = settings.levels();
        values = new double[levels.length];
        metrics =
                new AccuracyMetrics(
                        getRuntimeContext().getMetricGroup(), model.config().scoredHorizons());
        ttlMillis = settings.stateTtl().toMillis();
        ratings.open(getRuntimeContext());
    }

    @Override
    public void processElement1(WindowAggregate w, Context ctx, Collector<Forecast> out)
            throws Exception {
        SeriesState s = state.value();
        if (s == null) {
            s = model.newState();
            ctx.timerService().registerEventTimeTimer(w.windowEnd().toEpochMilli() + ttlMillis);
        }
        model.update(s, w.windowStart(), settings.statistic().of(w), step);
        state.update(s);
        if (!step.updated()) {
            metrics.ignored.inc();
            return;
        }
        for (int i = 0; i < step.scoredCount(); i++) {
            if (step.scored(i)) {
                metrics.add(i, step);
                ctx.output(ACCURACY, accuracy(w, i));
            }
        }
        if (step.anomalyScore() >= clearBelow || step.previousScore() >= clearBelow) {
            ctx.output(SCORES, score(w));
        }
        forecasts(w, ctx, out);
    }

    @Override
    public void processElement2(ReceivedRating r, Context ctx, Collector<Forecast> out)
            throws Exception {
        ratings.rate(r, ctx);
    }

    /**
     * A waiting rating's time, or the series' clean-up (two timers at one time are one). A rating's
     * timer moves the clean-up like the clean-up's own does, so the series may have two clean-up
     * timers for a while; they become one when the earlier fires.
     */
    @Override
    public void onTimer(long time, OnTimerContext ctx, Collector<Forecast> out) throws Exception {
        ratings.onTimer(time, ctx);
        SeriesState s = state.value();
        if (s == null) {
            return;
        }
        long lastEnd = (s.lastEpochSeconds() + settings.step().toSeconds()) * 1000;
        if (s.updates() == 0 || lastEnd + ttlMillis <= time) {
            state.clear();
            ratings.forget();
            metrics.expired.inc();
        } else {
            ctx.timerService().registerEventTimeTimer(lastEnd + ttlMillis);
        }
    }

    private void forecasts(WindowAggregate w, Context ctx, Collector<Forecast> out)
            throws Exception {
        long stepSeconds = settings.step().toSeconds();
        Instant issued = w.windowEnd();
        for (int h = 1; h <= settings.horizons(); h++) {
            double mean = step.mean(h);
            Map<Double, Double> q = quantiles(h);
            if (Double.isFinite(mean) && q != null) {
                Forecast f =
                        new Forecast(
                                w.entity(), w.metric(), issued, stepSeconds, h, mean, q, MODEL);
                out.collect(f);
                if (h == 1) {
                    ratings.remember(f, ctx);
                }
            }
        }
    }

    /** The forecast's quantiles h steps ahead by level; null if one is not finite. */
    private Map<Double, Double> quantiles(int h) {
        for (int j = 0; j < levels.length; j++) {
            double q = step.quantile(h, j);
            if (!Double.isFinite(q)) {
                return null;
            }
            values[j] = q;
        }
        return QuantileMap.of(levels, values);
    }

    private ForecastAccuracy accuracy(WindowAggregate w, int i) {
        return new ForecastAccuracy(
                w.entity(),
                w.metric(),
                step.scoredHorizon(i),
                step.pinball(i, 0),
                step.pinball(i, 1),
                step.pinball(i, 3),
                step.covered(i, 2),
                step.covered(i, 3),
                step.observed(),
                step.issuedMean(i),
                step.anomalyScore(),
                w.windowStart());
    }

    private AnomalyScore score(WindowAggregate w) {
        return new AnomalyScore(
                w.entity(),
                w.metric(),
                AlertKind.FORECAST_MISS,
                step.anomalyScore(),
                step.observed(),
                step.expectedLower(),
                step.expectedUpper(),
                w.windowStart(),
                DETECTOR);
    }
}
