package io.prescale.operators.window;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.model.MetricPoint;
import io.prescale.model.RecordOrigin;
import org.junit.jupiter.api.Test;

class WindowStatsAggregateTest {
    private final WindowStatsAggregate agg = new WindowStatsAggregate();

    private static MetricPoint p(double v) {
        return new MetricPoint("vm", null, "cpu", 0, v, new RecordOrigin("metrics", 0, 0));
    }

    @Test
    void countMeanMaxAndNearestRankP95() {
        WindowAccumulator acc = agg.createAccumulator();
        for (int i = 1; i <= 20; i++) {
            acc = agg.add(p(i), acc);
        }
        WindowStats s = agg.getResult(acc);
        assertThat(s).isEqualTo(new WindowStats(20, 10.5, 20, 19));
    }

    @Test
    void mergeEqualsAddingEverythingToOne() {
        WindowAccumulator a = agg.createAccumulator();
        WindowAccumulator b = agg.createAccumulator();
        WindowAccumulator all = agg.createAccumulator();
        for (int i = 0; i < 50; i++) {
            agg.add(p(i), i % 2 == 0 ? a : b);
            agg.add(p(i), all);
        }
        assertThat(agg.getResult(agg.merge(a, b))).isEqualTo(agg.getResult(all));
    }

    @Test
    void denseWindowKeepsExactCountMeanMaxAndBoundedValues() {
        WindowAccumulator acc = agg.createAccumulator();
        int n = 3 * WindowAccumulator.CAPACITY + 7;
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < n; i++) {
            agg.add(p(random.nextInt(100)), acc);
        }
        WindowStats s = agg.getResult(acc);
        assertThat(s.count()).isEqualTo(n);
        assertThat(s.max()).isEqualTo(99);
        assertThat(acc.values.length).isLessThanOrEqualTo(WindowAccumulator.CAPACITY);
        assertThat(s.p95()).isBetween(93.0, 96.0);
    }
}
