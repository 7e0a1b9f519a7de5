package io.prescale.jobs;

import io.prescale.connectors.influx.EntityTags;
import io.prescale.operators.allocation.AllocationRequest;
import io.prescale.operators.feedback.RatedForecast;
import io.prescale.operators.ledger.LedgerEntry;
import java.io.Serializable;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.influxdb.dto.Point;

/**
 * InfluxDB mappings of the per-entity records of the scaling job (SCHEMA.md), kept apart from
 * {@link InfluxPoints} so that they can be handed over to it:
 *
 * <ul>
 *   <li>{@code allocation}: tags entity, resource, pool, reason (the reason's leading word only,
 *       which bounds cardinality); fields requested, speculative, floor, tier, quantile_level,
 *       confidence; time = needed-by. {@code granted} is the arbiter's to write.
 *   <li>{@code ledger}: tags entity, resource; fields commanded, applied, version_commanded,
 *       version_applied, status, failed, rejected; time = the actuation result's.
 *   <li>{@code rating}: tags entity, metric, model; fields score, forecast_mean, comment, target
 *       (epoch ms); time = when the rated forecast was issued.
 * </ul>
 */
public final class EntityInfluxPoints implements Serializable {
    private final EntityTags entities;

    public EntityInfluxPoints(EntityTags entities) {
        this.entities = entities;
    }

    private Point.Builder at(String measurement, Instant time, String entity) {
        return entities.tag(
                Point.measurement(measurement).time(time.toEpochMilli(), TimeUnit.MILLISECONDS),
                entity);
    }

    public Point allocation(AllocationRequest r) {
        int space = r.reason().indexOf(' ');
        return at("allocation", r.neededBy(), r.entity())
                .tag("resource", r.resource())
                .tag("pool", r.pool())
                .tag("reason", space < 0 ? r.reason() : r.reason().substring(0, space))
                .addField("requested", r.amount())
                .addField("speculative", r.speculative())
                .addField("floor", r.floor())
                .addField("tier", r.tier())
                .addField("quantile_level", r.quantileLevel())
                .addField("confidence", r.confidence())
                .build();
    }

    public Point ledger(LedgerEntry l) {
        Point.Builder p =
                at("ledger", l.time(), l.entity())
                        .tag("resource", l.resource())
                        .addField("applied", l.applied())
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
        return at("rating", r.issuedAt(), r.entity())
                .tag("metric", r.metric())
                .tag("model", r.model().isEmpty() ? "unknown" : r.model())
                .addField("score", r.score())
                .addField("forecast_mean", r.forecastMean())
                .addField("target", r.target().toEpochMilli())
                .addField("comment", r.comment())
                .build();
    }
}
