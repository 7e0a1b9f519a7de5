package io.prescale.ml.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class CurveTest {

    @Test
    void interpolatesLinearlyBetweenBracketingPointsAndRefusesToExtrapolate() {
        Curve c =
                Curve.of(
                        List.of(
                                new double[] {0.05, 2.0},
                                new double[] {0.00, 6.0},
                                new double[] {0.02, 3.0}));
        assertThat(c.costAt(0.01)).isCloseTo(4.5, within(1e-12));
        assertThat(c.costAt(0.05)).isEqualTo(2.0);
        assertThat(c.costAt(0.035)).isCloseTo(2.5, within(1e-12));
        assertThat(c.costAt(0.06)).isNaN();
    }

    @Test
    void tiesTakeTheCheapestPoint() {
        Curve c =
                Curve.of(
                        List.of(
                                new double[] {0.01, 5.0},
                                new double[] {0.01, 4.0},
                                new double[] {0.0, 9.0}));
        assertThat(c.costAt(0.01)).isEqualTo(4.0);
    }

    /** vpa-tuned's sweep: of two settings' curves, the cheaper point at every violation. */
    @Test
    void theLowerEnvelopeKeepsThePointsNoOtherBeats() {
        Curve a = Curve.of(List.of(new double[] {0.0, 10.0}, new double[] {0.02, 4.0}));
        Curve b =
                Curve.of(
                        List.of(
                                new double[] {0.0, 8.0},
                                new double[] {0.01, 6.0},
                                new double[] {0.05, 5.0}));

        Curve env = Curve.lowerEnvelope(List.of(a, b));

        assertThat(env.violation()).containsExactly(0.0, 0.01, 0.02);
        assertThat(env.cost()).containsExactly(8.0, 6.0, 4.0);
        assertThat(env.costAt(0.005)).isCloseTo(7.0, within(1e-12));
        assertThat(env.costAt(0.05)).isNaN();
    }
}
