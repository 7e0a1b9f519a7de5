package io.prescale.operators.window;

import io.prescale.model.MetricPoint;

/** The key of one series: an entity's metric. */
public record SeriesKey(String entity, String metric) {
    public static SeriesKey of(MetricPoint p) {
        return new SeriesKey(p.entity(), p.metric());
    }
}
