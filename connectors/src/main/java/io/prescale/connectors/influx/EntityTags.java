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
 *
 * <p>Entities sharing a bucket share a series, where a point overwrites another with the same
 * timestamp; {@link #offsetNanos} gives each bucketed entity its own nanosecond offset within the
 * millisecond (a 64-bit FNV-1a hash of the name modulo 10^6), so that their points stay distinct:
 * two entities of one bucket collide only with probability 10^-6 per pair and timestamp.
 */
public final class EntityTags implements Serializable {
    private final int maxEntities;
    private final int buckets;
    private transient Set<String> tagged;
    private transient Set<String> bucketed;

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
        bucketed().add(entity);
        return point.tag(
                        "entity_bucket",
                        Integer.toString(Math.floorMod(entity.hashCode(), buckets)))
                .addField("entity_name", entity);
    }

    /**
     * Nanoseconds (in [0, 10^6)) to add to the millisecond time of a point of {@code entity}: 0 for
     * an entity written as a tag, a hash of the name for one written into a bucket by {@link #tag}.
     */
    public long offsetNanos(String entity) {
        if (!bucketed().contains(entity)) {
            return 0;
        }
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < entity.length(); i++) {
            h ^= entity.charAt(i);
            h *= 0x100000001b3L;
        }
        return Math.floorMod(h, 1_000_000L);
    }

    private Set<String> bucketed() {
        if (bucketed == null) {
            bucketed = new HashSet<>();
        }
        return bucketed;
    }
}
