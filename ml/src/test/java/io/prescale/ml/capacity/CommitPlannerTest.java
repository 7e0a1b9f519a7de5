package io.prescale.ml.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CommitPlannerTest {
    private static final Instant T0 = Instant.parse("2017-01-01T00:00:00Z");

    private static Instant step(int s) {
        return T0.plusSeconds(300L * s);
    }

    @Test
    void aCutAndARiseAtTheSameTimeFitExactly() {
        UsageTimeline u = UsageTimeline.empty().plus(step(0), 100);
        CommitPlanner.Plan p =
                CommitPlanner.plan(
                        100,
                        u,
                        List.of(
                                new Change("low", 1, 60, 30, step(5)),
                                new Change("high", 0, 40, 70, step(5))));
        assertThat(p.commits()).extracting(Commit::granted).containsExactly(30.0, 70.0);
        assertThat(p.commits()).noneMatch(Commit::limited);
        assertThat(p.timeline().maxFrom(step(0))).isEqualTo(100);
    }

    @Test
    void aRiseBeforeTheCutTakesEffectGetsOnlyTheFreeCapacity() {
        // 90 committed from step 0; the cut of "low" takes effect at step 5, the rise at step 3
        UsageTimeline u = UsageTimeline.empty().plus(step(0), 90);
        CommitPlanner.Plan p =
                CommitPlanner.plan(
                        100,
                        u,
                        List.of(
                                new Change("low", 1, 60, 30, step(5)),
                                new Change("high", 0, 30, 60, step(3))));
        Commit high = p.commits().get(1);
        assertThat(high.change().entity()).isEqualTo("high");
        assertThat(high.granted()).isEqualTo(40);
        assertThat(high.limited()).isTrue();
        assertThat(p.timeline().at(step(3))).isEqualTo(100);
        assertThat(p.timeline().at(step(5))).isEqualTo(70);
    }

    @Test
    void higherTiersGetTheFreeCapacityFirst() {
        UsageTimeline u = UsageTimeline.empty().plus(step(0), 90);
        CommitPlanner.Plan p =
                CommitPlanner.plan(
                        100,
                        u,
                        List.of(
                                new Change("b", 2, 0, 8, step(1)),
                                new Change("a", 0, 0, 8, step(1))));
        Map<String, Double> granted = new HashMap<>();
        p.commits().forEach(c -> granted.put(c.change().entity(), c.granted()));
        assertThat(granted).containsEntry("a", 8.0).containsEntry("b", 2.0);
    }

    @Test
    void unlimitedCapacityCommitsEveryChangeAsDesired() {
        UsageTimeline u = UsageTimeline.empty().plus(step(0), 1e9);
        CommitPlanner.Plan p =
                CommitPlanner.plan(
                        Double.POSITIVE_INFINITY, u, List.of(new Change("a", 0, 1, 1e6, step(0))));
        assertThat(p.commits().get(0).granted()).isEqualTo(1e6);
        assertThat(p.commits().get(0).limited()).isFalse();
    }

    /**
     * Property: a pool that starts within capacity stays within it at every step after any sequence
     * of random plans (entities' effective times non-decreasing, as the arbiter guarantees).
     */
    @Test
    void randomPlansNeverCommitMoreThanCapacity() {
        SplittableRandom random = new SplittableRandom(11);
        for (int c = 0; c < 300; c++) {
            double capacity = 50 + random.nextDouble(100);
            int n = 1 + random.nextInt(8);
            double[] held = new double[n];
            int[] since = new int[n];
            UsageTimeline u = UsageTimeline.empty();
            for (int round = 0; round < 30; round++) {
                List<Change> changes = new ArrayList<>();
                for (int e = 0; e < n; e++) {
                    if (random.nextInt(3) == 0) {
                        continue;
                    }
                    int eff = Math.max(since[e], round + random.nextInt(4));
                    changes.add(
                            new Change(
                                    "e" + e,
                                    random.nextInt(3),
                                    held[e],
                                    random.nextDouble(capacity / 2),
                                    step(eff)));
                }
                CommitPlanner.Plan p = CommitPlanner.plan(capacity, u, changes);
                for (Commit k : p.commits()) {
                    int e = Integer.parseInt(k.change().entity().substring(1));
                    assertThat(k.granted())
                            .isBetween(
                                    Math.min(k.change().previous(), k.change().desired()),
                                    Math.max(k.change().previous(), k.change().desired()));
                    held[e] = k.granted();
                    since[e] =
                            (int)
                                    ((k.change().effective().getEpochSecond() - T0.getEpochSecond())
                                            / 300);
                }
                u = p.timeline();
                for (int s = 0; s < 40; s++) {
                    assertThat(u.at(step(s))).isLessThanOrEqualTo(capacity * (1 + 1e-9));
                }
                double sum = 0;
                for (double h : held) {
                    sum += h;
                }
                assertThat(u.at(step(100))).isCloseTo(sum, within(1e-9));
            }
        }
    }
}
