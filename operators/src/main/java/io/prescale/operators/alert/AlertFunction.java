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
 * Second step of the alerts, keyed by entity: a raise from {@link AlertRaiseFunction} becomes an
 * {@link Alert} unless one of the same kind and as severe or more was sent for the entity within
 * the suppression window ({@link AlertGate#suppressed}): a WARNING is suppressed by any alert of
 * its kind, a CRITICAL only by a CRITICAL, so an event that escalates is not hidden behind the
 * warning of its first point. State: when each kind last alerted, and last alerted CRITICAL (key
 * {@code <kind>/CRITICAL}), living {@code ttl} after its last update (processing time). Counts
 * {@code alertsRaised} and {@code alertsSuppressed}.
 */
public final class AlertFunction extends KeyedProcessFunction<String, AnomalyScore, Alert> {
    private final AlertSettings settings;
    private final Duration ttl;
    private transient AlertGate gate;
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
        MapStateDescriptor<String, Long> l =
                new MapStateDescriptor<>("last-alert", Types.STRING, Types.LONG);
        l.enableTimeToLive(StateTtlConfig.newBuilder(ttl).build());
        lastAlert = getRuntimeContext().getMapState(l);
        alerts = getRuntimeContext().getMetricGroup().counter("alertsRaised");
        suppressed = getRuntimeContext().getMetricGroup().counter("alertsSuppressed");
    }

    @Override
    public void processElement(AnomalyScore s, Context ctx, Collector<Alert> out) throws Exception {
        String kind = s.kind().name();
        String critical = kind + "/" + Severity.CRITICAL;
        boolean isCritical = gate.critical(s.score());
        long t = s.time().toEpochMilli();
        if (gate.suppressed(lastAlert.get(isCritical ? critical : kind), t)) {
            suppressed.inc();
            return;
        }
        putLatest(kind, t);
        if (isCritical) {
            putLatest(critical, t);
        }
        alerts.inc();
        out.collect(alert(s, isCritical));
    }

    private static double bound(double bound, double observed) {
        if (!Double.isFinite(bound)) {
            return observed;
        }
        return Math.abs(bound) < 1e-12 * Math.abs(observed) ? 0 : bound;
    }

    /** Keeps the later of the time remembered under {@code key} and {@code t}. */
    private void putLatest(String key, long t) throws Exception {
        Long before = lastAlert.get(key);
        lastAlert.put(key, before == null ? t : Math.max(before, t));
    }

    /**
     * The alert; a bound a detector left open (not finite) reads as the observed value, and one
     * below 10⁻¹² of the observed value as 0 (a series of zeros' range came out as 2.4e-30, which a
     * pager showed as "expected at most 2.4e-30 bytes").
     */
    private Alert alert(AnomalyScore s, boolean critical) {
        double a = bound(s.expectedLower(), s.observed());
        double b = bound(s.expectedUpper(), s.observed());
        return new Alert(
                s.entity() + "/" + s.metric() + "/" + s.kind() + "/" + s.time().toEpochMilli(),
                s.entity(),
                s.metric(),
                s.kind(),
                critical ? Severity.CRITICAL : Severity.WARNING,
                Math.max(0, Math.min(1, s.score())),
                s.observed(),
                Math.min(a, b),
                Math.max(a, b),
                s.time());
    }
}
