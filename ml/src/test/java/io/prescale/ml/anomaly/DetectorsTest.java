package io.prescale.ml.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.prescale.ml.nab.NabCsv;
import io.prescale.ml.nab.NabSeries;
import io.prescale.ml.stats.SortedWindow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Each detector on its own: golden values on a real slice, and the behaviour it exists for. */
class DetectorsTest {
    private static final Instant T0 = Instant.parse("2014-01-01T00:00:00Z");
    private static final TailModel TAIL = AnomalyConfig.defaults().tail();

    /**
     * Golden: robust z on the first 400 rows of a real NAB series against an independent Python
     * computation ({@code anomaly/robust_z_golden.py}, statistics.median); tolerance 1e-9 relative.
     */
    @Test
    void robustZMatchesIndependentComputationOnRealSlice() throws Exception {
        Path dir = Path.of(getClass().getClassLoader().getResource("nab/data").toURI());
        NabSeries s = NabCsv.read(dir.resolve("ec2_cpu_utilization_ac20cd.csv"), "ac20cd");
        List<String> golden =
                Files.readAllLines(
                        dir.resolveSibling("../anomaly/robust_z_golden.csv").normalize());
        RobustZScoreDetector d = new RobustZScoreDetector(32, 1000, TAIL);
        RobustZScoreDetector.State state = d.newState();
        int checked = 0;
        for (int i = 0; i < 400; i++) {
            double z = d.z(state, s.values()[i]);
            if (i >= 32) {
                String[] row = golden.get(i - 31).split(",");
                assertThat(Integer.parseInt(row[0])).isEqualTo(i);
                double expected = Double.parseDouble(row[1]);
                assertThat(z)
                        .as("row " + i)
                        .isCloseTo(expected, within(1e-9 * Math.max(1, expected)));
                checked++;
            } else {
                assertThat(z).isNaN();
            }
            d.tailProbability(state, T0, s.values()[i], ExpectedRange.NONE);
        }
        assertThat(checked).isEqualTo(368);
    }

    /** The sorted window's median and MAD equal a brute-force sort on random streams. */
    @Test
    void sortedWindowMedianAndMadMatchBruteForce() {
        Random r = new Random(11);
        for (int w : new int[] {3, 4, 32, 33}) {
            double[] ring = new double[w];
            double[] sorted = new double[w];
            double[] meta = new double[2];
            double[] all = new double[500];
            for (int i = 0; i < all.length; i++) {
                all[i] = r.nextInt(4) == 0 ? 5.0 : Math.round(r.nextGaussian() * 10) / 10.0;
                SortedWindow.add(ring, sorted, meta, all[i]);
                double[] window = Arrays.copyOfRange(all, Math.max(0, i - w + 1), i + 1);
                double median = median(window);
                assertThat(SortedWindow.median(sorted, meta)).isEqualTo(median);
                double[] dev = Arrays.stream(window).map(v -> Math.abs(v - median)).toArray();
                assertThat(SortedWindow.mad(sorted, meta, median))
                        .isCloseTo(median(dev), within(1e-12));
            }
            double[] rebuilt = new double[w];
            SortedWindow.rebuild(ring, rebuilt, meta);
            assertThat(rebuilt).containsExactly(sorted);
        }
    }

    /** On i.i.d. exponential(1) data the tail model's probabilities are calibrated in the tail. */
    @Test
    void tailModelIsCalibratedOnExponentialData() {
        Random r = new Random(5);
        float[] state = new float[TailModel.SLOTS];
        int below1 = 0;
        int below01 = 0;
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            double p = TAIL.probabilityThenLearn(state, 0, -Math.log(1 - r.nextDouble()));
            below1 += i >= 1000 && p <= 0.01 ? 1 : 0;
            below01 += i >= 1000 && p <= 0.001 ? 1 : 0;
        }
        // P(p <= a) should be about a: allow a factor of 1.5 for the tracking noise
        assertThat(below1 / (n - 1000.0)).isBetween(0.01 / 1.5, 0.01 * 1.5);
        assertThat(below01 / (n - 1000.0)).isBetween(0.001 / 1.5, 0.001 * 1.5);
    }

    /**
     * On a constant statistic the tail model's β shrinks to nothing, so that the next small value
     * is at the cap; with a floor, β stays at it and the same value is {@code τ e^−(s−u)/floor}.
     */
    @Test
    void aFlooredTailKeepsItsScaleOnAConstantStatistic() {
        float[] bare = new float[TailModel.SLOTS];
        float[] floored = new float[TailModel.SLOTS];
        for (int i = 0; i < 3000; i++) {
            TAIL.learn(bare, 0, 0.0);
            TAIL.learn(floored, 0, 0.0, 0.1);
        }
        assertThat((double) bare[2]).isLessThan(1e-9);
        assertThat(TAIL.probability(bare, 0, 0.5)).isLessThan(1e-100);
        assertThat((double) floored[2]).isEqualTo(0.1, within(1e-6));
        assertThat(TAIL.probability(floored, 0, 0.5, 0.1))
                .isCloseTo(0.02 * Math.exp(-(0.5 - floored[1]) / 0.1), within(1e-9));
    }

    /**
     * CUSUM flags a 3σ level shift within a few points (p < 0.01 under the statistic's own history:
     * the statistic is capped near h by the reset, so its tail probabilities stay moderate), then
     * its reset rule moves the level to the new mean.
     */
    @Test
    void cusumDetectsLevelShiftAndResetsToTheNewLevel() {
        CusumDetector d = new CusumDetector(0.5, 5.0, 1000, TAIL);
        CusumDetector.State s = d.newState();
        Random r = new Random(9);
        for (int i = 0; i < 1500; i++) {
            d.tailProbability(s, T0, r.nextGaussian(), ExpectedRange.NONE);
        }
        assertThat((double) s.cusum()[1]).isCloseTo(0.0, within(0.3));
        int firstAlarm = -1;
        for (int i = 0; i < 30; i++) {
            double p = d.tailProbability(s, T0, 3 + r.nextGaussian(), ExpectedRange.NONE);
            if (p < 0.01 && firstAlarm < 0) {
                firstAlarm = i;
            }
        }
        assertThat(firstAlarm).isBetween(0, 5);
        assertThat((double) s.cusum()[1]).as("level after the resets").isCloseTo(3.0, within(0.5));
    }

    /**
     * One glitch does not silence CUSUM: its level and scale take a deviation of at most ten times
     * their typical one, so a shift of 3 σ after a value of 10⁹ still raises the alarm at once.
     * Taken raw, the glitch left σ near 10⁶ for thousands of points, and the shift was nothing.
     */
    @Test
    void cusumStillDetectsALevelShiftAfterAGlitch() {
        CusumDetector d = new CusumDetector(0.5, 5.0, 1000, TAIL);
        CusumDetector.State s = d.newState();
        Random r = new Random(9);
        for (int i = 0; i < 1500; i++) {
            double v = i == 200 ? 1e9 : r.nextGaussian();
            d.tailProbability(s, T0, v, ExpectedRange.NONE);
        }
        assertThat((double) s.cusum()[1]).as("level").isCloseTo(0.0, within(0.3));
        assertThat(1.2533 * s.cusum()[2]).as("σ").isCloseTo(1.0, within(0.2));
        double least = 1;
        for (int i = 0; i < 10; i++) {
            least =
                    Math.min(
                            least,
                            d.tailProbability(s, T0, 3 + r.nextGaussian(), ExpectedRange.NONE));
        }
        assertThat(least).isLessThan(0.01);
    }

    /**
     * The typical miss that floors the half-width takes one glitch as ten typical misses at most.
     */
    @Test
    void aGlitchMovesTheTypicalMissBoundedly() {
        ForecastResidualDetector d = new ForecastResidualDetector(TAIL);
        ForecastResidualDetector.State s = d.newState();
        Random r = new Random(6);
        MutableRange range = new MutableRange().set(0, -1, 1, 0.1, 0.9);
        for (int i = 0; i < 1000; i++) {
            d.tailProbability(s, T0, i == 500 ? 1e9 : 0.8 * r.nextGaussian(), range);
        }
        assertThat((double) s.deviation()[0]).isCloseTo(0.8 * Math.sqrt(2 / Math.PI), within(0.05));
        assertThat(Winsorised.meanAbs(2, 1e9, 10)).isEqualTo(2 + (20 - 2) / 10.0);
        assertThat(Winsorised.meanAbs(0, 1e9, 1)).as("a constant start").isEqualTo(1e9);
        assertThat(Winsorised.difference(1e9, 5, 2)).isEqualTo(20);
        assertThat(Winsorised.difference(-1e9, 5, 2)).isEqualTo(-20);
        assertThat(Winsorised.difference(8, 5, 0)).isEqualTo(3);
    }

    @Test
    void residualIsInHalfWidthsOfTheIntervalOnItsSide() {
        MutableRange r = new MutableRange().set(10, 8, 14, 0.01, 0.99);
        assertThat(ForecastResidualDetector.exceedance(14, r, 0)).isEqualTo(1.0);
        assertThat(ForecastResidualDetector.exceedance(18, r, 0)).isEqualTo(2.0);
        assertThat(ForecastResidualDetector.exceedance(6, r, 0)).isEqualTo(2.0);
        ForecastResidualDetector d = new ForecastResidualDetector(TAIL);
        ForecastResidualDetector.State s = d.newState();
        assertThat(d.tailProbability(s, T0, 1e9, ExpectedRange.NONE)).isEqualTo(1.0);
        assertThat(s.tail()[0]).as("unusable range not learnt").isZero();
    }

    /** A level never visited before is rare; one inside the recent range is not. */
    @Test
    void levelRaritySeparatesNewLevelsFromVisitedOnes() {
        LevelRarityDetector d = new LevelRarityDetector(TAIL);
        LevelRarityDetector.State s = d.newState();
        Random r = new Random(13);
        for (int i = 0; i < 2000; i++) {
            d.tailProbability(s, T0, 50 + 10 * r.nextGaussian(), ExpectedRange.NONE);
        }
        LevelRarityDetector.State copy = LevelRarityDetector.State.decode(s.encode());
        assertThat(d.tailProbability(copy, T0, 55, ExpectedRange.NONE)).isEqualTo(1.0);
        assertThat(d.tailProbability(s, T0, 150, ExpectedRange.NONE)).isLessThan(1e-6);
    }

    /**
     * A level 1.5 σ above the usual for two hours: no single point is rare, the hour mean is. A
     * single point at that level leaves the mean (and so p) almost where it was.
     */
    @Test
    void levelRarityTestsTheHourMeanToo() {
        LevelRarityDetector d = new LevelRarityDetector(TAIL, 12);
        LevelRarityDetector.State s = d.newState();
        Random r = new Random(21);
        for (int i = 0; i < 3000; i++) {
            d.tailProbability(s, T0, 50 + r.nextGaussian(), ExpectedRange.NONE);
        }
        LevelRarityDetector.State single = LevelRarityDetector.State.decode(s.encode());
        assertThat(d.tailProbability(single, T0, 51.5, ExpectedRange.NONE)).isGreaterThan(0.1);
        double p = 1;
        for (int i = 0; i < 24; i++) {
            p =
                    Math.min(
                            p,
                            d.tailProbability(
                                    s, T0, 51.5 + 0.3 * r.nextGaussian(), ExpectedRange.NONE));
        }
        assertThat(p).isLessThan(1e-2);
        assertThat((double) s.mean()[0]).isCloseTo(51.5, within(0.3));
    }

    /**
     * Back at the usual level after a burst, a point is not rare although the hour mean is still
     * far above anything seen: the point pulls the mean down, so the mean's upper tail does not
     * count for it. The burst itself, and a point above the still-high mean, are rare.
     */
    @Test
    void aPointBackAtTheUsualLevelIsNotRareWhileTheMeanComesDown() {
        LevelRarityDetector d = new LevelRarityDetector(TAIL, 12);
        LevelRarityDetector.State s = d.newState();
        Random r = new Random(4);
        for (int i = 0; i < 3000; i++) {
            d.tailProbability(s, T0, 50 + r.nextGaussian(), ExpectedRange.NONE);
        }
        assertThat(d.tailProbability(s, T0, 500, ExpectedRange.NONE)).as("burst").isLessThan(1e-6);
        d.tailProbability(s, T0, 500, ExpectedRange.NONE);
        for (int i = 0; i < 6; i++) {
            double p = d.tailProbability(s, T0, 50 + r.nextGaussian(), ExpectedRange.NONE);
            assertThat(p).as("point %d back at 50, mean %s", i, s.mean()[0]).isGreaterThan(0.01);
        }
        assertThat(TAIL.probability(s.meanUpper(), 0, s.mean()[0]))
                .as("the mean, %s, still rare", s.mean()[0])
                .isLessThan(1e-6);
        LevelRarityDetector.State above = LevelRarityDetector.State.decode(s.encode());
        assertThat(d.tailProbability(above, T0, s.mean()[0] + 5, ExpectedRange.NONE))
                .as("above the high mean")
                .isLessThan(1e-6);
    }

    /**
     * Where the forecaster's interval collapses onto its median (an idle series), the half-width is
     * floored at a quarter of the typical miss: a small step off the idle value is a few
     * half-widths, not billions, and leaves the tail fit usable.
     */
    @Test
    void collapsedIntervalIsFlooredAtAQuarterOfTheTypicalMiss() {
        ForecastResidualDetector d = new ForecastResidualDetector(TAIL);
        ForecastResidualDetector.State s = d.newState();
        Random r = new Random(6);
        MutableRange range = new MutableRange().set(0, -1, 1, 0.1, 0.9);
        for (int i = 0; i < 1000; i++) {
            d.tailProbability(s, T0, 0.8 * r.nextGaussian(), range);
        }
        double typicalMiss = s.deviation()[0];
        assertThat(typicalMiss).isCloseTo(0.8 * Math.sqrt(2 / Math.PI), within(0.05));
        MutableRange collapsed = new MutableRange().set(5, 5, 5, 0.1, 0.9);
        assertThat(ForecastResidualDetector.exceedance(5.2, collapsed, typicalMiss / 4))
                .isCloseTo(0.2 / (typicalMiss / 4), within(1e-9));
        assertThat(d.tailProbability(s, T0, 5.2, collapsed)).isGreaterThan(1e-2);
        assertThat(d.tailProbability(s, T0, 25, collapsed)).isLessThan(1e-3);
    }

    private static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        int n = c.length;
        return n % 2 == 1 ? c[n / 2] : 0.5 * (c[n / 2 - 1] + c[n / 2]);
    }
}
