package io.prescale.ml.series;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.prescale.ml.forecast.Slices;
import io.prescale.ml.trace.DemandGrid;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Forecasts and anomaly scores do not depend on the unit of the series: on the real slices of
 * {@code src/test/resources/forecast}, values scaled by a power of two, up to a metric in bytes,
 * give the same scores and the same forecasts scaled. Before the seasonal envelope kept a shift,
 * its bounds were clamped at 4.29·10<sup>9</sup> and the scores of large series moved.
 */
class SeriesModelScaleTest {
    private static final Duration STEP = Slices.FIVE_MINUTES;

    @Test
    void scoresAndForecastsScaleWithTheSeriesUpToBytes() {
        DemandGrid g = Slices.read("azure-cycles.csv.gz", "cpu_avg_pct");
        SeriesModel model = new SeriesModel(SeriesModelPinTest.JOB);
        SeriesStep unit = model.newStep();
        SeriesStep scaled = model.newStep();
        for (int k : new int[] {-8, 36}) {
            double scale = Math.scalb(1.0, k);
            for (double[] y : g.values()) {
                SeriesState a = model.newState();
                SeriesState b = model.newState();
                for (int t = 0; t < y.length; t++) {
                    Instant at = g.start().plus(STEP.multipliedBy(t));
                    model.update(a, at, y[t], unit);
                    model.update(b, at, y[t] * scale, scaled);
                    String where = "2^" + k + ", step " + t;
                    assertThat(scaled.anomalyScore())
                            .as(where)
                            .isCloseTo(unit.anomalyScore(), offset(1e-9));
                    for (int h = 1; h <= 12; h++) {
                        for (int j = 0; j < 4; j++) {
                            double q = unit.quantile(h, j);
                            assertThat(scaled.quantile(h, j) / scale)
                                    .as(where + ", h " + h + ", level " + j)
                                    .isCloseTo(q, offset(1e-6 * (1 + Math.abs(q))));
                        }
                    }
                }
            }
        }
    }
}
