package io.prescale.ml.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ScoringTest {

    @Test
    void scoresByTheReadmeRules() {
        double[][] d = {{9, 1, 2, 3, 4}, {9, 2, 2, 2, 2}};
        double[][] a = {{0, 2, 2, 2, 5}, {0, 2, 2, 2, 2}};
        Score s = Scoring.score(d, a, 1, 4);
        // entity 0 misses t=3 (3 > 2) of 4 scored steps; entity 1 never
        assertThat(s.pooledViolation()).isEqualTo(1.0 / 8);
        assertThat(s.perEntityP95()).isEqualTo(0.25);
        assertThat(s.cost()).isCloseTo((11.0 + 8) / (10 + 8), within(1e-12));
        assertThat(s.shortfall()).isCloseTo(1.0 / 18, within(1e-12));
        // a changes once (t=4) in 2 entity-days
        assertThat(s.actionsPerEntityDay()).isEqualTo(0.5);
    }

    @Test
    void scaledSweepAgreesWithScoringAtTheKnobItFinds() {
        double[][] d = new double[5][400];
        double[][] b = new double[5][400];
        java.util.Random r = new java.util.Random(3);
        for (int e = 0; e < 5; e++) {
            for (int t = 0; t < 400; t++) {
                d[e][t] = 1 + r.nextDouble() * (e + 1);
                b[e][t] = 1 + r.nextDouble();
            }
        }
        double k = ScaledSweep.knobFor(d, b, 100, 0.05);
        double[][] a = new double[5][400];
        for (int e = 0; e < 5; e++) {
            for (int t = 0; t < 400; t++) {
                a[e][t] = k * b[e][t];
            }
        }
        Score s = Scoring.score(d, a, 100, 100);
        assertThat(s.perEntityP95()).isLessThanOrEqualTo(0.05);
        SweepResult sweep = ScaledSweep.sweep(d, b, 100);
        assertThat(sweep.perEntityCostAt(s.perEntityP95())).isLessThanOrEqualTo(s.cost() + 1e-9);
    }
}
