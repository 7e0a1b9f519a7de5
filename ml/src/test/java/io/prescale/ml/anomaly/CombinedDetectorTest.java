package io.prescale.ml.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.ml.forecast.ForecastConfig;
import io.prescale.ml.forecast.ForecastStack;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
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

    /**
     * A disk series at 0 for two days, then for two days a burst of about 10⁶ every 20 minutes (as
     * {@code ec2_disk_write_bytes_1ef3de} on 2014-03-03 and 04): the bursts are a level the series
     * had never visited and score at the cap, and the event is reported once a day at most. Before
     * the onset rule counted the points since a score at the cap, the lower points between two
     * capped ones let the memory decay and each capped burst was reported again.
     */
    @Test
    void aCappedEventIsReportedOncePerOnsetPointsAtMost() {
        UnivariateAnomalyStack stack = new UnivariateAnomalyStack(CONFIG);
        UnivariateAnomalyStack.State s = stack.newState();
        Random r = new Random(5);
        int quiet = 2 * STEPS_PER_DAY;
        for (int i = 0; i < quiet; i++) {
            stack.score(s, at(i), 0);
        }
        int[] reports = new int[2];
        int capped = 0;
        for (int i = 0; i < 2 * STEPS_PER_DAY; i++) {
            double v = i % 4 == 0 ? 1e6 * Math.exp(r.nextGaussian()) : 0;
            double score = stack.score(s, at(quiet + i), v);
            capped += s.detector().onset()[1] == 0 ? 1 : 0;
            reports[i / STEPS_PER_DAY] += score >= RAISE_ABOVE ? 1 : 0;
        }
        // more than one, so that a later one would be reported again without c; since the spread
        // floors the members' scales, bursts of the size already seen stop scoring at the cap
        // after the first three (more than 5 before)
        assertThat(capped).as("points at the cap").isGreaterThan(1);
        assertThat(reports[0]).as("reports on the first day").isEqualTo(1);
        assertThat(reports[1]).as("reports on the second day").isLessThanOrEqualTo(1);
    }

    /**
     * After a score at the cap, nothing is reported for r points (a day); a level shift after that
     * is reported at its onset.
     */
    @Test
    void aLevelShiftADayAfterACappedSpikeIsReportedAtItsOnset() {
        UnivariateAnomalyStack stack = new UnivariateAnomalyStack(CONFIG);
        UnivariateAnomalyStack.State s = stack.newState();
        Random r = new Random(9);
        int spike = 3 * STEPS_PER_DAY;
        int shift = spike + CONFIG.onsetPoints() + 12;
        double spikeScore = 0;
        double shiftScore = 0;
        for (int i = 0; i < shift + 12; i++) {
            double v = i == spike ? 1000 : (i >= shift ? 95 : 20) + r.nextGaussian();
            double score = stack.score(s, at(i), v);
            if (i == spike) {
                spikeScore = score;
            } else if (i >= shift) {
                shiftScore = Math.max(shiftScore, score);
            } else if (i > spike) {
                assertThat(score).as("point %d after the spike", i - spike).isZero();
            }
        }
        assertThat(spikeScore).as("the spike").isEqualTo(1.0);
        assertThat(shiftScore).as("the shift").isGreaterThan(CRITICAL_ABOVE);
    }

    /**
     * The onset state round-trips, and a version-3 state (the onset memory without the points since
     * a score at the cap) decodes: "at the cap just now" when its memory is 1, "none for long"
     * otherwise, its members unchanged.
     */
    @Test
    void theOnsetStateRoundTripsAndAVersion3StateDecodes() {
        UnivariateAnomalyStack stack = new UnivariateAnomalyStack(CONFIG);
        UnivariateAnomalyStack.State s = stack.newState();
        Random r = new Random(12);
        for (int i = 0; i < 600; i++) {
            stack.score(s, at(i), i == 599 ? 1e6 : 20 + r.nextGaussian());
        }
        byte[] v4 = s.detector().encode();
        assertThat(v4[0]).isEqualTo(CombinedDetector.VERSION);
        CombinedDetector.State copy = CombinedDetector.State.decode(v4);
        assertThat(copy.onset()).containsExactly(1f, 0f);
        assertThat(copy.encode()).isEqualTo(v4);
        for (float memory : new float[] {1f, 0.4f}) {
            CombinedDetector.State old = CombinedDetector.State.decode(version3(v4, memory));
            float since = memory >= 1 ? 0 : (float) StateCodec.COUNT_CAP;
            assertThat(old.onset()).containsExactly(memory, since);
            assertThat(old.level().encode()).isEqualTo(copy.level().encode());
            assertThat(old.envelope().encode()).isEqualTo(copy.envelope().encode());
            assertThat(CombinedDetector.State.decode(old.encode()).encode())
                    .isEqualTo(old.encode());
        }
    }

    /** {@code v4} written as version 3 did: a one-float onset {@code [memory]}. */
    private static byte[] version3(byte[] v4, float memory) {
        int rest = v4.length - 10; // version, length, two floats
        java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(6 + rest);
        out.put(CombinedDetector.MEMORY_ONLY_VERSION).put((byte) 1).putFloat(memory);
        out.put(v4, 10, rest);
        return out.array();
    }

    /**
     * A VM idle at 0 % for ten days, then now and then at 0.5 % for one point (300 to 700 points
     * apart, so the onset rule's day does not hide a report), then a step to 40 %. Against {@code
     * alerts.raise-above}'s default: the first departures may alert (a series at 0 since it started
     * has no scale but what its changes teach: the spread learns ten times as far per departure, as
     * the envelope limits a bound's move), none after the third; the step is an alert above
     * critical. Before the members' scales were floored at a share of the spread, their scales and
     * tail β had shrunk to nothing on the zeros and most wobbles scored 1.
     */
    @Test
    void smallWobblesAfterDaysAtZeroAreNotAlertsButAStepIs() {
        double[] values = wobblesThenStep(0, 0.5, 40);
        double[] scores = againstTheForecaster(values);
        int step = values.length - 12;
        int alerts = 0;
        int wobbles = 0;
        for (int i = 0; i < step; i++) {
            wobbles += values[i] != 0 ? 1 : 0;
            if (scores[i] >= RAISE_ABOVE) {
                alerts++;
                assertThat(wobbles)
                        .as("alert at point %d, wobble %d", i, wobbles)
                        .isLessThanOrEqualTo(4);
            }
        }
        assertThat(wobbles).isGreaterThan(40);
        assertThat(alerts).as("alerts on wobbles").isLessThanOrEqualTo(4);
        assertThat(max(scores, step)).as("the step to 40").isGreaterThan(CRITICAL_ABOVE);
    }

    /**
     * A series exactly at 37 for ten days, then now and then 0.5 above or below it for one point:
     * none is an alert (its spread is at least a twentieth of its level), while a step to 60 is.
     */
    @Test
    void smallWobblesAfterDaysAtAConstantAreNotAlertsButAStepIs() {
        double[] values = wobblesThenStep(37, 0.5, 60);
        double[] scores = againstTheForecaster(values);
        int step = values.length - 12;
        for (int i = 0; i < step; i++) {
            assertThat(scores[i]).as("point %d, value %s", i, values[i]).isLessThan(RAISE_ABOVE);
        }
        assertThat(max(scores, step)).as("the step to 60").isGreaterThan(CRITICAL_ABOVE);
    }

    /**
     * 3,000 points at {@code level}, then single points {@code wobble} off it (either side for a
     * level above 0) 300 to 700 points apart, then 12 points at {@code step}.
     */
    private static double[] wobblesThenStep(double level, double wobble, double step) {
        Random r = new Random(3);
        double[] values = new double[3000 + 50 * 500 + 12];
        Arrays.fill(values, level);
        for (int i = 3000; i < values.length - 12 - 700; i += 300 + r.nextInt(400)) {
            values[i] = level + (level > 0 && r.nextBoolean() ? -wobble : wobble);
        }
        Arrays.fill(values, values.length - 12, values.length, step);
        return values;
    }

    private static double max(double[] scores, int from) {
        return Arrays.stream(scores, from, scores.length).max().orElseThrow();
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
