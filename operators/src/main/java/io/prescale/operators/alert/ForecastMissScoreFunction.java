package io.prescale.operators.alert;

import io.prescale.ml.alert.ForecastMissScore;
import io.prescale.model.AlertKind;
import io.prescale.model.WindowAggregate;
import io.prescale.operators.window.SeriesKey;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * STAND-IN score source for {@link AlertFunction} until the detectors land: per (entity, metric),
 * how badly the placeholder last-value forecast missed this window's mean ({@link
 * ForecastMissScore}, detector name {@value ForecastMissScore#NAME}, kind FORECAST_MISS). Replace
 * the stream it makes with the detectors' scores; nothing else changes.
 */
public final class ForecastMissScoreFunction
        extends KeyedProcessFunction<SeriesKey, WindowAggregate, AnomalyScore> {
    private final Duration ttl;
    private transient ForecastMissScore miss;
    private transient ValueState<double[]> state;

    /**
     * @param ttl how long a series' state lives after its last window
     */
    public ForecastMissScoreFunction(Duration ttl) {
        this.ttl = ttl;
    }

    @Override
    public void open(OpenContext ctx) {
        miss = new ForecastMissScore(0.05, 3, 12);
        ValueStateDescriptor<double[]> d =
                new ValueStateDescriptor<>(
                        "miss", PrimitiveArrayTypeInfo.DOUBLE_PRIMITIVE_ARRAY_TYPE_INFO);
        d.enableTimeToLive(StateTtlConfig.newBuilder(ttl).build());
        state = getRuntimeContext().getState(d);
    }

    @Override
    public void processElement(WindowAggregate w, Context ctx, Collector<AnomalyScore> out)
            throws Exception {
        double[] st = state.value();
        st = st == null ? ForecastMissScore.empty() : st;
        double f = ForecastMissScore.forecast(st);
        double half = miss.halfWidth(st);
        double score = miss.score(st, w.mean());
        state.update(st);
        if (!Double.isNaN(f) && !Double.isNaN(score)) {
            out.collect(
                    new AnomalyScore(
                            w.entity(),
                            w.metric(),
                            AlertKind.FORECAST_MISS,
                            score,
                            w.mean(),
                            f - half,
                            f + half,
                            w.windowStart(),
                            ForecastMissScore.NAME));
        }
    }
}
