package io.prescale.operators.window;

import io.prescale.ml.stats.NearestRank;
import io.prescale.model.MetricPoint;
import org.apache.flink.api.common.functions.AggregateFunction;

/**
 * Aggregates the points of one window incrementally into count, mean, max and p95 (nearest rank,
 * see {@link NearestRank}).
 */
public final class WindowStatsAggregate
        implements AggregateFunction<MetricPoint, WindowAccumulator, WindowStats> {

    @Override
    public WindowAccumulator createAccumulator() {
        return new WindowAccumulator();
    }

    @Override
    public WindowAccumulator add(MetricPoint point, WindowAccumulator acc) {
        acc.add(point.value());
        return acc;
    }

    @Override
    public WindowStats getResult(WindowAccumulator acc) {
        return new WindowStats(
                acc.count,
                acc.sum / acc.count,
                acc.max,
                NearestRank.quantile(acc.values, acc.size, 0.95));
    }

    @Override
    public WindowAccumulator merge(WindowAccumulator a, WindowAccumulator b) {
        a.merge(b);
        return a;
    }
}
