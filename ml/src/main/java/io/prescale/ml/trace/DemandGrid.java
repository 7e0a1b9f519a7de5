package io.prescale.ml.trace;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One metric of many entities on a regular time grid: {@code values[e][t]} is the demand of entity
 * {@code entities.get(e)} in the step starting at {@code start + t * step}.
 *
 * <p>Built by {@link TraceReader} following the scoring rules of the shared data README: timestamps
 * floored to the step, the maximum of the samples within one step, and a missing step repeating the
 * previous value. Steps before an entity's first sample repeat its first value; {@code
 * firstObservedStep[e]} says where real data begins.
 */
public record DemandGrid(
        Instant start,
        Duration step,
        List<String> entities,
        double[][] values,
        int[] firstObservedStep) {

    public DemandGrid {
        if (step.isZero() || step.isNegative()) {
            throw new IllegalArgumentException("step must be positive, was " + step);
        }
        entities = List.copyOf(entities);
        if (values.length != entities.size() || firstObservedStep.length != entities.size()) {
            throw new IllegalArgumentException(
                    "values and firstObservedStep need one row per entity ("
                            + entities.size()
                            + "), were "
                            + values.length
                            + " and "
                            + firstObservedStep.length);
        }
    }

    /** Number of grid steps (the same for every entity). */
    public int steps() {
        return values.length == 0 ? 0 : values[0].length;
    }

    /** Start time of step {@code t}. */
    public Instant timeOf(int t) {
        return start.plus(step.multipliedBy(t));
    }

    /** Number of grid steps in {@code span}, at least 1. */
    public int stepsIn(Duration span) {
        return (int) Math.max(1, span.toMillis() / step.toMillis());
    }
}
