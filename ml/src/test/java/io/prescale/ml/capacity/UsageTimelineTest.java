package io.prescale.ml.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class UsageTimelineTest {
    private static final Instant T0 = Instant.parse("2017-01-01T00:00:00Z");

    private static Instant at(int minutes) {
        return T0.plusSeconds(60L * minutes);
    }

    @Test
    void stepFunctionOfGrants() {
        UsageTimeline u = UsageTimeline.empty().plus(at(10), 5).plus(at(20), 3).plus(at(15), -2);
        // 0 before 10, 5 on [10, 15), 3 on [15, 20), 6 from 20
        assertThat(u.at(at(0))).isEqualTo(0);
        assertThat(u.at(at(10))).isEqualTo(5);
        assertThat(u.at(at(17))).isEqualTo(3);
        assertThat(u.at(at(25))).isEqualTo(6);
        assertThat(u.maxFrom(at(0))).isEqualTo(6);
        assertThat(u.maxFrom(at(12))).isEqualTo(6);
        assertThat(u.plus(at(20), -4).maxFrom(at(12))).isEqualTo(5);
        assertThat(u.since())
                .containsExactly(
                        at(10).toEpochMilli(), at(15).toEpochMilli(), at(20).toEpochMilli());
    }

    @Test
    void pruningKeepsTheUsageFromTheHorizonOn() {
        UsageTimeline u = UsageTimeline.empty().plus(at(10), 5).plus(at(15), -2).plus(at(20), 3);
        UsageTimeline p = u.prunedBefore(at(16));
        assertThat(p.before()).isEqualTo(3);
        assertThat(p.since()).containsExactly(at(20).toEpochMilli());
        for (int m = 16; m < 30; m++) {
            assertThat(p.at(at(m))).isEqualTo(u.at(at(m)));
        }
        assertThat(u.prunedBefore(at(5))).isEqualTo(u);
        assertThat(u.prunedBefore(at(60)).since()).isEmpty();
        assertThat(u.prunedBefore(at(60)).before()).isEqualTo(6);
    }

    /** Against a brute-force array of the usage of each minute. */
    @Test
    void matchesABruteForceModelOnRandomChanges() {
        SplittableRandom random = new SplittableRandom(3);
        for (int c = 0; c < 200; c++) {
            double[] model = new double[100];
            UsageTimeline u = UsageTimeline.empty();
            for (int k = 0; k < 20; k++) {
                int from = random.nextInt(100);
                double delta = random.nextDouble(-5, 5);
                u = u.plus(at(from), delta);
                for (int m = from; m < 100; m++) {
                    model[m] += delta;
                }
                int q = random.nextInt(100);
                double max = Double.NEGATIVE_INFINITY;
                for (int m = q; m < 100; m++) {
                    max = Math.max(max, model[m]);
                }
                assertThat(u.at(at(q)))
                        .isCloseTo(model[q], org.assertj.core.api.Assertions.within(1e-9));
                assertThat(u.maxFrom(at(q)))
                        .isCloseTo(max, org.assertj.core.api.Assertions.within(1e-9));
            }
        }
    }

    @Test
    void rejectsBadInput() {
        assertThatThrownBy(() -> UsageTimeline.empty().plus(T0, Double.NaN))
                .hasMessage("delta must be finite, was NaN");
        assertThatThrownBy(() -> new UsageTimeline(0, new long[] {2, 1}, new double[] {0, 0}))
                .hasMessage("since must be strictly ascending at 1");
        assertThatThrownBy(() -> new UsageTimeline(0, new long[] {1}, new double[0]))
                .hasMessage("since and used must have the same length, were 1 and 0");
    }
}
