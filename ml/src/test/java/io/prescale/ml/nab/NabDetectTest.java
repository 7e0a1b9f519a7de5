package io.prescale.ml.nab;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.ml.anomaly.AnomalyConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The default detector of {@code prescale detect} on a real NAB file, and its grid step. */
class NabDetectTest {
    private static final Instant T0 = Instant.parse("2014-01-01T00:00:00Z");

    @Test
    void gridStepIsTheMedianPositiveGap() {
        Instant[] regular = {T0, T0.plusSeconds(300), T0.plusSeconds(600), T0.plusSeconds(3600)};
        assertThat(NabDetect.gridStep(regular)).isEqualTo(Duration.ofSeconds(300));
        Instant[] repeated = {T0, T0, T0.plusSeconds(60), T0.plusSeconds(120)};
        assertThat(NabDetect.gridStep(repeated)).isEqualTo(Duration.ofSeconds(60));
        assertThat(NabDetect.gridStep(new Instant[] {T0})).isEqualTo(Duration.ofSeconds(300));
    }

    /**
     * On NAB's {@code ec2_cpu_utilization_ac20cd} (a level shift late in the file, another one
     * unlabelled inside the probationary period) the labelled window is found in its first half,
     * with at most one false positive at the file's own best threshold.
     */
    @Test
    void findsTheLabelledShiftOfARealFile() throws Exception {
        Path file = NabScorerTest.resource("nab/data/ec2_cpu_utilization_ac20cd.csv");
        NabSeries s = NabCsv.read(file, "ec2_cpu_utilization_ac20cd.csv");
        List<NabWindow> windows =
                NabLabels.read(NabScorerTest.resource("nab/windows.json"))
                        .windowsOf(s.relativePath())
                        .orElseThrow();
        double[] scores = NabDetect.detect(AnomalyConfig.defaults(), s);
        assertThat(java.util.Arrays.stream(scores)).allMatch(v -> v >= 0 && v <= 1);
        NabResult r =
                NabScorer.score(
                        List.of(
                                NabScoredFile.of(
                                        s.relativePath(), s.timestamps(), scores, windows)),
                        NabCostProfile.standard());
        NabResult.FileDetail d = r.files().get(0);
        assertThat(d.detected()).isEqualTo(1);
        assertThat(d.falsePositives()).isLessThanOrEqualTo(1);
        // detected in the window's first half (reward above σ̃(−0.5) / σ̃(−1) = 0.86), less 0.11
        // per false positive
        assertThat(d.raw()).isGreaterThan(0.86 - 0.11 * d.falsePositives());
    }
}
