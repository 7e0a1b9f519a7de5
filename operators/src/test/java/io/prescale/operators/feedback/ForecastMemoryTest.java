package io.prescale.operators.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import io.prescale.model.Forecast;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The remembered means keep three significant digits at any magnitude a metric may have. */
class ForecastMemoryTest {
    private static final Instant START = Instant.parse("2026-12-02T00:00:00Z");

    private static Forecast oneStep(int step, double mean) {
        return new Forecast(
                "vm-1",
                "mem_bytes",
                START.plusSeconds(300L * step),
                300,
                1,
                mean,
                Map.of(0.5, mean),
                "ensemble");
    }

    @Test
    void meansInBytesAreKeptBeyondTheSixteenBitRange() {
        double[] means = {12.5, 3.1e9, 7.9e10, 0.25, 6.4e12};
        ForecastMemory m = ForecastMemory.empty(8);
        for (int t = 0; t < means.length; t++) {
            m = m.plus(oneStep(t, means[t]));
        }
        assertThat(m.shift()).isPositive();
        for (int t = 0; t < means.length; t++) {
            assertThat(m.meanIssuedAt(START.plusSeconds(300L * t).toEpochMilli()))
                    .as("step %d", t)
                    .isCloseTo(means[t], withinPercentage(0.1));
        }
    }
}
