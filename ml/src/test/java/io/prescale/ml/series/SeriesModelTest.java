package io.prescale.ml.series;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prescale.ml.anomaly.AnomalyConfig;
import io.prescale.ml.anomaly.CombinedDetector;
import io.prescale.ml.anomaly.ForecastRange;
import io.prescale.ml.anomaly.MutableRange;
import io.prescale.ml.forecast.ForecastConfig;
import io.prescale.ml.forecast.ForecastStack;
import io.prescale.ml.forecast.ForecastState;
import io.prescale.ml.forecast.QuantileLevelSet;
import io.prescale.ml.trace.DemandGrid;
import io.prescale.ml.trace.TraceReader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link SeriesModel} on a real slice (three Azure VMs, cpu_avg_pct, 4 days at 5 minutes, see
 * {@code src/test/resources/forecast/README.md}), each result checked against an independent
 * composition of the parts it delegates to.
 */
class SeriesModelTest {
    private static final Duration STEP = Duration.ofMinutes(5);
    private static final int LEAD = 2;
    private static final SeriesConfig CONFIG =
            new SeriesConfig(
                    ForecastConfig.defaults(STEP),
                    AnomalyConfig.defaults(),
                    QuantileLevelSet.of(0.5, 0.95, 0.99),
                    SeriesConfig.oneAndLead(LEAD));
    private static final DemandGrid SLICE = slice();

    private static DemandGrid slice() {
        try {
            Path p =
                    Path.of(
                            SeriesModelTest.class
                                    .getResource("/forecast/azure-cycles.csv.gz")
                                    .toURI());
            return TraceReader.read(p, "cpu_avg_pct", STEP);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Instant at(int t) {
        return SLICE.start().plus(STEP.multipliedBy(t));
    }

    /**
     * The scored forecasts are what the stack's single reads gave h steps earlier (kept as floats),
     * the pinball losses and coverage follow from them by the textbook formulas, and every step
     * after the first h is scored.
     */
    @Test
    void scoresWhatTheStackForecastHStepsEarlier() {
        SeriesModel model = new SeriesModel(CONFIG);
        ForecastStack reference = new ForecastStack(CONFIG.forecast());
        double[] levels = {0.5, 0.9, 0.95, 0.99};
        for (String vm : SLICE.entities()) {
            double[] y = SLICE.values()[SLICE.entities().indexOf(vm)];
            SeriesState s = model.newState();
            SeriesStep out = model.newStep();
            ForecastState r = reference.newState();
            Map<String, float[]> issued = new HashMap<>();
            int[] scored = new int[2];
            for (int t = 0; t < SLICE.steps(); t++) {
                model.update(s, at(t), y[t], out);
                for (int i = 0; i < 2; i++) {
                    int h = out.scoredHorizon(i);
                    float[] want = issued.remove(h + "@" + t);
                    assertThat(out.scored(i)).as("%s t=%d h=%d", vm, t, h).isEqualTo(want != null);
                    if (want == null) {
                        continue;
                    }
                    scored[i]++;
                    assertThat(out.issuedMean(i)).isEqualTo(want[0]);
                    for (int k = 0; k < 4; k++) {
                        double q = levels[k];
                        double u = y[t] - want[1 + k];
                        assertThat(out.issuedQuantile(i, k)).isEqualTo(want[1 + k]);
                        assertThat(out.pinball(i, k)).isEqualTo(u >= 0 ? q * u : (q - 1) * u);
                        assertThat(out.covered(i, k)).isEqualTo(y[t] <= want[1 + k]);
                    }
                }
                reference.update(r, at(t).getEpochSecond(), y[t]);
                for (int h : new int[] {1, LEAD}) {
                    float[] f = new float[5];
                    f[0] = (float) reference.mean(r, h);
                    for (int k = 0; k < 4; k++) {
                        f[1 + k] = (float) reference.quantile(r, h, levels[k]);
                    }
                    issued.put(h + "@" + (t + h), f);
                }
                for (int h = 1; h <= 12; h++) {
                    assertThat(out.mean(h)).isEqualTo(reference.mean(r, h));
                    assertThat(out.quantile(h, 1)).isEqualTo(reference.quantile(r, h, 0.95));
                }
            }
            assertThat(scored).containsExactly(SLICE.steps() - 1, SLICE.steps() - LEAD);
        }
    }

    /** The anomaly score is the combined detectors' against the stack's one-step 0.99 range. */
    @Test
    void scoresAnomaliesAgainstTheForecastRange() {
        SeriesModel model = new SeriesModel(CONFIG);
        ForecastStack stack = new ForecastStack(CONFIG.forecast());
        CombinedDetector detector = AnomalyConfig.defaults().combined();
        ForecastRange range = new ForecastRange(stack, 0.99, 100);
        MutableRange expected = new MutableRange();
        double[] y = SLICE.values()[SLICE.entities().indexOf("vm-965207")];
        SeriesState s = model.newState();
        SeriesStep out = model.newStep();
        ForecastState f = stack.newState();
        CombinedDetector.State d = detector.newState();
        double spike = 0;
        double others = 0;
        for (int t = 0; t < SLICE.steps(); t++) {
            double v = t == 900 ? y[t] * 4 + 50 : y[t];
            model.update(s, at(t), v, out);
            range.expected(f, expected);
            assertThat(out.anomalyScore()).isEqualTo(detector.score(d, at(t), v, expected));
            assertThat(out.expectedUsable()).isEqualTo(expected.isUsable());
            if (expected.isUsable()) {
                assertThat(out.expectedUpper()).isEqualTo(expected.upper());
                assertThat(out.expectedLower()).isEqualTo(expected.lower());
            }
            stack.update(f, at(t).getEpochSecond(), v);
            if (t == 900) {
                spike = out.anomalyScore();
            } else if (t > 300) {
                others = Math.max(others, out.anomalyScore());
            }
        }
        // a jump to 4x + 50 % CPU after three days of an 8-hour cycle stands out
        assertThat(spike)
                .as("score of the injected spike")
                .isGreaterThan(0.9)
                .isGreaterThan(others);
    }

    /** A state encoded mid-way and decoded continues exactly as the one that never stopped. */
    @Test
    void decodedStateContinuesExactly() {
        SeriesModel model = new SeriesModel(CONFIG);
        double[] y = SLICE.values()[SLICE.entities().indexOf("vm-737498")];
        SeriesState straight = model.newState();
        SeriesStep a = model.newStep();
        SeriesStep b = model.newStep();
        for (int t = 0; t < 600; t++) {
            model.update(straight, at(t), y[t], a);
        }
        byte[] bytes = model.encode(straight);
        assertThat(bytes).hasSize(model.encodedSize(straight));
        assertThat(bytes.length).isLessThan(2048);
        SeriesState restored = new SeriesModel(CONFIG).decode(bytes);
        for (int t = 600; t < SLICE.steps(); t++) {
            model.update(straight, at(t), y[t], a);
            model.update(restored, at(t), y[t], b);
            assertThat(b.anomalyScore()).isEqualTo(a.anomalyScore());
            assertThat(b.scored(1)).isEqualTo(a.scored(1));
            assertThat(b.issuedQuantile(1, 3)).isEqualTo(a.issuedQuantile(1, 3));
            for (int h = 1; h <= 12; h++) {
                assertThat(b.quantile(h, 2)).isEqualTo(a.quantile(h, 2));
            }
        }
        assertThat(model.encode(restored)).isEqualTo(model.encode(straight));
    }

    /**
     * After a missing step, the one-step forecast issued before it is not scored against the step
     * after it, while the two-step forecast issued then is (that step is what it was for).
     */
    @Test
    void aGapLeavesUnscoredOnlyWhatWasForTheMissingStep() {
        SeriesModel model = new SeriesModel(CONFIG);
        SeriesState s = model.newState();
        SeriesStep out = model.newStep();
        double[] y = SLICE.values()[0];
        for (int t = 0; t < 50; t++) {
            model.update(s, at(t), y[t], out);
        }
        model.update(s, at(51), y[51], out);
        assertThat(out.scored(0)).isFalse();
        assertThat(out.scored(1)).isTrue();
        model.update(s, at(52), y[52], out);
        assertThat(out.scored(0)).isTrue();
        assertThat(out.scored(1)).isFalse();
        byte[] before = model.encode(s);
        model.update(s, at(52), 1e6, out);
        model.update(s, at(53), Double.NaN, out);
        assertThat(out.updated()).isFalse();
        assertThat(model.encode(s)).isEqualTo(before);
    }

    /** Over the slice after a one-day warm-up, the lead's upper bounds cover about as promised. */
    @Test
    void leadCoverageOnTheSliceIsNearItsLevel() {
        SeriesModel model = new SeriesModel(CONFIG);
        int n = 0;
        int covered95 = 0;
        int covered99 = 0;
        for (int e = 0; e < SLICE.entities().size(); e++) {
            SeriesState s = model.newState();
            SeriesStep out = model.newStep();
            for (int t = 0; t < SLICE.steps(); t++) {
                model.update(s, at(t), SLICE.values()[e][t], out);
                if (t >= 288 && out.scored(1)) {
                    n++;
                    covered95 += out.covered(1, 2) ? 1 : 0;
                    covered99 += out.covered(1, 3) ? 1 : 0;
                }
            }
        }
        // 2,583 scored steps: the binomial standard error at 0.95 is 0.4 pp; allow 3 pp for a
        // short slice on which the calibrators are still converging
        assertThat(covered95 / (double) n).isBetween(0.92, 0.98);
        assertThat(covered99 / (double) n).isBetween(0.97, 1.0);
    }

    @Test
    void rejectsBadConfigsAndEncodings() {
        assertThatThrownBy(
                        () ->
                                new SeriesConfig(
                                        ForecastConfig.defaults(STEP),
                                        AnomalyConfig.defaults(),
                                        QuantileLevelSet.of(0.5),
                                        new int[] {2, 1}))
                .hasMessageContaining("scoredHorizons must increase strictly");
        assertThatThrownBy(
                        () ->
                                new SeriesConfig(
                                        ForecastConfig.defaults(STEP),
                                        AnomalyConfig.defaults(),
                                        QuantileLevelSet.of(0.5),
                                        new int[] {13}))
                .hasMessageContaining("1..H (12)");
        SeriesModel model = new SeriesModel(CONFIG);
        SeriesState s = model.newState();
        model.update(s, at(0), 5, model.newStep());
        byte[] good = model.encode(s);
        byte[] version = good.clone();
        version[0] = 9;
        assertThatThrownBy(() -> model.decode(version)).hasMessageContaining("unknown version 9");
        assertThatThrownBy(() -> model.decode(java.util.Arrays.copyOf(good, good.length - 3)))
                .hasMessageContaining("truncated");
        SeriesModel other =
                new SeriesModel(
                        new SeriesConfig(
                                ForecastConfig.defaults(STEP),
                                AnomalyConfig.defaults(),
                                QuantileLevelSet.of(0.5),
                                new int[] {1, 3}));
        assertThatThrownBy(() -> other.decode(good))
                .hasMessageContaining("remembered forecasts, this config remembers 4");
    }
}
