package io.prescale.ml.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.prescale.ml.policy.DecisionSlot;
import io.prescale.ml.policy.Limits;
import io.prescale.ml.policy.PrescaleConfig;
import io.prescale.ml.policy.PrescalePolicy;
import io.prescale.ml.policy.PrescaleState;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The step-by-step gap rule gives exactly the allocations the policy itself fixes for the steps of
 * a gap when data resumes.
 */
class GapReleaseTest {
    private static final int LEAD = 2;
    private static final int LAST = 60;

    private static PrescaleConfig config(Limits limits) {
        PrescaleConfig d = PrescaleConfig.defaults(0.05, LEAD, 288);
        return new PrescaleConfig(
                d.targetViolation(),
                d.leadSteps(),
                d.halfLifeSteps(),
                d.feedbackGain(),
                d.confidenceThreshold(),
                4,
                0.3,
                d.tolerance(),
                limits,
                d.defaultAllocation(),
                d.stepsPerDay());
    }

    private static void assertMirrorsThePolicy(PrescaleConfig config, int gap, boolean steady) {
        PrescalePolicy policy = new PrescalePolicy(config);
        DecisionSlot slot = new DecisionSlot();
        PrescaleState st = policy.start(0, null, slot);
        Random r = new Random(7);
        for (int s = 0; s <= LAST; s++) {
            double noise = 5 * r.nextGaussian() + (s == LAST ? 30 : 0);
            policy.step(st, s, steady ? 40 : 10 + noise, slot);
        }
        if (steady) {
            assertThat(GapRelease.leaseExpiryStep(st))
                    .as("lease long expired")
                    .isLessThan(LAST - 20);
        }
        long resume = LAST + gap + 1;
        double[] expected = new double[(int) resume + LEAD];
        double current = st.currentAllocation();
        long lease = GapRelease.leaseExpiryStep(st);
        for (long g = LAST + 1; g < resume; g++) {
            current = GapRelease.afterMissingStep(config, current, g, lease, LAST + 1);
            expected[(int) (g + LEAD)] = current;
        }
        policy.step(st, resume, 12, slot);
        for (long g = Math.max(LAST + 1, resume - LEAD); g < resume; g++) {
            assertThat(policy.allocationFor(st, g + LEAD))
                    .as("allocation for step %d", g + LEAD)
                    .isEqualTo(expected[(int) (g + LEAD)]);
        }
    }

    @Test
    void mirrorsThePolicyOverGapsShorterAndLongerThanTheLease() {
        for (int gap : new int[] {1, 2, 3, 4, 5, 9, 20}) {
            for (boolean steady : new boolean[] {false, true}) {
                assertMirrorsThePolicy(config(Limits.none()), gap, steady);
                assertMirrorsThePolicy(config(new Limits(2, 60, 0.25, 4)), gap, steady);
            }
        }
    }

    @Test
    void holdsWhileTheLeaseHoldsThenDecaysTowardsTheFloor() {
        PrescaleConfig c = config(new Limits(2, 100, 0, Double.POSITIVE_INFINITY));
        assertThat(GapRelease.afterMissingStep(c, 42, 9, 10, 9)).isEqualTo(42);
        // 2 + (42 - 2) * (1 - 0.3)
        assertThat(GapRelease.afterMissingStep(c, 42, 10, 10, 9)).isEqualTo(30.0);
        // k = ceil(ln 0.03 / ln 0.7) = 10 release steps: steps 10..18 decay, step 19 is the floor
        double a = 42;
        for (int g = 10; g < 19; g++) {
            double before = a;
            a = GapRelease.afterMissingStep(c, a, g, 10, 9);
            assertThat(a).as("step %d", g).isEqualTo(2 + (before - 2) * 0.7);
        }
        assertThat(GapRelease.afterMissingStep(c, a, 19, 10, 9)).isEqualTo(2.0);
        assertThat(GapRelease.afterMissingStep(c, 2, 20, 10, 9)).isEqualTo(2.0);
    }

    /**
     * A gap long after the lease expired (an entity steady at 40 for hours, whose lease was last
     * renewed at step 12) is released over k steps from its first missing step, as one that starts
     * as the lease expires. Counted from the lease expiry, its first missing step went to the floor
     * (40 → 0 for one missed window, then back up when data resumed).
     */
    @Test
    void aGapLongAfterTheLeaseExpiredDecaysOverKStepsFromItsStart() {
        PrescaleConfig c = PrescaleConfig.defaults(0.01, LEAD, 288);
        long lease = 12;
        long first = 300;
        double a = GapRelease.afterMissingStep(c, 40, first, lease, first);
        assertThat(a).isCloseTo(12, offset(1e-9));
        a = GapRelease.afterMissingStep(c, a, first + 1, lease, first);
        assertThat(a).isCloseTo(3.6, offset(1e-9));
        assertThat(GapRelease.afterMissingStep(c, a, first + 2, lease, first)).isZero();
        // a gap that starts while the lease holds still counts from the lease expiry
        assertThat(GapRelease.afterMissingStep(c, 40, first + 1, first + 1, first))
                .isCloseTo(12, offset(1e-9));
    }

    @Test
    void theDefaultsReleaseASilentEntityInThreeStepsNotForEver() {
        PrescaleConfig c = PrescaleConfig.defaults(0.01, LEAD, 288);
        long lease = 5;
        double a = 3;
        List<Double> seen = new ArrayList<>();
        for (long g = lease; g < lease + 50; g++) {
            double next = GapRelease.afterMissingStep(c, a, g, lease, lease);
            if (next != a) {
                seen.add(next);
            }
            a = next;
        }
        assertThat(seen).hasSize(3).endsWith(0.0);
        assertThat(seen.get(0)).isCloseTo(0.9, offset(1e-12));
    }

    @Test
    void aToleranceOfZeroStillEndsTheDecay() {
        PrescaleConfig d = PrescaleConfig.defaults(0.01, LEAD, 288);
        PrescaleConfig c =
                new PrescaleConfig(
                        d.targetViolation(),
                        LEAD,
                        d.halfLifeSteps(),
                        d.feedbackGain(),
                        d.confidenceThreshold(),
                        d.stabilisationSteps(),
                        0.5,
                        0,
                        d.limits(),
                        d.defaultAllocation(),
                        d.stepsPerDay());
        // ceil(ln 0.001 / ln 0.5) = 10
        assertThat(GapRelease.releaseSteps(c)).isEqualTo(10);
        assertThat(GapRelease.afterMissingStep(c, 1, 9, 0, 0)).isEqualTo(0.0);
    }
}
