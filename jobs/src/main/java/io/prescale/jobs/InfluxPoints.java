package io.prescale.jobs;

import io.prescale.connectors.influx.EntityTags;
import io.prescale.model.ActuationResult;
import io.prescale.model.Alert;
import io.prescale.model.Forecast;
import io.prescale.model.ScaleCommand;
import io.prescale.model.WindowAggregate;
import io.prescale.operators.allocation.ProvisionedStep;
import io.prescale.operators.capacity.GrantRecord;
import io.prescale.operators.capacity.PoolUsage;
import io.prescale.operators.feedback.RatedForecast;
import io.prescale.operators.forecast.ForecastAccuracy;
import io.prescale.operators.ledger.LedgerEntry;
import java.io.Serializable;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.influxdb.dto.Point;

/**
 * How the jobs' outputs look in InfluxDB (the schema the dashboards query, documented in the
 * README): one mapping per measurement, over the records the jobs emit. Every point but {@code
 * pool} carries the entity as tag {@code entity}, or past the cardinality bound as {@code
 * entity_bucket} tag plus {@code entity_name} field (see {@link EntityTags}). Times are kept to the
 * millisecond, a bucketed entity's moved on by its offset of under a second; the nanoseconds within
 * the millisecond keep apart points that would share series and timestamp (see {@code at}: several
 * commands of one step, several actuation results or ledger lines of one entity within a
 * millisecond, told apart by version; several ratings of one forecast, told apart by score and
 * comment). A window's rows share its start as their time: its demand ({@code metric}), the
 * forecasts for it, their scores and its anomaly score ({@code accuracy}), its alert, and the
 * allocations for its step (needed-by), so a dashboard draws them one above the other.
 *
 * <ul>
 *   <li>{@code metric}: tag metric; fields count, mean, max, p95; time = window start.
 *   <li>{@code forecast}: tags metric, model, horizon; field mean and {@code q<level>} per quantile
 *       (e.g. {@code q0.99}); time = the start of the window the forecast is for (its target is the
 *       window's end).
 *   <li>{@code command}: tags resource, action; fields target, previous, version, confidence, tier,
 *       reason, sent (false in recommend-only mode: the command was not sent); time = issued at,
 *       nanoseconds = version mod 10^6 (one step can issue several).
 *   <li>{@code actuation}: tags resource, status, backend; fields amount, version, detail; time =
 *       applied at, nanoseconds = version mod 10^6.
 *   <li>{@code alert}: tags metric, kind, severity; fields score, observed, lower, upper; time =
 *       start of the window scored.
 *   <li>{@code allocation}: the capacity arbiter's {@link GrantRecord}: tags resource, pool, reason
 *       (a {@code GrantReason} code); fields requested, granted, speculative, tier, quantile_level,
 *       confidence; time = needed-by time of the step. A later round's grant for the same step and
 *       reason replaces the earlier one: the point is the grant in force for that step.
 *   <li>{@code provisioning}: every step of an entity's resource as its policy scored it ({@link
 *       ProvisionedStep}): tag resource; fields demand, allocated (the policy's allocation in force
 *       for the window), under (0/1: demand above it), correction (the feedback's, in the entity's
 *       demand scale); time = window start.
 *   <li>{@code accuracy}: tags metric, horizon; fields pinball_50, pinball_90, pinball_99,
 *       covered_95 and covered_99 (0/1), abs_error, observed, forecast_mean, anomaly_score (the
 *       observed value's, alerted on or not); time = start of the window the scored forecast was
 *       for ({@link ForecastAccuracy}).
 *   <li>{@code pool} (no entity): the arbiter's {@link PoolUsage}: tags pool, resource, tier
 *       ({@code all} for the pool's totals); fields capacity (absent when unlimited), requested,
 *       granted, denied, and shadow on the {@code all} row; time = the arbitration step (one round
 *       per pool and step, so no two points of a series share it).
 *   <li>{@code ledger}: the ledger's {@link LedgerEntry}: tag resource; fields commanded (absent
 *       before the job commanded the resource), applied, version (the result's), version_commanded,
 *       version_applied, status, failed, rejected (counts so far); time = time of the actuation
 *       result, nanoseconds = the result's version mod 10^6.
 *   <li>{@code rating}: a client's {@link RatedForecast}: tags metric, model ({@code unknown} when
 *       none); fields score, forecast_mean, target (epoch ms of the time the forecast was for),
 *       comment; time = when the rated forecast was issued, nanoseconds = a hash of score and
 *       comment (a replayed rating lands on its own point again).
 * </ul>
 */
public final class InfluxPoints implements Serializable {
    private static final long NANOS_PER_MILLI = 1_000_000L;
    private final EntityTags entities;

    public InfluxPoints(EntityTags entities) {
        this.entities = entities;
    }

    /** The entity tags the points are written with, for the sinks' checkpoints. */
    public EntityTags entityTags() {
        return entities;
    }

    private Point.Builder at(String measurement, Instant time, String entity) {
        return at(measurement, time, entity, 0);
    }

    /**
     * A point at {@code time} to the millisecond, plus nanoseconds that keep it apart from points
     * of the same series that would otherwise overwrite it: the bucketed entity's offset of under a
     * second ({@link EntityTags#offsetNanos}, 0 for a tagged one) plus {@code distinct} (e.g. a
     * version) modulo 10^6, so that an entity's points keep their order.
     */
    private Point.Builder at(String measurement, Instant time, String entity, long distinct) {
        Point.Builder p = entities.tag(Point.measurement(measurement), entity);
        long nanos = entities.offsetNanos(entity) + Math.floorMod(distinct, NANOS_PER_MILLI);
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
                at("forecast", windowOf(f), f.entity())
                        .tag("metric", f.metric())
                        .tag("model", f.model())
                        .tag("horizon", Integer.toString(f.horizon()))
                        .addField("mean", f.mean());
        f.quantiles().forEach((q, v) -> p.addField("q" + q, v));
        return p.build();
    }

    /** The start of the window {@code f} is for (its target is the window's end). */
    private static Instant windowOf(Forecast f) {
        return f.target().minusSeconds(f.stepSeconds());
    }

    /**
     * @param sent whether the job sends its commands to {@code prescale.commands} ({@code
     *     actuation.enabled}); false marks a recommendation
     */
    public Point command(ScaleCommand c, boolean sent) {
        return at("command", c.issuedAt(), c.entity(), c.version())
                .tag("resource", c.resource())
                .tag("action", c.action().name())
                .addField("target", c.targetAmount())
                .addField("previous", c.previousAmount())
                .addField("version", c.version())
                .addField("confidence", c.confidence())
                .addField("tier", c.tier())
                .addField("reason", c.reason())
                .addField("sent", sent)
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

    public Point provisioning(ProvisionedStep p) {
        return at("provisioning", p.window(), p.entity())
                .tag("resource", p.resource())
                .addField("demand", p.demand())
                .addField("allocated", p.allocated())
                .addField("under", p.under() ? 1 : 0)
                .addField("correction", p.correction())
                .build();
    }

    /** Pools are few and named by configuration: no entity, so no bucketing. */
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

    public Point accuracy(ForecastAccuracy a) {
        return at("accuracy", a.window(), a.entity())
                .tag("metric", a.metric())
                .tag("horizon", Integer.toString(a.horizon()))
                .addField("pinball_50", a.pinball50())
                .addField("pinball_90", a.pinball90())
                .addField("pinball_99", a.pinball99())
                .addField("covered_95", a.covered95() ? 1 : 0)
                .addField("covered_99", a.covered99() ? 1 : 0)
                .addField("abs_error", Math.abs(a.observed() - a.forecastMean()))
                .addField("observed", a.observed())
                .addField("forecast_mean", a.forecastMean())
                .addField("anomaly_score", a.anomalyScore())
                .build();
    }

    public Point ledger(LedgerEntry l) {
        Point.Builder p =
                at("ledger", l.time(), l.entity(), l.version())
                        .tag("resource", l.resource())
                        .addField("applied", l.applied())
                        .addField("version", l.version())
                        .addField("version_commanded", l.versionCommanded())
                        .addField("version_applied", l.versionApplied())
                        .addField("status", l.status().name())
                        .addField("failed", l.failed())
                        .addField("rejected", l.rejected());
        if (!Double.isNaN(l.commanded())) {
            p.addField("commanded", l.commanded());
        }
        return p.build();
    }

    public Point rating(RatedForecast r) {
        return at("rating", r.issuedAt(), r.entity(), 31L * r.score() + r.comment().hashCode())
                .tag("metric", r.metric())
                .tag("model", r.model().isEmpty() ? "unknown" : r.model())
                .addField("score", r.score())
                .addField("forecast_mean", r.forecastMean())
                .addField("target", r.target().toEpochMilli())
                .addField("comment", r.comment())
                .build();
    }
}
