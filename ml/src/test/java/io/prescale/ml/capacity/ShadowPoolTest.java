package io.prescale.ml.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ShadowPoolTest {
    private static final double INF = Double.POSITIVE_INFINITY;

    @Test
    void followsARiseAtOnceAndReleasesByTheDecayWhenTheDemandDoesNotCome() {
        ShadowPool pool = new ShadowPool(0.5);
        ShadowPool.Step s = pool.step(0, 40, INF, 0, 1);
        assertThat(s.size()).isEqualTo(40);
        assertThat(s.released()).isEqualTo(0);
        // nothing more predicted: 40 → 20 → 10, releasing 20 then 10
        s = pool.step(s.size(), 0, INF, 0, 1);
        assertThat(s.size()).isEqualTo(20);
        assertThat(s.released()).isEqualTo(20);
        s = pool.step(s.size(), 0, INF, 0, 1);
        assertThat(s.size()).isEqualTo(10);
        // a prediction above the decayed size resets it
        s = pool.step(s.size(), 12, INF, 0, 1);
        assertThat(s.size()).isEqualTo(12);
        // two steps elapsed decay twice: 12 · 0.25
        assertThat(pool.step(12, 0, INF, 0, 2).size()).isCloseTo(3, within(1e-12));
        assertThat(pool.step(12, 0, INF, 0, 0.5).size())
                .isCloseTo(12 * Math.sqrt(0.5), within(1e-12));
    }

    @Test
    void yieldsToGrantsWhenTheHeadroomShrinks() {
        ShadowPool pool = new ShadowPool(0.8);
        ShadowPool.Step s = pool.step(30, 30, 10, 0, 1);
        assertThat(s.size()).isEqualTo(10);
        assertThat(s.released()).isEqualTo(20);
        assertThat(pool.step(30, 30, 0, 0, 1).size()).isEqualTo(0);
    }

    /**
     * A rise that takes effect displaces the shadow pre-warmed for it: it held the same capacity
     * twice until its decay (the hundred-and-sixth tester's 8.3 → 5.3 → 4.3 with the demand in).
     */
    @Test
    void yieldsToTheRisesItWasPreWarmedForWhenTheyTakeEffect() {
        ShadowPool pool = new ShadowPool(0.8);
        ShadowPool.Step s = pool.step(0, 10, INF, 0, 1);
        assertThat(s.size()).isEqualTo(10);
        // the 10 came into force: nothing is left to hold for it
        s = pool.step(s.size(), 0, INF, 10, 1);
        assertThat(s.size()).isZero();
        assertThat(s.released()).isEqualTo(10);
        // 6 of it came: the 8 decayed less 6
        assertThat(pool.step(10, 0, INF, 6, 1).size()).isCloseTo(2, within(1e-12));
        // what is predicted now is kept whatever came
        assertThat(pool.step(10, 7, INF, 10, 1).size()).isEqualTo(7);
    }

    @Test
    void zeroDecayReleasesAtOnce() {
        assertThat(new ShadowPool(0).step(50, 5, INF, 0, 0).size()).isEqualTo(5);
    }

    @Test
    void aggregateIncreaseCountsOnlyRises() {
        assertThat(ShadowPool.increase(12, 10)).isEqualTo(2);
        assertThat(ShadowPool.increase(8, 10)).isEqualTo(0);
    }

    @Test
    void randomStepsStayFiniteAndWithinTheHeadroom() {
        SplittableRandom random = new SplittableRandom(5);
        ShadowPool pool = new ShadowPool(0.9);
        double size = 0;
        for (int i = 0; i < 10_000; i++) {
            double headroom = random.nextInt(10) == 0 ? INF : random.nextDouble(1000);
            ShadowPool.Step s =
                    pool.step(
                            size,
                            random.nextDouble(500),
                            headroom,
                            random.nextDouble(50),
                            random.nextDouble(3));
            assertThat(Double.isNaN(s.size()) || Double.isInfinite(s.size())).isFalse();
            assertThat(s.size()).isBetween(0.0, headroom);
            assertThat(s.released()).isGreaterThanOrEqualTo(0);
            size = s.size();
        }
    }

    @Test
    void rejectsBadInput() {
        assertThatThrownBy(() -> new ShadowPool(1))
                .hasMessage("decayPerStep must be in [0, 1), was 1.0");
        ShadowPool pool = new ShadowPool(0.5);
        assertThatThrownBy(() -> pool.step(Double.NaN, 0, 1, 0, 1))
                .hasMessage("previous must be finite and >= 0, was NaN");
        assertThatThrownBy(() -> pool.step(0, 0, -1, 0, 1))
                .hasMessage("headroom must be >= 0, was -1.0");
        assertThatThrownBy(() -> pool.step(0, 0, 1, -1, 1))
                .hasMessage("displaced must be finite and >= 0, was -1.0");
        assertThatThrownBy(() -> ShadowPool.increase(Double.NaN, 1))
                .hasMessageContaining("must not be NaN");
    }
}
