package io.prescale.operators.alert;

import io.prescale.ml.alert.AlertGate;
import io.prescale.ml.alert.AlertSettings;
import io.prescale.model.Alert;
import io.prescale.model.Severity;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by entity: turns per-point anomaly scores into {@link Alert}s with hysteresis per (metric,
 * kind) and suppression per kind ({@link AlertGate}). State: whether each (metric, kind) is raised
 * and when each kind last alerted, living {@code ttl} after its last update (processing time).
 * Counts {@code alertsRaised} and {@code alertsSuppressed}.
 */
public final class AlertFunction extends KeyedProcessFunction<String, AnomalyScore, Alert> {
    private final AlertSettings settings;
    private final Duration ttl;
    private transient AlertGate gate;
    private transient MapState<String, Boolean> raised;
    private transient MapState<String, Long> lastAlert;
    private transient Counter alerts;
    private transient Counter suppressed;

    public AlertFunction(AlertSettings settings, Duration ttl) {
        this.settings = settings;
        this.ttl = ttl;
    }

    @Override
    public void open(OpenContext ctx) {
        gate = new AlertGate(settings);
        StateTtlConfig expiry = StateTtlConfig.newBuilder(ttl).build();
        MapStateDescriptor<String, Boolean> r =
                new MapStateDescriptor<>("raised", Types.STRING, Types.BOOLEAN);
        r.enableTimeToLive(expiry);
        MapStateDescriptor<String, Long> l =
                new MapStateDescriptor<>("last-alert", Types.STRING, Types.LONG);
        l.enableTimeToLive(expiry);
        raised = getRuntimeContext().getMapState(r);
        lastAlert = getRuntimeContext().getMapState(l);
        alerts = getRuntimeContext().getMetricGroup().counter("alertsRaised");
        suppressed = getRuntimeContext().getMetricGroup().counter("alertsSuppressed");
    }

    @Override
    public void processElement(AnomalyScore s, Context ctx, Collector<Alert> out) throws Exception {
        String series = s.metric() + "|" + s.kind();
        String kind = s.kind().name();
        long t = s.time().toEpochMilli();
        boolean up = Boolean.TRUE.equals(raised.get(series));
        switch (gate.decide(up, lastAlert.get(kind), s.score(), t)) {
            case ALERT -> {
                raised.put(series, true);
                lastAlert.put(kind, t);
                alerts.inc();
                out.collect(alert(s));
            }
            case SUPPRESSED -> {
                raised.put(series, true);
                suppressed.inc();
            }
            case CLEARED -> raised.remove(series);
            case NONE -> {}
        }
    }

    /** The alert; a bound a detector left open (not finite) reads as the observed value. */
    private Alert alert(AnomalyScore s) {
        double a = Double.isFinite(s.expectedLower()) ? s.expectedLower() : s.observed();
        double b = Double.isFinite(s.expectedUpper()) ? s.expectedUpper() : s.observed();
        return new Alert(
                s.entity() + "/" + s.metric() + "/" + s.kind() + "/" + s.time().toEpochMilli(),
                s.entity(),
                s.metric(),
                s.kind(),
                gate.critical(s.score()) ? Severity.CRITICAL : Severity.WARNING,
                Math.max(0, Math.min(1, s.score())),
                s.observed(),
                Math.min(a, b),
                Math.max(a, b),
                s.time());
    }
}
