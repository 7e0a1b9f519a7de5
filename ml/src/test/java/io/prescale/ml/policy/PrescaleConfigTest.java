package io.prescale.ml.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PrescaleConfigTest {

    @Test
    void validatesWithNamedMessages() {
        PrescaleConfig ok = PrescaleConfig.defaults(0.01, 2, 288);
        assertThatThrownBy(() -> ok.withTargetViolation(0))
                .hasMessage("targetViolation must be in [0.0001, 0.5], was 0");
        assertThatThrownBy(() -> ok.withTargetViolation(1e-100))
                .hasMessage("targetViolation must be in [0.0001, 0.5], was 1e-100");
        assertThatThrownBy(() -> PrescaleConfig.violationForCostRatio(1e17))
                .hasMessageContaining("must be in [1, 9999], was 100000000000000000");
        assertThat(PrescaleConfig.violationForCostRatio(9999)).isEqualTo(1e-4);
        assertThatThrownBy(() -> PrescaleConfig.defaults(0.01, 0, 288))
                .hasMessage("leadSteps must be >= 1, was 0");
        assertThatThrownBy(() -> new Limits(2, 1, 0, 1))
                .hasMessage("max must be >= min (2), was 1");
        assertThatThrownBy(() -> new Limits(0, 1, -1, 1))
                .hasMessage("quantum must be finite and >= 0, was -1");
        assertThatThrownBy(() -> PrescaleConfig.violationForCostRatio(0.5))
                .hasMessageContaining("costRatio (c_under / c_over) must be in [1, 9999]");
    }

    @Test
    void costRatioIsTheNewsvendorCriticalRatio() {
        // c_under = 19 c_over: allocate the 95th percentile, miss 5 % of steps
        assertThat(PrescaleConfig.violationForCostRatio(19)).isEqualTo(0.05);
    }

    @Test
    void limitsQuantiseUpRateLimitAndClamp() {
        Limits vcpu = new Limits(0.5, 8, 0.25, 1.0);
        assertThat(vcpu.apply(2, 2.3)).isEqualTo(2.5);
        assertThat(vcpu.apply(2, 5)).isEqualTo(3.0);
        assertThat(vcpu.apply(1, 0)).isEqualTo(0.5);
        assertThat(vcpu.apply(7.5, 9)).isEqualTo(8);
    }

    /**
     * The ceiling is max on the step's grid, or max itself when no multiple lies in [min, max] (the
     * fifty-first tester's min 10, max 12, step 7 was allocated 10 under a demand of 11).
     */
    @Test
    void theCeilingIsMaxOnTheStepsGridWhenTheRangeHoldsOne() {
        assertThat(new Limits(30, 50, 7, Double.POSITIVE_INFINITY).apply(42, 60)).isEqualTo(49);
        assertThat(new Limits(10, 12, 7, Double.POSITIVE_INFINITY).apply(10, 11.4)).isEqualTo(12);
        assertThat(new Limits(0, 50, 0, Double.POSITIVE_INFINITY).apply(42, 60)).isEqualTo(50);
    }

    /**
     * A step down once the forecast is a quarter step below the lower step: the forty-eighth
     * tester's 42 over a forecast of 33 (step 7) comes down, the fifty-first tester's 3 replicas
     * over a forecast hovering at 1.95..2.16 (step 1) holds instead of moving 2, 3, 2, 3.
     */
    @Test
    void aStepDownWaitsForTheForecastToBeAQuarterStepBelow() {
        Limits seven = new Limits(0, 50, 7, Double.POSITIVE_INFINITY);
        assertThat(seven.stepDown(42, 33, 1.75)).isEqualTo(35);
        assertThat(seven.stepDown(42, 20, 1.75)).isEqualTo(35);
        assertThat(seven.stepDown(42, 33.5, 1.75)).isEqualTo(42);
        Limits replicas = new Limits(0, 10, 1, Double.POSITIVE_INFINITY);
        assertThat(replicas.stepDown(3, 1.95, 0.25)).isEqualTo(3);
        assertThat(replicas.stepDown(3, 1.7, 0.25)).isEqualTo(2);
        assertThat(seven.stepDown(42, 34.35, 0))
                .as("settled: below the lower step at all")
                .isEqualTo(35);
        assertThat(seven.stepDown(42, 35.1, 0)).isEqualTo(42);
    }

    @Test
    void aQuantumFarAboveTheAmountRoundsItUpNotToZero() {
        Limits coarse = new Limits(0, Double.POSITIVE_INFINITY, 1e300, Double.POSITIVE_INFINITY);
        assertThat(coarse.apply(0, 3)).isEqualTo(1e300);
        assertThat(coarse.apply(0, 0)).isZero();
        Limits replicas = new Limits(0, 10, 1, Double.POSITIVE_INFINITY);
        assertThat(replicas.apply(0, 1e-12)).isEqualTo(1);
        assertThat(replicas.apply(0, 3.0000000001)).isEqualTo(3);
        assertThatThrownBy(() -> new Limits(0, 10, 20, 1))
                .hasMessage("step (the granularity) must be <= max (10), was 20");
    }
}
