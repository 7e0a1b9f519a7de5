package io.prescale.ml.forecast.eval;

import io.prescale.ml.forecast.ForecastConfig;
import io.prescale.ml.forecast.ForecastStack;
import io.prescale.ml.forecast.ForecastState;
import io.prescale.ml.trace.DemandGrid;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Replays every entity of a {@link DemandGrid} through its own {@link ForecastStack} and scores the
 * h-step forecasts of each member (with its own calibrated quantiles) and of the ensemble against
 * what happened: the values issued at t − h are compared with y_t. Beside them, as a reference the
 * user can rebuild from the trace alone, the textbook seasonal naive ({@link
 * SeasonalNaiveReference}). Each entity's first {@code warmupDays} from its first observed step are
 * warm-up, not scored, and it is replayed only up to its last observed step: the grid's repeats of
 * its last value after it are no forecast to judge, nor are the repeats over a gap within ({@link
 * DemandGrid#filled}), which the stack learns as the grid has them but which are not scored: they
 * are counted ({@link EvalReport#gapSteps}).
 */
public final class ForecastEval {
    /** Levels of the pinball losses reported. */
    public static final double[] PINBALL_LEVELS = {0.5, 0.9, 0.99};

    /** Levels of the upper bounds whose realised coverage is reported. */
    public static final double[] COVERAGE_LEVELS = {0.95, 0.99};

    private ForecastEval() {}

    /** The stack evaluated at horizon h: the defaults, anchored at h. */
    public static ForecastConfig configFor(Duration step, int horizon) {
        return ForecastConfig.defaults(step).withAnchors(horizon);
    }

    /**
     * Scores the grid at horizon h; {@code progress} is told each entity index as it is done.
     *
     * @throws IllegalArgumentException when h is not in 1..64 or warm-up is negative
     */
    public static EvalReport evaluate(
            DemandGrid grid, int horizon, double warmupDays, IntConsumer progress) {
        try {
            return evaluate(grid, horizon, warmupDays, progress, ScoredSteps.NONE);
        } catch (IOException e) {
            throw new AssertionError("no step is written", e);
        }
    }

    /**
     * As {@link #evaluate(DemandGrid, int, double, IntConsumer)}, and gives every scored step of
     * every model to {@code steps}.
     *
     * @throws IOException when {@code steps} fails
     */
    public static EvalReport evaluate(
            DemandGrid grid,
            int horizon,
            double warmupDays,
            IntConsumer progress,
            ScoredSteps steps)
            throws IOException {
        if (horizon < 1 || horizon > 64) {
            throw new IllegalArgumentException("horizon must be in 1..64, was " + horizon);
        }
        if (!(warmupDays >= 0)) {
            throw new IllegalArgumentException("warm-up days must be >= 0, was " + warmupDays);
        }
        ForecastConfig config = configFor(grid.step(), horizon);
        ForecastStack stack = new ForecastStack(config);
        List<String> names = new ArrayList<>(ForecastStack.MEMBER_NAMES);
        names.add(SeasonalNaiveReference.NAME);
        names.add(ForecastStack.ENSEMBLE);
        int models = names.size();
        int entities = grid.entities().size();
        List<ScoreSums> sums = new ArrayList<>();
        for (int m = 0; m < models; m++) {
            sums.add(new ScoreSums(entities));
        }
        long warmup = warmupSteps(grid.step(), warmupDays);
        Replay replay =
                new Replay(
                        grid,
                        stack,
                        new SeasonalNaiveReference(grid.step(), horizon),
                        names,
                        horizon,
                        warmup,
                        sums,
                        steps);
        for (int e = 0; e < entities; e++) {
            replay.entity(e);
            progress.accept(e);
        }
        List<ModelScore> scores = new ArrayList<>();
        for (int m = 0; m < models; m++) {
            scores.add(sums.get(m).score(names.get(m)));
        }
        return new EvalReport(
                horizon,
                grid.step().toSeconds(),
                entities,
                IntStream.range(0, entities)
                        .filter(e -> !sums.get(0).scored(e))
                        .mapToObj(grid.entities()::get)
                        .toList(),
                sums.get(0).scored(),
                gapSteps(grid, horizon, warmup),
                warmup,
                scores,
                config.toString());
    }

    /**
     * {@code warmupDays} in whole steps of {@code step}, rounded; a long, saturated by Math.round:
     * 1e8 days of 5-minute steps is more than an int holds.
     */
    public static long warmupSteps(Duration step, double warmupDays) {
        return Math.round(warmupDays * Duration.ofDays(1).toSeconds() / step.toSeconds());
    }

    /**
     * The entity-steps past the warm-up (and the first h steps, which nothing was issued for) whose
     * value the grid repeated over a gap in the entity's rows: the steps the replay does not score.
     */
    private static long gapSteps(DemandGrid grid, int h, long warmup) {
        long n = 0;
        for (int e = 0; e < grid.entities().size(); e++) {
            long from = grid.firstObservedStep()[e] + Math.max(warmup, h);
            int end = grid.lastObservedStep()[e] + 1;
            if (from < end) {
                n += grid.filled()[e].get((int) from, end).cardinality();
            }
        }
        return n;
    }

    /** One replay of the grid's entities: the members, the reference, then the ensemble. */
    private record Replay(
            DemandGrid grid,
            ForecastStack stack,
            SeasonalNaiveReference reference,
            List<String> names,
            int h,
            long warmup,
            List<ScoreSums> sums,
            ScoredSteps steps) {

        void entity(int e) throws IOException {
            int models = sums.size();
            int members = stack.memberCount();
            int width = 1 + PINBALL_LEVELS.length + COVERAGE_LEVELS.length;
            double[][] issued = new double[h * models][width];
            double[] y = grid.values()[e];
            String entity = grid.entities().get(e);
            int first = grid.firstObservedStep()[e];
            int end = grid.lastObservedStep()[e] + 1;
            long start = grid.start().getEpochSecond();
            long step = grid.step().toSeconds();
            ForecastState state = stack.newState();
            reference.reset();
            for (int t = first; t < end; t++) {
                int slot = (t % h) * models;
                if (t - h >= first) {
                    reference.learn(y[t], issued[slot + members][0]);
                    if (t - first >= warmup && !grid.filled(e, t)) {
                        for (int m = 0; m < models; m++) {
                            double[] v = issued[slot + m];
                            sums.get(m).add(e, y[t], y[t - h], v);
                            steps.accept(entity, start + t * step, names.get(m), y[t], y[t - h], v);
                        }
                    }
                }
                stack.update(state, start + t * step, y[t]);
                for (int m = 0; m < members; m++) {
                    int member = m;
                    issue(
                            stack.memberMean(state, member, h),
                            q -> stack.memberQuantile(state, member, h, q),
                            issued[slot + m]);
                }
                double point = reference.point(y, first, t);
                issue(point, q -> reference.quantile(point, q), issued[slot + members]);
                issue(
                        stack.mean(state, h),
                        q -> stack.quantile(state, h, q),
                        issued[slot + members + 1]);
            }
        }
    }

    /** Writes a model's point forecast and its quantiles at the scored levels into {@code out}. */
    private static void issue(double point, DoubleUnaryOperator quantile, double[] out) {
        out[0] = point;
        int i = 1;
        for (double q : PINBALL_LEVELS) {
            out[i++] = quantile.applyAsDouble(q);
        }
        for (double q : COVERAGE_LEVELS) {
            out[i++] = quantile.applyAsDouble(q);
        }
    }
}
