package io.prescale.ml.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hand-made cases with values worked out by hand from the published rules, and a golden test on
 * real NAB files against an independent brute-force scorer ({@code nab/nab_golden.py}). Tolerance
 * 1e-9 (sums of a few doubles; the brute-force scorer tries every threshold directly).
 */
class NabScorerTest {
    private static final double TOLERANCE = 1e-9;
    private static final LocalDateTime T0 = LocalDateTime.of(2014, 1, 1, 0, 0);
    private static final NabCostProfile STANDARD = NabCostProfile.standard();

    /** 100 rows, 5 minutes apart: probationary period ⌊0.15 · 100⌋ = 15 rows. */
    private static LocalDateTime[] rows() {
        LocalDateTime[] t = new LocalDateTime[100];
        for (int i = 0; i < t.length; i++) {
            t[i] = T0.plusMinutes(5L * i);
        }
        return t;
    }

    /** The one window of the hand cases: rows 40..59, width 20. */
    private static final List<NabWindow> WINDOW =
            List.of(new NabWindow(T0.plusMinutes(5 * 40), T0.plusMinutes(5 * 59)));

    private static NabResult score(double[] scores) {
        return NabScorer.score(List.of(NabScoredFile.of("f", rows(), scores, WINDOW)), STANDARD);
    }

    @Test
    void scaledSigmoidAtItsPublishedPoints() {
        assertThat(NabScoredFile.scaledSigmoid(-1.0)).isCloseTo(0.98661429815, within(1e-10));
        assertThat(NabScoredFile.scaledSigmoid(-0.5)).isCloseTo(0.84828363995, within(1e-10));
        assertThat(NabScoredFile.scaledSigmoid(0.0)).isEqualTo(0.0);
        assertThat(NabScoredFile.scaledSigmoid(3.01)).isEqualTo(-1.0);
    }

    @Test
    void probationaryPeriodIsFifteenPercentCappedAt750() {
        assertThat(NabScoredFile.probationaryLength(100)).isEqualTo(15);
        assertThat(NabScoredFile.probationaryLength(4032)).isEqualTo(604);
        assertThat(NabScoredFile.probationaryLength(10_000)).isEqualTo(750);
    }

    @Test
    void nullDetectorScoresZero() {
        NabResult r = score(new double[100]);
        // every score 0: detecting all rows costs FPs, so the best is no detection: raw = −A_FN
        assertThat(r.raw()).isCloseTo(-1.0, within(TOLERANCE));
        assertThat(r.normalized()).isCloseTo(0.0, within(TOLERANCE));
        assertThat(r.threshold()).isInfinite();
    }

    @Test
    void perfectDetectorScoresHundred() {
        double[] s = new double[100];
        s[40] = 1.0;
        NabResult r = score(s);
        assertThat(r.raw()).isCloseTo(1.0, within(TOLERANCE));
        assertThat(r.normalized()).isCloseTo(100.0, within(TOLERANCE));
        assertThat(r.threshold()).isEqualTo(1.0);
    }

    @Test
    void lateDetectionEarnsTheSigmoidOfItsPosition() {
        double[] s = new double[100];
        s[50] = 0.9;
        s[55] = 0.95; // later in the same window, higher score: only the earliest counts
        NabResult r = score(s);
        // row 50: position −(59 − 50 + 1)/20 = −0.5 → σ̃(−0.5)/σ̃(−1) = 0.84828364/0.98661430
        double reward = 0.84828363995 / 0.98661429815;
        assertThat(r.raw()).isCloseTo(reward, within(1e-9));
        assertThat(r.normalized()).isCloseTo(100 * (reward + 1) / 2, within(1e-7));
        assertThat(r.threshold()).isEqualTo(0.9);
    }

    @Test
    void falsePositiveBeforeAnyWindowCostsFpWeight() {
        double[] s = new double[100];
        s[20] = 0.9; // FP, no preceding window: −0.11
        s[40] = 0.8; // perfect TP, but only counted at a threshold that also takes the FP
        NabResult r = score(s);
        assertThat(r.raw()).isCloseTo(1.0 - 0.11, within(TOLERANCE));
        assertThat(r.normalized()).isCloseTo(94.5, within(1e-7));
        assertThat(r.files().get(0).falsePositives()).isEqualTo(1);
    }

    @Test
    void falsePositiveAfterWindowIsWeightedByDistance() {
        double[] s = new double[100];
        s[40] = 0.9;
        s[69] = 0.8; // 10 rows past the window end: σ̃(10 / 19) = 2/(1 + e^{50/19}) − 1
        s[98] = 0.8; // 39 rows past: σ̃(39/19) = 2/(1 + e^{195/19}) − 1
        double near = 2 / (1 + Math.exp(50.0 / 19)) - 1;
        double far = 2 / (1 + Math.exp(195.0 / 19)) - 1;
        NabResult r = score(s);
        // taking both FPs (1 + 0.11 (near + far) ≈ 0.795) is worse than the TP alone (1.0)
        assertThat(r.threshold()).isEqualTo(0.9);
        assertThat(r.raw()).isCloseTo(1.0, within(TOLERANCE));
        NabResult.FileDetail all =
                NabScorer.atThreshold(NabScoredFile.of("f", rows(), s, WINDOW), STANDARD, 0.8);
        assertThat(all.raw()).isCloseTo(1.0 + 0.11 * (near + far), within(TOLERANCE));
        assertThat(all.falsePositives()).isEqualTo(2);
    }

    /**
     * A fixed threshold scores what alerting there gets, through the sweep's own rules: the best
     * threshold's result is {@code scoreAt} at that threshold, and a higher one loses the window.
     */
    @Test
    void aFixedThresholdScoresWhatAlertingThereGets() {
        double[] s = new double[100];
        s[30] = 0.6; // a false positive before the window: cost −1 × A_FP = −0.11
        s[40] = 0.5; // the window's first row: reward 1
        s[80] = 0.95; // 21 rows past the window's end, also a false positive
        List<NabScoredFile> files = List.of(NabScoredFile.of("f", rows(), s, WINDOW));
        NabResult best = NabScorer.score(files, STANDARD);
        assertThat(NabScorer.scoreAt(files, STANDARD, best.threshold())).isEqualTo(best);

        NabResult high = NabScorer.scoreAt(files, STANDARD, 0.9);
        assertThat(high.threshold()).isEqualTo(0.9);
        assertThat(high.detected()).isZero();
        assertThat(high.windows()).isEqualTo(1);
        assertThat(high.falsePositives()).isEqualTo(1);
        double far = 2 / (1 + Math.exp(5 * 21.0 / 19)) - 1;
        assertThat(high.raw()).isCloseTo(-1.0 + 0.11 * far, within(TOLERANCE));

        NabResult low = NabScorer.scoreAt(files, STANDARD, 0.5);
        assertThat(low.detected()).isEqualTo(1);
        assertThat(low.falsePositives()).isEqualTo(2);
        // rows 15..99, 5 minutes apart: 84 × 5 min = 0.291 6 days scored
        assertThat(low.files().get(0).days()).isCloseTo(84 * 5 / 1440.0, within(TOLERANCE));
        assertThat(low.falsePositivesPerDay()).isCloseTo(2 / (84 * 5 / 1440.0), within(1e-9));
    }

    @Test
    void detectionsInTheProbationaryPeriodAreIgnored() {
        double[] s = new double[100];
        s[3] = 1.0;
        s[40] = 0.5;
        NabResult r = score(s);
        assertThat(r.raw()).isCloseTo(1.0, within(TOLERANCE));
        assertThat(r.files().get(0).falsePositives()).isZero();
    }

    @Test
    void noScorableWindowIsRejectedWithAReason() {
        assertThatThrownBy(
                        () ->
                                NabScorer.score(
                                        List.of(
                                                NabScoredFile.of(
                                                        "f", rows(), new double[100], List.of())),
                                        STANDARD))
                .hasMessageContaining("no labelled window");
    }

    @Test
    void goldenOnRealNabFilesMatchesIndependentBruteForceScorer() throws Exception {
        Path dir = resource("nab");
        NabLabels labels = NabLabels.read(dir.resolve("windows.json"));
        List<NabScoredFile> files = new ArrayList<>();
        for (String name :
                List.of(
                        "ec2_cpu_utilization_ac20cd.csv",
                        "iio_us-east-1_i-a2eb1cd9_NetworkIn.csv")) {
            NabSeries series = NabCsv.read(dir.resolve("data").resolve(name), name);
            double[] s = new double[series.size()];
            for (int i = 0; i < s.length; i++) {
                s[i] = ((i * 7919L) % 1009) / 1009.0;
            }
            files.add(
                    NabScoredFile.of(
                            name, series.timestamps(), s, labels.windowsOf(name).orElseThrow()));
        }
        JsonNode golden = new ObjectMapper().readTree(dir.resolve("golden.json").toFile());
        for (NabCostProfile p : NabCostProfile.read(dir.resolve("profiles.json"))) {
            NabResult r = NabScorer.score(files, p);
            JsonNode g = golden.get(p.name());
            assertThat(r.raw()).as(p.name()).isCloseTo(g.get("raw").asDouble(), within(TOLERANCE));
            assertThat(r.normalized())
                    .as(p.name())
                    .isCloseTo(g.get("normalized").asDouble(), within(TOLERANCE));
            assertThat(r.threshold()).as(p.name()).isEqualTo(g.get("threshold").asDouble());
        }
    }

    static Path resource(String name) throws URISyntaxException {
        return Path.of(NabScorerTest.class.getClassLoader().getResource(name).toURI());
    }
}
