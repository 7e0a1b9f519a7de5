package io.prescale.ml.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.ml.forecast.ForecastConfig;
import io.prescale.ml.forecast.ForecastStack;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The combination's steps, each on the case it exists for. */
class CombinedDetectorTest {
    private static final Instant MIDNIGHT = Instant.parse("2014-04-02T00:00:00Z");
    private static final int STEPS_PER_DAY = 288;
    private static final int SPIKE_STEP = 38; // 03:10
    private static final AnomalyConfig CONFIG = AnomalyConfig.defaults();

    private static Instant at(int step) {
        return MIDNIGHT.plusSeconds(300L * step);
    }

    /** Scores a quiet series with a daily spike at 03:10; returns the stack and its state. */
    private static double[] dailySpikes(
            UnivariateAnomalyStack stack, UnivariateAnomalyStack.State s, int days) {
        Random r = new Random(8);
        double[] spikeScores = new double[days];
        for (int i = 0; i < days * STEPS_PER_DAY; i++) {
            boolean spike = i % STEPS_PER_DAY == SPIKE_STEP;
            double score = stack.score(s, at(i), spike ? 60 : 10 + r.nextGaussian());
            if (spike) {
                spikeScores[i / STEPS_PER_DAY] = score;
            }
        }
        return spikeScores;
    }

    /**
     * A daily spike is an anomaly on its first day after the warm-up, expected on every day after
     * (the seasonal envelope), while the same spike at 15:00 is reported.
     */
    @Test
    void dailySpikeIsExpectedButTheSameSpikeAtAnotherHourIsNot() {
        UnivariateAnomalyStack stack = new UnivariateAnomalyStack(CONFIG);
        UnivariateAnomalyStack.State s = stack.newState();
        double[] scores = dailySpikes(stack, s, 8);
        assertThat(scores[0]).as("day 0 is the warm-up").isZero();
        for (int day = 2; day < 8; day++) {
            assertThat(scores[day]).as("day %d", day).isZero();
        }
        double offHour = stack.score(s, at(8 * STEPS_PER_DAY + 180), 60);
        assertThat(offHour).as("at 15:00").isGreaterThan(0.3);
    }

    /** {@code alerts.critical-above}'s default in the job ({@code JobOptions}). */
    private static final double CRITICAL_ABOVE = 0.99;

    /**
     * A step of many sigmas after days of flat data scores 1, so that the job's default thresholds
     * (raise at 0.95, CRITICAL at 0.99) are reachable: each member's probability is floored once,
     * after the Bonferroni factors (the floor applied before them capped every score at 0.9398).
     */
    @Test
    void aStepOfManySigmasAfterDaysOfFlatDataScoresAboveCritical() {
        for (int days : new int[] {3, 7}) {
            UnivariateAnomalyStack stack = new UnivariateAnomalyStack(CONFIG);
            UnivariateAnomalyStack.State s = stack.newState();
            Random r = new Random(days);
            int n = days * STEPS_PER_DAY;
            double before = 0;
            for (int i = 0; i < n; i++) {
                before = Math.max(before, stack.score(s, at(i), 20 + r.nextGaussian()));
            }
            double step = stack.score(s, at(n), 95);
            assertThat(before).as("flat, %d days", days).isLessThan(0.95);
            assertThat(step).as("a step to 95 after %d days", days).isGreaterThan(CRITICAL_ABOVE);
        }
    }

    /** With the calibrated forecaster as the job reads it, the same step scores above critical. */
    @Test
    void aStepScoresAboveCriticalAgainstTheForecaster() {
        Random r = new Random(3);
        int n = 3 * STEPS_PER_DAY;
        double[] values = new double[n + 1];
        for (int i = 0; i <= n; i++) {
            values[i] = i < n ? 20 + r.nextGaussian() : 95;
        }
        assertThat(againstTheForecaster(values)[n]).isGreaterThan(CRITICAL_ABOVE);
    }

    /** {@code alerts.raise-above}'s default in the job ({@code JobOptions}). */
    private static final double RAISE_ABOVE = 0.95;

    /**
     * A disk series at 0 for days, a burst of two points, then 0 again for hours (as {@code
     * ec2_disk_write_bytes_1ef3de} on 2014-03-03): the burst is a level never seen and scores 1,
     * the return to 0 is not an anomaly. Before the level test took the hour mean's rarity only on
     * the point's side of the mean, every other point of the 0s scored 1 for hours (the forecast
     * still high, so surprising now; the hour mean still high, so "rare"): an alert storm.
     */
    @Test
    void aReturnToTheUsualLevelAfterABurstIsNotAnAnomaly() {
        int burst = 2 * STEPS_PER_DAY;
        double[] values = new double[burst + 7 * 12];
        values[burst] = 2_423_190;
        values[burst + 1] = 2_025_060;
        double[] scores = againstTheForecaster(values);
        assertThat(scores[burst]).as("the burst").isGreaterThan(RAISE_ABOVE);
        for (int i = burst + 2; i < values.length; i++) {
            assertThat(scores[i]).as("0 at point %d after the burst", i - burst).isLessThan(0.5);
        }
    }

    /** Scores {@code values}, one every 5 minutes from midnight, against the job's forecaster. */
    private static double[] againstTheForecaster(double[] values) {
        UnivariateAnomalyStack stack =
                new UnivariateAnomalyStack(
                        CONFIG,
                        ForecastRange.defaults(
                                new ForecastStack(
                                        ForecastConfig.defaults(Duration.ofMinutes(5))
                                                .withAnchors(1))));
        Instant[] times = new Instant[values.length];
        for (int i = 0; i < values.length; i++) {
            times[i] = at(i);
        }
        return stack.scoreAll(times, values);
    }

    /** After a report, the rest of the same event stays quiet unless it gets more surprising. */
    @Test
    void anEventIsReportedAtItsOnset() {
        UnivariateAnomalyStack stack = new UnivariateAnomalyStack(CONFIG);
        UnivariateAnomalyStack.State s = stack.newState();
        Random r = new Random(2);
        int reports = 0;
        for (int i = 0; i < 2500; i++) {
            double v = (i >= 2000 ? 100 : 50) + r.nextGaussian();
            double score = stack.score(s, at(i), v);
            if (i >= 2000) {
                reports += score > 0.2 ? 1 : 0;
            }
        }
        assertThat(reports).isBetween(1, 3);
    }
}
