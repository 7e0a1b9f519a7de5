package io.prescale.operators.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.prescale.ml.series.SeriesModel;
import io.prescale.ml.series.SeriesState;
import io.prescale.ml.series.SeriesStep;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

/**
 * The operator's accuracy metrics are the running means of what it scored, registered under the
 * names the javadoc gives, per scored horizon; checked against sums kept by the test over the real
 * slice.
 */
class AccuracyMetricsTest {

    /** Records metrics by their dotted path. */
    private static final class Recording extends UnregisteredMetricsGroup {
        private final String prefix;
        private final Map<String, Object> metrics;

        Recording(String prefix, Map<String, Object> metrics) {
            this.prefix = prefix;
            this.metrics = metrics;
        }

        @Override
        public Counter counter(String name) {
            SimpleCounter c = new SimpleCounter();
            metrics.put(prefix + name, c);
            return c;
        }

        @Override
        public <T, G extends Gauge<T>> G gauge(String name, G gauge) {
            metrics.put(prefix + name, gauge);
            return gauge;
        }

        @Override
        public MetricGroup addGroup(String key, String value) {
            return new Recording(prefix + key + "." + value + ".", metrics);
        }
    }

    @Test
    void gaugesAreTheMeansOfWhatWasScored() {
        Map<String, Object> metrics = new HashMap<>();
        SeriesModel model = new SeriesModel(ForecastHarness.SETTINGS.series());
        AccuracyMetrics m =
                new AccuracyMetrics(new Recording("", metrics), model.config().scoredHorizons());
        assertThat(gauge(metrics, "horizon.2.coverage99")).isNaN();
        double[] sums = new double[3];
        int n = 0;
        for (int e = 0; e < 2; e++) {
            SeriesState s = model.newState();
            SeriesStep step = model.newStep();
            for (int t = 0; t < ForecastHarness.SLICE.steps(); t++) {
                model.update(
                        s, ForecastHarness.start(t), ForecastHarness.SLICE.values()[e][t], step);
                for (int i = 0; i < step.scoredCount(); i++) {
                    if (step.scored(i)) {
                        m.add(i, step);
                    }
                }
                if (step.scored(1)) {
                    n++;
                    sums[0] += step.covered(1, 3) ? 1 : 0;
                    sums[1] += step.pinball(1, 3);
                    sums[2] += Math.abs(step.observed() - step.issuedMean(1));
                }
            }
        }
        assertThat(((Counter) metrics.get("horizon.2.forecastsScored")).getCount()).isEqualTo(n);
        assertThat(gauge(metrics, "horizon.2.coverage99")).isCloseTo(sums[0] / n, within(1e-12));
        assertThat(gauge(metrics, "horizon.2.meanPinball99")).isCloseTo(sums[1] / n, within(1e-9));
        assertThat(gauge(metrics, "horizon.2.meanAbsError")).isCloseTo(sums[2] / n, within(1e-9));
        assertThat(gauge(metrics, "horizon.1.coverage95")).isBetween(0.0, 1.0);
        assertThat(metrics)
                .containsKeys("seriesExpired", "windowsIgnored", "horizon.1.meanPinball50");
    }

    private static double gauge(Map<String, Object> metrics, String name) {
        return (Double) ((Gauge<?>) metrics.get(name)).getValue();
    }
}
