package io.prescale.ml.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BottleneckTrackerTest {
    private static final String[] RESOURCES = {"cpu", "network"};
    private final BottleneckTracker tracker = new BottleneckTracker(3, 0.2);

    private BottleneckState feed(BottleneckState st, double cpu, double net, int times) {
        for (int i = 0; i < times; i++) {
            st = tracker.observe(st, RESOURCES, new double[] {cpu, net});
        }
        return st;
    }

    @Test
    void confirmsALeaderAfterItLeadsLongEnoughThenReclassifiesOnAMove() {
        BottleneckState st = feed(BottleneckState.none(), 0.9, 0.3, 2);
        assertThat(st.resource()).isNull();
        assertThat(st.candidate()).isEqualTo("cpu");
        BottleneckState cpu = feed(st, 0.9, 0.3, 1);
        assertThat(cpu.resource()).isEqualTo("cpu");
        assertThat(BottleneckTracker.reclassified(st, cpu)).isFalse();

        BottleneckState flicker = feed(cpu, 0.4, 1.1, 2);
        BottleneckState back = feed(flicker, 0.9, 0.3, 1);
        assertThat(back).isEqualTo(new BottleneckState("cpu", null, 0));

        BottleneckState before = feed(back, 0.4, 1.1, 2);
        BottleneckState after = feed(before, 0.4, 1.1, 1);
        assertThat(after.resource()).isEqualTo("network");
        assertThat(BottleneckTracker.reclassified(before, after)).isTrue();
    }

    @Test
    void anIdleSessionHasNoBottleneckAndNaNIsNoOpinion() {
        assertThat(feed(BottleneckState.none(), 0.1, 0.05, 10).resource()).isNull();
        assertThat(feed(BottleneckState.none(), Double.NaN, 0.5, 3).resource())
                .isEqualTo("network");
        assertThat(BottleneckTracker.pressure(5, 0)).isNaN();
        assertThat(BottleneckTracker.pressure(5, 10)).isEqualTo(0.5);
        assertThatThrownBy(() -> new BottleneckTracker(0, 0))
                .hasMessageContaining("confirmSteps must be >= 1");
    }
}
