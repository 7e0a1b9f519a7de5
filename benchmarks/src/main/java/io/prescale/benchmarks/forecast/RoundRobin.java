package io.prescale.benchmarks.forecast;

import java.time.Duration;

/**
 * The replay of the per-series benchmarks ({@link ForecastStackBenchmark}, {@link
 * SeriesModelBenchmark}): the first {@value #ENTITIES} entities of the benchmark trace at 5
 * minutes, one value of the next entity per step (so states are not all in L1), starting after
 * {@value #WARM_STEPS} warm-up steps; at the end of the trace it replays it again with time still
 * moving forward (no reset, no re-read inside a measured iteration).
 */
final class RoundRobin {
    static final int ENTITIES = 100;

    /** Steps each state is warmed on before measuring: one day. */
    static final int WARM_STEPS = 288;

    private final double[][] values;
    private final long start;
    private final long step;
    private int entity;
    private int t = WARM_STEPS;
    private long lap;

    RoundRobin() {
        var g = BenchData.read(BenchData.TRACE, BenchData.METRIC, Duration.ofMinutes(5), ENTITIES);
        values = g.values();
        start = g.start().getEpochSecond();
        step = g.step().toSeconds();
    }

    int entities() {
        return values.length;
    }

    /** Epoch seconds of warm-up step i. */
    long warmUpTime(int i) {
        return start + i * step;
    }

    /** Entity e's value at warm-up step i. */
    double warmUpValue(int e, int i) {
        return values[e][i];
    }

    /** Moves to the next entity, and to the next step after the last entity; returns the entity. */
    int next() {
        if (++entity == values.length) {
            entity = 0;
            if (++t == values[0].length) {
                t = 0;
                lap++;
            }
        }
        return entity;
    }

    /** Epoch seconds of the current step. */
    long time() {
        return start + (lap * values[0].length + t) * step;
    }

    /** The current entity's value at the current step. */
    double value() {
        return values[entity][t];
    }
}
