package io.prescale.operators.forecast;

import static io.prescale.operators.forecast.ForecastHarness.SETTINGS;
import static io.prescale.operators.forecast.ForecastHarness.SLICE;
import static io.prescale.operators.forecast.ForecastHarness.STEP;
import static io.prescale.operators.forecast.ForecastHarness.put;
import static io.prescale.operators.forecast.ForecastHarness.side;
import static io.prescale.operators.forecast.ForecastHarness.start;
import static io.prescale.operators.forecast.ForecastHarness.step;
import static io.prescale.operators.forecast.ForecastHarness.watermark;
import static io.prescale.operators.forecast.ForecastHarness.window;
import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.ml.alert.AlertGate;
import io.prescale.ml.series.SeriesModel;
import io.prescale.ml.series.SeriesState;
import io.prescale.ml.series.SeriesStep;
import io.prescale.ml.stats.Pinball;
import io.prescale.model.AlertKind;
import io.prescale.model.Forecast;
import io.prescale.model.WindowAggregate;
import io.prescale.operators.Harnesses;
import io.prescale.operators.alert.AnomalyScore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The forecasting operator over two days of two real VMs, windows and watermarks driven by hand:
 * what it puts out is checked against its own earlier outputs (the accuracy of a forecast against
 * the forecast it issued, the anomaly range against the one-step forecast before it), so the timing
 * of issue, target and scoring is tested independently of the model's numbers.
 */
class SeriesForecastFunctionTest {
    private static final double[] LEVELS = {0.5, 0.9, 0.95, 0.99};

    @Test
    void forecastsEveryHorizonAndScoresWhatItIssuedEarlier() throws Exception {
        var h = ForecastHarness.open(SETTINGS, null);
        int steps = SLICE.steps();
        int entities = SLICE.entities().size();
        for (int t = 0; t < steps; t++) {
            step(h, t);
        }
        List<Forecast> forecasts = h.extractOutputValues();
        assertThat(forecasts).hasSize(steps * entities * 12);
        Map<String, Forecast> byKey = new HashMap<>();
        for (Forecast f : forecasts) {
            assertThat(f.model()).isEqualTo("ensemble");
            assertThat(f.stepSeconds()).isEqualTo(300);
            assertThat(f.quantiles()).containsOnlyKeys(0.5, 0.9, 0.95, 0.99);
            for (int k = 1; k < LEVELS.length; k++) {
                assertThat(f.quantiles().get(LEVELS[k]))
                        .isGreaterThanOrEqualTo(f.quantiles().get(LEVELS[k - 1]));
            }
            byKey.put(f.entity() + "@" + f.issuedAt() + "+" + f.horizon(), f);
        }
        List<ForecastAccuracy> accuracy = side(h, SeriesForecastFunction.ACCURACY);
        assertThat(accuracy).hasSize(entities * ((steps - 1) + (steps - 2)));
        for (ForecastAccuracy a : accuracy) {
            Instant issued = a.window().minus(STEP.multipliedBy(a.horizon() - 1));
            Forecast f = byKey.get(a.entity() + "@" + issued + "+" + a.horizon());
            assertThat(f).as("forecast scored by %s", a).isNotNull();
            int t = (int) Duration.between(SLICE.start(), a.window()).dividedBy(STEP);
            double y = ForecastHarness.value(SLICE.entities().indexOf(a.entity()), t);
            assertThat(a.observed()).as("the window max is what is forecast").isEqualTo(y);
            assertThat(a.forecastMean()).isEqualTo((float) f.mean());
            assertThat(a.pinball50()).isEqualTo(Pinball.loss(0.5, y, issuedQ(f, 0.5)));
            assertThat(a.pinball90()).isEqualTo(Pinball.loss(0.9, y, issuedQ(f, 0.9)));
            assertThat(a.pinball99()).isEqualTo(Pinball.loss(0.99, y, issuedQ(f, 0.99)));
            assertThat(a.covered95()).isEqualTo(y <= issuedQ(f, 0.95));
            assertThat(a.covered99()).isEqualTo(y <= issuedQ(f, 0.99));
        }
        List<AnomalyScore> scores = side(h, SeriesForecastFunction.SCORES);
        assertThat(scores).isNotEmpty();
        for (AnomalyScore s : scores) {
            assertThat(s.kind()).isEqualTo(AlertKind.FORECAST_MISS);
            assertThat(s.detector()).isEqualTo("combined");
            assertThat(s.score()).isBetween(0.0, 1.0);
            assertThat(s.observed())
                    .isEqualTo(window(SLICE.entities().indexOf(s.entity()), t(s)).max());
            Forecast before = byKey.get(s.entity() + "@" + s.time() + "+1");
            if (t(s) >= 100) {
                // the range counts once the stack has seen 1 / 0.01 = 100 values
                double m = before.quantiles().get(0.5);
                double u = Math.max(before.quantiles().get(0.99), m);
                assertThat(s.expectedUpper()).isEqualTo(u);
                // the slice's CPU series were never negative: the range's lower bound stops at 0
                assertThat(s.expectedLower()).isEqualTo(Math.max(0, 2 * m - u));
            } else {
                assertThat(s.expectedUpper()).isNaN();
            }
        }
        Harnesses.assertKeyedEntries(h, 2 * entities, "state and remembered forecasts");
        assertThat(h.numEventTimeTimers()).isEqualTo(entities);
        h.close();
    }

    private static int t(AnomalyScore s) {
        return (int) Duration.between(SLICE.start(), s.time()).dividedBy(STEP);
    }

    /**
     * Only the scores that can move the alert hysteresis go on, and the hysteresis raises exactly
     * as it would over every score: checked against every score of the series model run directly.
     * Every score, passed on or not, is on the value's accuracy rows (InfluxDB {@code accuracy}).
     */
    @Test
    void passesOnExactlyTheScoresThatCanMoveTheAlertHysteresis() throws Exception {
        var h = ForecastHarness.open(SETTINGS, null);
        for (int t = 0; t < SLICE.steps(); t++) {
            step(h, t);
        }
        List<AnomalyScore> passed = side(h, SeriesForecastFunction.SCORES);
        Map<String, Double> rowScores = new HashMap<>();
        for (ForecastAccuracy a : side(h, SeriesForecastFunction.ACCURACY)) {
            rowScores.merge(
                    a.entity() + "@" + a.window(),
                    a.anomalyScore(),
                    (x, y) -> {
                        assertThat(y)
                                .as("the same value's score on both horizons' rows")
                                .isEqualTo(x);
                        return x;
                    });
        }
        SeriesModel model = new SeriesModel(SETTINGS.series());
        AlertGate gate = new AlertGate(ForecastHarness.ALERTS);
        for (int e = 0; e < SLICE.entities().size(); e++) {
            String vm = SLICE.entities().get(e);
            SeriesState s = model.newState();
            SeriesStep out = model.newStep();
            List<Integer> expected = new ArrayList<>();
            List<Integer> raisedAll = new ArrayList<>();
            boolean raised = false;
            double previous = 0;
            for (int t = 0; t < SLICE.steps(); t++) {
                model.update(s, start(t), ForecastHarness.value(e, t), out);
                double score = out.anomalyScore();
                if (t > 0) {
                    assertThat(rowScores.get(vm + "@" + start(t)))
                            .as("%s at %d: accuracy row's score", vm, t)
                            .isEqualTo(score);
                }
                if (score >= 0.25 || previous >= 0.25) {
                    expected.add(t);
                }
                previous = score;
                AlertGate.Transition tr = gate.transition(raised, score);
                raised =
                        tr == AlertGate.Transition.RAISED
                                || (raised && tr != AlertGate.Transition.CLEARED);
                if (tr == AlertGate.Transition.RAISED) {
                    raisedAll.add(t);
                }
            }
            List<AnomalyScore> mine = passed.stream().filter(a -> a.entity().equals(vm)).toList();
            assertThat(mine.stream().map(SeriesForecastFunctionTest::t).toList())
                    .as("%s: windows whose score was passed on", vm)
                    .isEqualTo(expected);
            List<Integer> raisedPassed = new ArrayList<>();
            boolean r = false;
            for (AnomalyScore a : mine) {
                AlertGate.Transition tr = gate.transition(r, a.score());
                r = tr == AlertGate.Transition.RAISED || (r && tr != AlertGate.Transition.CLEARED);
                if (tr == AlertGate.Transition.RAISED) {
                    raisedPassed.add(t(a));
                }
            }
            assertThat(raisedPassed).isEqualTo(raisedAll);
            if (e == 0) {
                assertThat(raisedAll).as("the spike raises").contains(ForecastHarness.SPIKE_AT);
            }
            assertThat(expected.size()).isLessThan(SLICE.steps() / 2);
        }
        h.close();
    }

    private static double issuedQ(Forecast f, double level) {
        return (float) (double) f.quantiles().get(level);
    }

    @Test
    void anIdleSeriesIsDroppedAfterItsTtlAndComesBackFresh() throws Exception {
        ForecastSettings oneHour =
                new ForecastSettings(
                        STEP,
                        12,
                        new double[] {0.5, 0.99},
                        2,
                        WindowStatistic.MAX,
                        Duration.ofHours(1));
        var h = ForecastHarness.open(oneHour, null);
        for (int t = 0; t < 20; t++) {
            step(h, t);
        }
        assertThat(h.numEventTimeTimers()).isEqualTo(2);
        // only vm 0 from step 20: vm 1's last window ends at step 20, so its state goes once the
        // watermark passes step 32 (20 + 12 steps of 5 minutes), after step 32's windows
        for (int t = 20; t < 40; t++) {
            WindowAggregate w = window(0, t);
            put(h, w);
            watermark(h, start(t + 1).toEpochMilli() - 1);
            int live = t < 32 ? 2 : 1;
            Harnesses.assertKeyedEntries(
                    h,
                    2 * live,
                    "series alive after step " + t + " (state and remembered forecasts)");
            assertThat(h.numEventTimeTimers()).isEqualTo(live);
        }
        h.getOutput().clear();
        WindowAggregate back = window(1, 40);
        put(h, back);
        var fresh = ForecastHarness.open(oneHour, null);
        put(fresh, back);
        assertThat(h.extractOutputValues())
                .hasSize(12)
                .containsExactlyElementsOf(fresh.extractOutputValues());
        Harnesses.assertKeyedEntries(h, 4, "keyed state entries");
        h.close();
        fresh.close();
    }

    @Test
    void aRepeatedWindowChangesNothingAndPutsOutNothing() throws Exception {
        var h = ForecastHarness.open(SETTINGS, null);
        for (int t = 0; t < 5; t++) {
            step(h, t);
        }
        int before = h.extractOutputValues().size();
        WindowAggregate again = window(0, 4);
        put(h, again);
        assertThat(h.extractOutputValues()).hasSize(before);
        assertThat(side(h, SeriesForecastFunction.ACCURACY)).hasSize(2 * (4 + 3));
        h.close();
    }
}
