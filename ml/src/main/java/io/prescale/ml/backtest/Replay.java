package io.prescale.ml.backtest;

import io.prescale.ml.policy.AllocationPolicy;
import io.prescale.ml.policy.DecisionSlot;
import io.prescale.ml.trace.DemandGrid;
import java.util.function.IntConsumer;

/**
 * Replays a {@link DemandGrid} through an {@link AllocationPolicy}, entity by entity, the way the
 * streaming job would: the policy starts at the entity's first observed step f, and at step s it
 * sees {@code d_s} and fixes {@code a_{s+L}}, up to the entity's last observed step. Steps before
 * the first decision lands ({@code t < f + L}) keep the cold-start allocation; steps after the last
 * observed one are 0 (not scored, not written). The loop allocates nothing per step.
 */
public final class Replay {
    private Replay() {}

    /**
     * {@code alloc[e][t]} for every entity and step; {@code progress} gets each finished entity.
     */
    public static <S> double[][] run(
            AllocationPolicy<S> policy, DemandGrid grid, IntConsumer progress) {
        return run(policy, grid, null, progress);
    }

    /**
     * As {@link #run(AllocationPolicy, DemandGrid, IntConsumer)}, also writing each decision's
     * forecast into {@code forecastOut[e][t]} when it is not null.
     */
    public static <S> double[][] run(
            AllocationPolicy<S> policy,
            DemandGrid grid,
            double[][] forecastOut,
            IntConsumer progress) {
        double[][] d = grid.values();
        int steps = grid.steps();
        int lead = policy.leadSteps();
        double[][] alloc = new double[d.length][steps];
        DecisionSlot slot = new DecisionSlot();
        for (int e = 0; e < d.length; e++) {
            int first = grid.firstObservedStep()[e];
            int last = grid.lastObservedStep()[e];
            S state = policy.start(first, null, slot);
            double[] a = alloc[e];
            double[] de = d[e];
            for (int t = 0; t < Math.min(first + lead, steps); t++) {
                a[t] = slot.allocation();
            }
            for (int s = first; s + lead <= last; s++) {
                policy.step(state, s, de[s], slot);
                a[s + lead] = slot.allocation();
                if (forecastOut != null) {
                    forecastOut[e][s + lead] = slot.forecast();
                }
            }
            progress.accept(e);
        }
        return alloc;
    }
}
