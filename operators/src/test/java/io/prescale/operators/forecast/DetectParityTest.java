package io.prescale.operators.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.prescale.ml.alert.AlertSettings;
import io.prescale.ml.anomaly.AnomalyConfig;
import io.prescale.ml.nab.NabCsv;
import io.prescale.ml.nab.NabDetect;
import io.prescale.ml.nab.NabSeries;
import io.prescale.model.WindowAggregate;
import io.prescale.operators.alert.AnomalyScore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code prescale detect} scores a series as the job's forecasting operator scores its windows,
 * under the job's default settings ({@code JobSettingsTest} keeps those equal to {@link
 * ForecastSettings#defaults}).
 */
class DetectParityTest {
    private static final Duration STEP = Duration.ofMinutes(5);

    /** A level shift late in the file. */
    private static final String NAB_FILE = "ec2_cpu_utilization_ac20cd.csv";

    @Test
    void theJobScoresARealNabSeriesAsDetectDoes() throws Exception {
        NabSeries s = NabCsv.read(nabFile(NAB_FILE), NAB_FILE);
        double[] detect = NabDetect.detect(AnomalyConfig.defaults(), s);

        // clear-below 0: every window's score goes out, so each can be compared
        var h =
                ForecastHarness.openWith(
                        ForecastSettings.defaults(STEP, 2),
                        new AlertSettings(0.95, 0, 0.99, Duration.ZERO));
        for (int i = 0; i < s.size(); i++) {
            long seconds = s.timestamps()[i].toInstant(ZoneOffset.UTC).getEpochSecond();
            Instant start =
                    Instant.ofEpochSecond(
                            Math.floorDiv(seconds, STEP.toSeconds()) * STEP.toSeconds());
            double v = s.values()[i];
            ForecastHarness.put(
                    h, new WindowAggregate("vm", "cpu_pct", start, start.plus(STEP), 1, v, v, v));
        }
        List<AnomalyScore> job = ForecastHarness.side(h, SeriesForecastFunction.SCORES);
        h.close();

        assertThat(job).hasSize(s.size());
        for (int i = 0; i < s.size(); i++) {
            assertThat(job.get(i).score()).as("row %d", i).isEqualTo(detect[i]);
        }
        assertThat(job.stream().mapToDouble(AnomalyScore::score).max().orElseThrow())
                .as("the late level shift stands out, so the rows compared are not all 0")
                .isGreaterThan(0.7);
    }

    /** The NAB file in {@code nab-aws/data} of the shared traces beside the checkout. */
    private static Path nabFile(String name) {
        Path dir = Path.of("").toAbsolutePath();
        for (; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolveSibling("shared/data/nab-aws/data").resolve(name);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return fail(
                "shared NAB file " + name + " not found beside " + Path.of("").toAbsolutePath());
    }
}
