package io.prescale.operators.alert;

import io.prescale.ml.alert.AlertGate;
import io.prescale.ml.alert.AlertSettings;
import io.prescale.operators.window.SeriesKey;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * First step of the alerts, keyed by (entity, metric) like the scores: hysteresis per kind ({@link
 * AlertGate#transition}); passes on only the score that raises a series, so that the entity-keyed
 * {@link AlertFunction} sees the rare raises rather than every score. A series raised by a warning
 * is raised again by a critical score before it clears (an escalation: the forty-first tester's
 * 0.285 then 1.0 alerted only the warning). State: which kinds of the series are raised, and
 * whether critically (true; a raise restored from before this distinction reads as critical, so it
 * escalates no more), living {@code ttl} after its last change (processing time).
 */
public final class AlertRaiseFunction
        extends KeyedProcessFunction<SeriesKey, AnomalyScore, AnomalyScore> {
    private final AlertSettings settings;
    private final Duration ttl;
    private transient AlertGate gate;
    private transient MapState<String, Boolean> raised;

    public AlertRaiseFunction(AlertSettings settings, Duration ttl) {
        this.settings = settings;
        this.ttl = ttl;
    }

    @Override
    public void open(OpenContext ctx) {
        gate = new AlertGate(settings);
        MapStateDescriptor<String, Boolean> d =
                new MapStateDescriptor<>("raised", Types.STRING, Types.BOOLEAN);
        d.enableTimeToLive(StateTtlConfig.newBuilder(ttl).build());
        raised = getRuntimeContext().getMapState(d);
    }

    @Override
    public void processElement(AnomalyScore s, Context ctx, Collector<AnomalyScore> out)
            throws Exception {
        String kind = s.kind().name();
        Boolean critically = raised.get(kind);
        switch (gate.transition(critically != null, s.score())) {
            case RAISED -> {
                raised.put(kind, gate.critical(s.score()));
                out.collect(s);
            }
            case CLEARED -> raised.remove(kind);
            case NONE -> {
                if (Boolean.FALSE.equals(critically) && gate.critical(s.score())) {
                    raised.put(kind, true);
                    out.collect(s);
                }
            }
        }
    }
}
