package io.prescale.ml.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.ml.forecast.Slices;
import io.prescale.ml.trace.DemandGrid;
import org.junit.jupiter.api.Test;

/**
 * The policy does not depend on the unit of demand: on the real slices of {@code
 * src/test/resources/forecast}, demand scaled by a power of two, up to what a memory metric in
 * bytes reaches (2<sup>36</sup> times a percentage is about 6·10<sup>12</sup>), gives the same
 * decisions scaled, to within 10<sup>−6</sup> relative (the floors of its scales are absolute:
 * 10<sup>−9</sup>). Before the history ring kept a shift, demands above 4.29·10<sup>9</sup> were
 * clamped in it.
 */
class PrescaleScaleTest {
    private static final int LEAD = 2;

    @Test
    void decisionsScaleWithTheDemandUpToBytes() {
        DemandGrid g = Slices.read("azure-cycles.csv.gz", "cpu_avg_pct");
        for (double[] y : g.values()) {
            Decisions unit = replay(y, 1);
            for (int k : new int[] {-8, 20, 36}) {
                double scale = Math.scalb(1.0, k);
                Decisions scaled = replay(y, scale);
                for (int s = 0; s < y.length; s++) {
                    assertThat(scaled.reasons[s])
                            .as("2^%d, step %d", k, s)
                            .isEqualTo(unit.reasons[s]);
                    assertThat(scaled.allocations[s] / scale)
                            .as("2^%d, step %d", k, s)
                            .isCloseTo(
                                    unit.allocations[s],
                                    org.assertj.core.data.Offset.offset(
                                            1e-6 * (1 + Math.abs(unit.allocations[s]))));
                }
            }
        }
    }

    private record Decisions(double[] allocations, DecisionReason[] reasons) {}

    private static Decisions replay(double[] y, double scale) {
        PrescalePolicy policy = new PrescalePolicy(PrescaleConfig.defaults(0.01, LEAD, 288));
        DecisionSlot slot = new DecisionSlot();
        PrescaleState st = policy.start(0, null, slot);
        double[] a = new double[y.length];
        DecisionReason[] r = new DecisionReason[y.length];
        for (int s = 0; s < y.length; s++) {
            policy.step(st, s, y[s] * scale, slot);
            a[s] = slot.allocation();
            r[s] = slot.reason();
        }
        return new Decisions(a, r);
    }
}
