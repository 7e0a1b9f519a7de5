package io.prescale.ml.forecast.eval;

import io.prescale.ml.forecast.ForecastConfig;
import io.prescale.ml.forecast.ForecastStack;
import io.prescale.ml.forecast.ForecastState;
import io.prescale.ml.trace.DemandGrid;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Replays every entity of a {@link DemandGrid} through its own {@link ForecastStack} and scores the
 * h-step forecasts of each member (with its own calibrated quantiles) and of the ensemble against
 * what happened: the values issued at t − h are compared with y_t. Each entity's first {@code
 * warmupDays} from its first observed step are warm-up, not scored, and it is replayed only up to
 * its last observed step: the grid's repeats of its last value after it are no forecast to judge.
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
        if (horizon < 1 || horizon > 64) {
            throw new IllegalArgumentException("horizon must be in 1..64, was " + horizon);
        }
        if (!(warmupDays >= 0)) {
            throw new IllegalArgumentException("warm-up days must be >= 0, was " + warmupDays);
        }
        ForecastConfig config = configFor(grid.step(), horizon);
        ForecastStack stack = new ForecastStack(config);
        int models = stack.memberCount() + 1;
        int entities = grid.entities().size();
        List<ScoreSums> sums = new ArrayList<>();
        for (int m = 0; m < models; m++) {
            sums.add(new ScoreSums(entities));
        }
        long warmup = warmupSteps(grid.step(), warmupDays);
        for (int e = 0; e < entities; e++) {
            replay(grid, e, stack, horizon, warmup, sums);
            progress.accept(e);
        }
        List<ModelScore> scores = new ArrayList<>();
        for (int m = 0; m < models; m++) {
            String name =
                    m < stack.memberCount()
                            ? ForecastStack.MEMBER_NAMES.get(m)
                            : ForecastStack.ENSEMBLE;
            scores.add(sums.get(m).score(name));
        }
        return new EvalReport(
                horizon,
                grid.step().toSeconds(),
                entities,
                sums.get(0).scored(),
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

    private static void replay(
            DemandGrid grid, int e, ForecastStack stack, int h, long warmup, List<ScoreSums> sums) {
        int models = sums.size();
        int width = 1 + PINBALL_LEVELS.length + COVERAGE_LEVELS.length;
        double[][] issued = new double[h * models][width];
        double[] y = grid.values()[e];
        int first = grid.firstObservedStep()[e];
        int end = grid.lastObservedStep()[e] + 1;
        long start = grid.start().getEpochSecond();
        long step = grid.step().toSeconds();
        ForecastState state = stack.newState();
        for (int t = first; t < end; t++) {
            int slot = (t % h) * models;
            if (t - h >= first && t - first >= warmup) {
                for (int m = 0; m < models; m++) {
                    double[] v = issued[slot + m];
                    sums.get(m).add(e, y[t], y[t - h], v);
                }
            }
            stack.update(state, start + t * step, y[t]);
            for (int m = 0; m < models; m++) {
                issue(stack, state, m, h, issued[slot + m]);
            }
        }
    }

    private static void issue(ForecastStack stack, ForecastState s, int m, int h, double[] out) {
        boolean ensemble = m == stack.memberCount();
        out[0] = ensemble ? stack.mean(s, h) : stack.memberMean(s, m, h);
        int i = 1;
        for (double q : PINBALL_LEVELS) {
            out[i++] = ensemble ? stack.quantile(s, h, q) : stack.memberQuantile(s, m, h, q);
        }
        for (double q : COVERAGE_LEVELS) {
            out[i++] = ensemble ? stack.quantile(s, h, q) : stack.memberQuantile(s, m, h, q);
        }
    }
}
