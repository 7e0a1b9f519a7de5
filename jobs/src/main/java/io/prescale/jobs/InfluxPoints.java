package io.prescale.jobs;

import io.prescale.connectors.influx.EntityTags;
import io.prescale.jobs.influx.AccuracyRow;
import io.prescale.jobs.influx.AllocationRow;
import io.prescale.jobs.influx.LedgerRow;
import io.prescale.jobs.influx.PoolRow;
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
 * How the jobs' outputs look in InfluxDB (the schema the dashboards query, documented in the
 * README). Every point but {@code pool} carries the entity as tag {@code entity}, or past the
 * cardinality bound as {@code entity_bucket} tag plus {@code entity_name} field (see {@link
 * EntityTags}). Times are kept to the millisecond; the nanoseconds within it keep apart points that
 * would share series and timestamp (bucketed entities; several commands of one step, or several
 * actuation results of one entity within a millisecond, told apart by version).
 *
 * <ul>
 *   <li>{@code metric}: tag metric; fields count, mean, max, p95; time = window start.
 *   <li>{@code forecast}: tags metric, model, horizon; field mean and {@code q<level>} per quantile
 *       (e.g. {@code q0.99}); time = the time the forecast is for.
 *   <li>{@code command}: tags resource, action; fields target, previous, version, confidence, tier,
 *       reason; time = issued at, nanoseconds = version mod 10^6 (one step can issue several).
 *   <li>{@code actuation}: tags resource, status, backend; fields amount, version, detail; time =
 *       applied at, nanoseconds = version mod 10^6.
 *   <li>{@code alert}: tags metric, kind, severity; fields score, observed, lower, upper.
 *   <li>{@code allocation}: tags resource, pool, reason; fields requested, granted, speculative,
 *       tier, quantile_level, confidence; time = needed-by time of the step ({@link
 *       AllocationRow}).
 *   <li>{@code accuracy}: tags metric, horizon; fields pinball_50, pinball_90, pinball_99,
 *       covered_95 and covered_99 (0/1), abs_error, observed, forecast_mean; time = target time of
 *       the scored forecast ({@link AccuracyRow}).
 *   <li>{@code pool} (no entity): tags pool, resource, tier ({@code all} for the pool's totals);
 *       fields capacity (absent when unlimited), requested, granted, denied, and shadow on the
 *       {@code all} row; time = the arbitration step (the arbiter's {@link PoolUsage}; {@link
 *       PoolRow} for records made elsewhere).
 *   <li>{@code ledger}: tag resource; fields commanded, applied, version_commanded,
 *       version_applied, status; time = time of the actuation result ({@link LedgerRow}).
 * </ul>
 */
public final class InfluxPoints implements Serializable {
    private static final long NANOS_PER_MILLI = 1_000_000L;
    private final EntityTags entities;

    public InfluxPoints(EntityTags entities) {
        this.entities = entities;
    }

    private Point.Builder at(String measurement, Instant time, String entity) {
        return at(measurement, time, entity, 0);
    }

    /**
     * A point at {@code time} to the millisecond, whose nanoseconds within the millisecond keep it
     * apart from points of the same series that would otherwise overwrite it: the bucketed entity's
     * offset ({@link EntityTags#offsetNanos}) plus {@code distinct} (e.g. a version), modulo 10^6.
     */
    private Point.Builder at(String measurement, Instant time, String entity, long distinct) {
        Point.Builder p = entities.tag(Point.measurement(measurement), entity);
        long nanos = Math.floorMod(entities.offsetNanos(entity) + distinct, NANOS_PER_MILLI);
        return p.time(time.toEpochMilli() * NANOS_PER_MILLI + nanos, TimeUnit.NANOSECONDS);
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
        return at("command", c.issuedAt(), c.entity(), c.version())
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
        return at("actuation", r.time(), r.entity(), r.version())
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

    public Point allocation(AllocationRow a) {
        return at("allocation", a.neededBy(), a.entity())
                .tag("resource", a.resource())
                .tag("pool", a.pool())
                .tag("reason", a.reason())
                .addField("requested", a.requested())
                .addField("granted", a.granted())
                .addField("speculative", a.speculative())
                .addField("tier", a.tier())
                .addField("quantile_level", a.quantileLevel())
                .addField("confidence", a.confidence())
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

    public Point accuracy(AccuracyRow a) {
        return at("accuracy", a.target(), a.entity())
                .tag("metric", a.metric())
                .tag("horizon", Integer.toString(a.horizon()))
                .addField("pinball_50", a.pinball50())
                .addField("pinball_90", a.pinball90())
                .addField("pinball_99", a.pinball99())
                .addField("covered_95", a.covered95() ? 1 : 0)
                .addField("covered_99", a.covered99() ? 1 : 0)
                .addField("abs_error", a.absError())
                .addField("observed", a.observed())
                .addField("forecast_mean", a.forecastMean())
                .build();
    }

    /** Pools are few and named by configuration: no entity, so no bucketing. */
    public Point pool(PoolRow p) {
        return Point.measurement("pool")
                .time(p.step().toEpochMilli(), TimeUnit.MILLISECONDS)
                .tag("pool", p.pool())
                .tag("resource", p.resource())
                .tag("tier", Integer.toString(p.tier()))
                .addField("capacity", p.capacity())
                .addField("requested", p.requested())
                .addField("granted", p.granted())
                .addField("shadow", p.shadow())
                .addField("denied", p.denied())
                .build();
    }

    public Point ledger(LedgerRow l) {
        return at("ledger", l.time(), l.entity(), l.versionApplied())
                .tag("resource", l.resource())
                .addField("commanded", l.commanded())
                .addField("applied", l.applied())
                .addField("version_commanded", l.versionCommanded())
                .addField("version_applied", l.versionApplied())
                .addField("status", l.status().name())
                .build();
    }
}
