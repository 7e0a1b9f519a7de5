package io.prescale.connectors.influx;

import java.io.Serializable;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.influxdb.dto.Point;

/**
 * Keeps InfluxDB series cardinality bounded. The first {@code maxEntities} entities a sink subtask
 * sees are written as the tag {@code entity}; any entity beyond that is written with the tag {@code
 * entity_bucket} = {@code floorMod(entity.hashCode(), buckets)} and the entity name as the string
 * field {@code entity_name}, so the number of series per measurement stays at most {@code
 * maxEntities + buckets} per subtask while no entity's data is lost (dashboards filter bucketed
 * entities on the field). The entities tagged are kept in the sink writer's checkpoints ({@link
 * #tagged}), so a resumed job tags the same ones. Only they are remembered: a bucketed entity is
 * one not tagged, and memory does not grow with the entities that came and went (a tester's set of
 * bucketed names grew by every ended session).
 *
 * <p>Entities sharing a bucket share a series, where a point overwrites another with the same
 * timestamp; {@link #offsetNanos} gives each bucketed entity its own offset of under a second (a
 * 64-bit FNV-1a hash of the name modulo {@value #OFFSETS} nanoseconds), so that their points stay
 * distinct. Two entities of one bucket whose offsets are equal overwrite each other's points at
 * every time they share, for as long as both live: with offsets within the millisecond, as they
 * were, 90,000 bucketed entities in 64 buckets had about 60 such pairs (a tester's 285 entities
 * short of points); within the second, the expected number of pairs is N² / (2 · buckets · 10⁹),
 * 0.06 for those (0.004 in the default 1,024 buckets), and tagging every entity ({@code
 * influx.max-entity-tags}) rules them out.
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
        if (isTagged(entity) || tagged.size() < maxEntities && tagged.add(entity)) {
            return point.tag("entity", entity);
        }
        return point.tag(
                        "entity_bucket",
                        Integer.toString(Math.floorMod(entity.hashCode(), buckets)))
                .addField("entity_name", entity);
    }

    /**
     * The bucketed entities' offsets, in nanoseconds: under a second less a millisecond, so that an
     * offset plus nanoseconds within the millisecond stays within the second.
     */
    public static final long OFFSETS = 999_000_000L;

    /**
     * Nanoseconds (in [0, {@value #OFFSETS})) to add to the millisecond time of a point of {@code
     * entity}: 0 for an entity written as a tag, a hash of the name for one written into a bucket
     * by {@link #tag}.
     */
    public long offsetNanos(String entity) {
        if (isTagged(entity)) {
            return 0;
        }
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < entity.length(); i++) {
            h ^= entity.charAt(i);
            h *= 0x100000001b3L;
        }
        return Math.floorMod(h, OFFSETS);
    }

    /**
     * The entities written as tags so far, for the sink writer's checkpoint: a job resumed from it
     * writes each entity as before, where an empty set tagged other entities than the first run and
     * split their series, with the points made again added beside the first run's (a tester's
     * restart doubled a day's points).
     */
    public List<String> tagged() {
        return tagged == null ? List.of() : List.copyOf(tagged);
    }

    /**
     * Takes back the entities a checkpoint's writer wrote as tags ({@link #tagged}), up to the
     * bound: after a lower parallelism one writer gets the sets of several (a tester's sink tagged
     * four entities under a bound of two), and the entities past the bound are bucketed from then
     * on.
     */
    public void restore(Collection<String> entities) {
        // a lower parallelism hands one subtask the sets of several: the bound still holds
        Set<String> set = taggedSet();
        for (String e : entities) {
            if (set.size() >= maxEntities) {
                return;
            }
            set.add(e);
        }
    }

    private boolean isTagged(String entity) {
        return taggedSet().contains(entity);
    }

    /** The set, made on first use: a transient field is null after deserialisation. */
    private Set<String> taggedSet() {
        if (tagged == null) {
            tagged = new HashSet<>();
        }
        return tagged;
    }
}
