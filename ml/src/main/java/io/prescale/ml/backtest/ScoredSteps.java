package io.prescale.ml.backtest;

import io.prescale.ml.trace.DemandGrid;

/**
 * The grid steps scored per entity, {@code [from[e], to[e])}: from the end of the entity's own
 * warm-up (its first observed step plus the warm-up) to its last observed step. A trace's entities
 * need not share a span (sessions come and go); the grid's steps outside an entity's span only
 * repeat its first or last value, and scoring them would dilute every figure towards that constant.
 * An entity observed for no longer than the warm-up has no scored step.
 */
record ScoredSteps(int[] from, int[] to) {

    /**
     * The scored steps of every entity of {@code grid} after a warm-up of {@code warmupSteps}; a
     * warm-up past an entity's last step leaves it none (from = to), however long it is.
     */
    static ScoredSteps of(DemandGrid grid, long warmupSteps) {
        int n = grid.entities().size();
        int[] from = new int[n];
        int[] to = new int[n];
        for (int e = 0; e < n; e++) {
            int first = grid.firstObservedStep()[e];
            to[e] = grid.lastObservedStep()[e] + 1;
            from[e] = first + (int) Math.min(warmupSteps, to[e] - first);
        }
        return new ScoredSteps(from, to);
    }

    /** Every step from {@code warmupSteps} on, for entities observed over the whole grid. */
    static ScoredSteps whole(double[][] demand, int warmupSteps) {
        int[] from = new int[demand.length];
        int[] to = new int[demand.length];
        for (int e = 0; e < demand.length; e++) {
            from[e] = warmupSteps;
            to[e] = demand[e].length;
        }
        return new ScoredSteps(from, to);
    }

    /** Scored steps of entity e, 0 when it has none. */
    int count(int e) {
        return Math.max(0, to[e] - from[e]);
    }

    /** The entities with at least one scored step, in grid order. */
    int[] scoredEntities() {
        return java.util.stream.IntStream.range(0, from.length).filter(e -> count(e) > 0).toArray();
    }
}
