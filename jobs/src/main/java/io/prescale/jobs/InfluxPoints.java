package io.prescale.jobs;

import io.prescale.connectors.influx.EntityTags;
import io.prescale.model.ActuationResult;
import io.prescale.model.Alert;
import io.prescale.model.Forecast;
import io.prescale.model.ScaleCommand;
import io.prescale.model.WindowAggregate;
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
}
