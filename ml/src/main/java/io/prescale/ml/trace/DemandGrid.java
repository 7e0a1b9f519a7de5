package io.prescale.ml.trace;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * One metric of many entities on a regular time grid: {@code values[e][t]} is the demand of entity
 * {@code entities.get(e)} in the step starting at {@code start + t * step}.
 *
 * <p>Built by {@link TraceReader} following the scoring rules of the shared data README: timestamps
 * floored to the step, the maximum of the samples within one step, and a missing step repeating the
 * previous value. Steps before an entity's first sample repeat its first value, steps after its
 * last its last; {@code firstObservedStep[e]} and {@code lastObservedStep[e]} say where its real
 * data begins and ends: the backtest and the forecast evaluation score only the steps between
 * (steps outside are not data, and would dilute a score towards the repeated value). {@code
 * filled[e]} holds the steps between with no sample of the entity (a gap in the trace, its value
 * repeated): the backtest scores them, as the scoring rules say, and the forecast evaluation does
 * not (a repeated value is no demand to forecast; the NASA trace's four-day hole was 5.6 % of its
 * scored steps).
 */
public record DemandGrid(
        Instant start,
        Duration step,
        List<String> entities,
        double[][] values,
        int[] firstObservedStep,
        int[] lastObservedStep,
        BitSet[] filled) {

    /**
     * The longest step the offline tools ({@code backtest}, {@code forecast-eval}) take: their
     * warm-up is counted in days and their lead in the steps of a day, and their seasonal policies
     * and forecasters look a day back; a step longer than a day leaves none of these any sense.
     */
    public static final Duration MAX_STEP = Duration.ofDays(1);

    /**
     * Refuses a step over {@link #MAX_STEP} as the tools' options say it: {@code --step must be at
     * most a day (86400 s), was 86401}.
     */
    public static void requireStepOption(Duration step) {
        if (step.compareTo(MAX_STEP) > 0) {
            throw new IllegalArgumentException(
                    "--step must be at most a day ("
                            + MAX_STEP.toSeconds()
                            + " s), was "
                            + step.toSeconds());
        }
    }

    public DemandGrid {
        if (step.isZero() || step.isNegative()) {
            throw new IllegalArgumentException("step must be positive, was " + step);
        }
        entities = List.copyOf(entities);
        if (values.length != entities.size()
                || firstObservedStep.length != entities.size()
                || lastObservedStep.length != entities.size()
                || filled.length != entities.size()) {
            throw new IllegalArgumentException(
                    "values, firstObservedStep, lastObservedStep and filled need one row per"
                            + " entity ("
                            + entities.size()
                            + "), were "
                            + values.length
                            + ", "
                            + firstObservedStep.length
                            + ", "
                            + lastObservedStep.length
                            + " and "
                            + filled.length);
        }
    }

    /** A grid with no step filled between each entity's first and last observed step. */
    public DemandGrid(
            Instant start,
            Duration step,
            List<String> entities,
            double[][] values,
            int[] firstObservedStep,
            int[] lastObservedStep) {
        this(
                start,
                step,
                entities,
                values,
                firstObservedStep,
                lastObservedStep,
                noneFilled(values.length));
    }

    private static BitSet[] noneFilled(int entities) {
        BitSet[] none = new BitSet[entities];
        Arrays.setAll(none, e -> new BitSet());
        return none;
    }

    /** Whether entity e had no sample in step t, whose value repeats the step before. */
    public boolean filled(int e, int t) {
        return filled[e].get(t);
    }

    /** A grid whose entities' data runs to its last step. */
    public DemandGrid(
            Instant start,
            Duration step,
            List<String> entities,
            double[][] values,
            int[] firstObservedStep) {
        this(start, step, entities, values, firstObservedStep, lastSteps(values));
    }

    private static int[] lastSteps(double[][] values) {
        int[] last = new int[values.length];
        for (int e = 0; e < values.length; e++) {
            last[e] = values[e].length - 1;
        }
        return last;
    }

    /** Number of grid steps (the same for every entity). */
    public int steps() {
        return values.length == 0 ? 0 : values[0].length;
    }

    /** The most steps any entity spans, from its first observed step to its last. */
    public int longestSpan() {
        int longest = 0;
        for (int e = 0; e < entities.size(); e++) {
            longest = Math.max(longest, lastObservedStep[e] - firstObservedStep[e] + 1);
        }
        return longest;
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
