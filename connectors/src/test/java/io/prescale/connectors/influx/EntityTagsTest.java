package io.prescale.connectors.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.influxdb.dto.Point;
import org.junit.jupiter.api.Test;

class EntityTagsTest {
    private static String line(EntityTags tags, String entity) {
        return tags.tag(
                        Point.measurement("m").time(0, TimeUnit.MILLISECONDS).addField("v", 1.0),
                        entity)
                .build()
                .lineProtocol();
    }

    @Test
    void tagsUpToTheBoundThenBuckets() {
        EntityTags tags = new EntityTags(2, 4);
        assertThat(line(tags, "a")).startsWith("m,entity=a ");
        assertThat(line(tags, "b")).startsWith("m,entity=b ");
        String c = line(tags, "c");
        assertThat(c).startsWith("m,entity_bucket=" + Math.floorMod("c".hashCode(), 4) + " ");
        assertThat(c).contains("entity_name=\"c\"");
        assertThat(line(tags, "a")).as("a known entity stays a tag").startsWith("m,entity=a ");
    }

    /** Two subtasks' sets restored into one (a lower parallelism) keep to the bound. */
    @Test
    void restoredSetsKeepToTheBound() {
        EntityTags tags = new EntityTags(2, 4);
        tags.restore(java.util.List.of("a", "b"));
        tags.restore(java.util.List.of("c", "d"));
        assertThat(tags.tagged()).containsExactlyInAnyOrder("a", "b");
        assertThat(line(tags, "c")).startsWith("m,entity_bucket=");
    }

    @Test
    void rejectsBadBounds() {
        assertThatThrownBy(() -> new EntityTags(10, 0)).hasMessageContaining("buckets >= 1");
    }
}
