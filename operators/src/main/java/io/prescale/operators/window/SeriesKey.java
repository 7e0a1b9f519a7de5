package io.prescale.operators.window;

import io.prescale.model.MetricPoint;

/**
 * The key of one series: an entity's metric.
 *
 * <p>{@code equals} and {@code hashCode} are written out rather than left to the record's generated
 * ones (method handles; every keyed state access and timer of the series operators calls them). The
 * hash is the generated one's, {@code 31 · hash(entity) + hash(metric)}, so keys stay in their key
 * groups (checkpoints taken before keep their layout); {@code SeriesKeyTest} holds it to that.
 */
public record SeriesKey(String entity, String metric) {
    public static SeriesKey of(MetricPoint p) {
        return new SeriesKey(p.entity(), p.metric());
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        return o instanceof SeriesKey k
                && java.util.Objects.equals(entity, k.entity)
                && java.util.Objects.equals(metric, k.metric);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Objects.hashCode(entity) + java.util.Objects.hashCode(metric);
    }
}
