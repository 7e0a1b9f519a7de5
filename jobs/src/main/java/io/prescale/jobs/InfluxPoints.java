package io.prescale.jobs;

import io.prescale.connectors.influx.EntityTags;
import io.prescale.model.ActuationResult;
import io.prescale.model.Alert;
import io.prescale.model.Forecast;
import io.prescale.model.ScaleCommand;
import io.prescale.model.WindowAggregate;
import io.prescale.operators.capacity.GrantRecord;
import io.prescale.operators.capacity.PoolUsage;
import java.io.Serializable;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.influxdb.dto.Point;

/**
 * How the jobs' outputs look in InfluxDB (the schema the dashboards query). Every point carries the
 * entity as tag {@code entity}, or past the cardinality bound as {@code entity_bucket} tag plus
 * {@code entity_name} field (see {@link EntityTags}).
 *
 * <ul>
 *   <li>{@code metric}: tag metric; fields count, mean, max, p95; time = window start.
 *   <li>{@code forecast}: tags metric, model, horizon; field mean and {@code q<level>} per quantile
 *       (e.g. {@code q0.99}); time = the time the forecast is for.
 *   <li>{@code command}: tags resource, action; fields target, previous, version, confidence, tier,
 *       reason; time = issued at.
 *   <li>{@code actuation}: tags resource, status, backend; fields amount, version, detail.
 *   <li>{@code alert}: tags metric, kind, severity; fields score, observed, lower, upper.
 *   <li>{@code allocation}: tags resource, pool, reason; fields requested, granted, speculative,
 *       tier, quantile_level, confidence; time = the needed-by time of the step.
 *   <li>{@code pool} (no entity): tags pool, resource, tier ({@code all} for the pool's totals);
 *       fields capacity (absent when unlimited), requested, granted, denied, and shadow on the
 *       {@code all} row; time = the arbitration step.
 * </ul>
 */
public final class InfluxPoints implements Serializable {
    private final EntityTags entities;

    public InfluxPoints(EntityTags entities) {
        this.entities = entities;
    }

    private Point.Builder at(String measurement, Instant time, String entity) {
        return entities.tag(
                Point.measurement(measurement).time(time.toEpochMilli(), TimeUnit.MILLISECONDS),
                entity);
    }

    public Point window(WindowAggregate w) {
        return at("metric", w.windowStart(), w.entity())
                .tag("metric", w.metric())
                .addField("count", w.count())
                .addField("mean", w.mean())
                .addField("max", w.max())
                .addField("p95", w.p95())
                .build();
    }

    public Point forecast(Forecast f) {
        Point.Builder p =
                at("forecast", f.target(), f.entity())
                        .tag("metric", f.metric())
                        .tag("model", f.model())
                        .tag("horizon", Integer.toString(f.horizon()))
                        .addField("mean", f.mean());
        f.quantiles().forEach((q, v) -> p.addField("q" + q, v));
        return p.build();
    }

    public Point command(ScaleCommand c) {
        return at("command", c.issuedAt(), c.entity())
                .tag("resource", c.resource())
                .tag("action", c.action().name())
                .addField("target", c.targetAmount())
                .addField("previous", c.previousAmount())
                .addField("version", c.version())
                .addField("confidence", c.confidence())
                .addField("tier", c.tier())
                .addField("reason", c.reason())
                .build();
    }

    public Point actuation(ActuationResult r) {
        return at("actuation", r.time(), r.entity())
                .tag("resource", r.resource())
                .tag("status", r.status().name())
                .tag("backend", r.backend())
                .addField("amount", r.appliedAmount())
                .addField("version", r.version())
                .addField("detail", r.detail())
                .build();
    }

    public Point alert(Alert a) {
        return at("alert", a.time(), a.entity())
                .tag("metric", a.metric())
                .tag("kind", a.kind().name())
                .tag("severity", a.severity().name())
                .addField("score", a.score())
                .addField("observed", a.observed())
                .addField("lower", a.expectedLower())
                .addField("upper", a.expectedUpper())
                .build();
    }

    public Point allocation(GrantRecord g) {
        return at("allocation", g.neededBy(), g.entity())
                .tag("resource", g.resource())
                .tag("pool", g.pool())
                .tag("reason", g.reason().name())
                .addField("requested", g.requested())
                .addField("granted", g.granted())
                .addField("speculative", g.speculative())
                .addField("tier", g.tier())
                .addField("quantile_level", g.quantileLevel())
                .addField("confidence", g.confidence())
                .build();
    }

    public Point pool(PoolUsage u) {
        Point.Builder p =
                Point.measurement("pool")
                        .time(u.time().toEpochMilli(), TimeUnit.MILLISECONDS)
                        .tag("pool", u.pool())
                        .tag("resource", u.resource())
                        .tag("tier", u.tier())
                        .addField("requested", u.requested())
                        .addField("granted", u.granted())
                        .addField("denied", u.denied());
        if (u.capacity() != null) {
            p.addField("capacity", u.capacity());
        }
        if (u.shadow() != null) {
            p.addField("shadow", u.shadow());
        }
        return p.build();
    }
}
