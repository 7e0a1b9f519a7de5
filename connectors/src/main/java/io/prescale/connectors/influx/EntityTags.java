package io.prescale.connectors.influx;

import java.io.Serializable;
import java.util.HashSet;
import java.util.Set;
import org.influxdb.dto.Point;

/**
 * Keeps InfluxDB series cardinality bounded. The first {@code maxEntities} entities a sink subtask
 * sees are written as the tag {@code entity}; any entity beyond that is written with the tag {@code
 * entity_bucket} = {@code floorMod(entity.hashCode(), buckets)} and the entity name as the string
 * field {@code entity_name}, so the number of series per measurement stays at most {@code
 * maxEntities + buckets} per subtask while no entity's data is lost (dashboards filter bucketed
 * entities on the field).
 */
public final class EntityTags implements Serializable {
    private final int maxEntities;
    private final int buckets;
    private transient Set<String> tagged;

    public EntityTags(int maxEntities, int buckets) {
        if (maxEntities < 0 || buckets < 1) {
            throw new IllegalArgumentException(
                    "need maxEntities >= 0 and buckets >= 1, were "
                            + maxEntities
                            + " and "
                            + buckets);
        }
        this.maxEntities = maxEntities;
        this.buckets = buckets;
    }

    /** Adds the entity to {@code point} as a tag or, past the bound, as bucket tag and field. */
    public Point.Builder tag(Point.Builder point, String entity) {
        if (tagged == null) {
            tagged = new HashSet<>();
        }
        if (tagged.contains(entity) || tagged.size() < maxEntities && tagged.add(entity)) {
            return point.tag("entity", entity);
        }
        return point.tag(
                        "entity_bucket",
                        Integer.toString(Math.floorMod(entity.hashCode(), buckets)))
                .addField("entity_name", entity);
    }
}
