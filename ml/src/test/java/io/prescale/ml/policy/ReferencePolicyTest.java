package io.prescale.ml.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ReferencePolicyTest {
    private static final int DAY = 4;
    private static final int LEAD = 2;

    private static double[] run(ReferenceConfig config, double[] d) {
        ReferencePolicy p = new ReferencePolicy(config);
        DecisionSlot slot = new DecisionSlot();
        ReferenceState st = p.start(0, null, slot);
        double[] a = new double[d.length];
        for (int s = 0; s + LEAD < d.length; s++) {
            p.step(st, s, d[s], slot);
            a[s + LEAD] = slot.allocation();
        }
        return a;
    }

    @Test
    void reactiveIsTheMaxOfTheLastTwoLaggedDemandsOverU() {
        double[] d = {1, 5, 2, 8, 3, 3, 9, 1};
        double u = 0.5;
        double[] a =
                run(
                        new ReferenceConfig(
                                ReferenceKind.REACTIVE, LEAD, 1 / u, DAY, 0, 0.01, 0.95),
                        d);
        for (int t = LEAD + 1; t < d.length; t++) {
            assertThat(a[t]).isEqualTo(Math.max(d[t - LEAD], d[t - LEAD - 1]) / u);
        }
    }

    @Test
    void seasonalTakesYesterdayLastWeekAndNow() {
        double[] d = new double[10 * DAY];
        for (int t = 0; t < d.length; t++) {
            d[t] = (t * 7919) % 13;
        }
        double[] a = run(ReferenceConfig.readme(ReferenceKind.SEASONAL, LEAD, DAY), d);
        for (int t = 7 * DAY; t < d.length; t++) {
            assertThat(a[t]).isEqualTo(Math.max(d[t - DAY], Math.max(d[t - 7 * DAY], d[t - LEAD])));
        }
    }

    @Test
    void vpaIsTheBucketEndOfTheDecayedP95() {
        double[] d = new double[6 * DAY];
        for (int t = 0; t < d.length; t++) {
            d[t] = 1 + (t * 37) % 11;
        }
        double[] a = run(ReferenceConfig.readme(ReferenceKind.VPA, LEAD, DAY), d);
        LogBuckets b = LogBuckets.covering(0.01, 1.05, ReferencePolicy.VPA_MAX_VALUE);
        for (int t = 3 * DAY; t < d.length; t++) {
            // independent: weight 2^(s / DAY) per sample up to t − L, first bucket reaching 95 %
            double total = 0;
            double[] w = new double[b.count()];
            for (int s = 0; s <= t - LEAD; s++) {
                w[b.index(d[s])] += Math.pow(2, (double) s / DAY);
                total += Math.pow(2, (double) s / DAY);
            }
            double cum = 0;
            int i = 0;
            for (; i < w.length; i++) {
                cum += w[i];
                if (cum >= 0.95 * total) {
                    break;
                }
            }
            assertThat(a[t]).isCloseTo(b.start(i + 1), within(1e-9));
        }
    }

    /**
     * Memory in bytes: the histogram reaches 10<sup>15</sup> units, so the VPA-like policy of a
     * series scaled to gigabytes is that of the series (to within a bucket, 5 %), where up to
     * 10<sup>7</sup> it allocated the top of its range and missed nearly every step.
     */
    @Test
    void vpaFollowsDemandInBytes() {
        double[] d = new double[6 * DAY];
        double[] bytes = new double[d.length];
        for (int t = 0; t < d.length; t++) {
            d[t] = 1 + (t * 37) % 11;
            bytes[t] = d[t] * 0x1p33;
        }
        ReferenceConfig vpa = ReferenceConfig.readme(ReferenceKind.VPA, LEAD, DAY);
        double[] a = run(vpa, d);
        double[] big = run(vpa, bytes);
        for (int t = 3 * DAY; t < d.length; t++) {
            assertThat(big[t] / 0x1p33 / a[t]).as("step %d", t).isBetween(1 / 1.05, 1.05);
        }
    }

    @Test
    void staticPeakIsTheRunningMaxTimesM() {
        double[] d = {3, 1, 4, 1, 5, 9, 2, 6};
        double[] a =
                run(
                        new ReferenceConfig(
                                ReferenceKind.STATIC_PEAK, LEAD, 1.5, DAY, 0, 0.01, 0.95),
                        d);
        assertThat(a[7]).isEqualTo(1.5 * 9);
        assertThat(a[4]).isEqualTo(1.5 * 4);
    }
}
