package io.prescale.ml.backtest;

import io.prescale.ml.trace.DemandGrid;
import io.prescale.model.PolicyOverride;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * What a backtest runs; validated with messages that name the command-line option.
 *
 * @param trace the canonical trace CSV ({@code --trace})
 * @param metric the metric taken as demand ({@code --metric})
 * @param step the grid step ({@code --step}, seconds), at most {@link DemandGrid#MAX_STEP}
 * @param leadSteps L ({@code --lead}), &ge; 1 and &le; the steps in a day (the reference policies
 *     keep a day of history to decide from); {@link BacktestMain} also needs it shorter than the
 *     trace
 * @param warmupDays days not scored ({@code --warmup-days}), &ge; 0
 * @param policies the policies to run, in order ({@code --policy})
 * @param targetViolation p for prescale and for calibrating the references' knobs ({@code
 *     --target-violation}, or from {@code --cost-ratio})
 * @param sweep whether to sweep every policy's knob ({@code --sweep})
 * @param out the output directory ({@code --out})
 */
public record BacktestOptions(
        Path trace,
        String metric,
        Duration step,
        int leadSteps,
        double warmupDays,
        List<String> policies,
        double targetViolation,
        boolean sweep,
        Path out) {

    /** Every policy name, in report order. */
    public static final List<String> ALL =
            List.of("prescale", "reactive", "seasonal", "vpa", "vpa-tuned", "static", "oracle");

    public BacktestOptions {
        require(trace != null, "--trace is required");
        require(metric != null && !metric.isBlank(), "--metric is required");
        require(step != null && !step.isNegative() && !step.isZero(), "--step must be > 0 seconds");
        DemandGrid.requireStepOption(step);
        require(leadSteps >= 1, "--lead must be >= 1 step, was " + leadSteps);
        int stepsPerDay = stepsPerDay(step);
        require(
                leadSteps <= stepsPerDay,
                "--lead must be <= the steps in a day ("
                        + stepsPerDay
                        + " at --step "
                        + step.toSeconds()
                        + "), was "
                        + leadSteps);
        require(
                warmupDays >= 0 && Double.isFinite(warmupDays),
                "--warmup-days must be >= 0, was " + warmupDays);
        require(policies != null && !policies.isEmpty(), "--policy must name at least one policy");
        for (String p : policies) {
            require(
                    ALL.contains(p),
                    "--policy '"
                            + p
                            + "' is not one of prescale|reactive|vpa|vpa-tuned|seasonal|static|oracle|all");
        }
        policies =
                List.copyOf(
                        Set.copyOf(policies).size() == policies.size()
                                ? policies
                                : policies.stream().distinct().toList());
        require(
                targetViolation >= PolicyOverride.MIN_TARGET_VIOLATION && targetViolation <= 0.5,
                "--target-violation must be in [0.0001, 0.5], was " + targetViolation);
        require(out != null, "--out is required");
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** Grid steps in a day. */
    public int stepsPerDay() {
        return stepsPerDay(step);
    }

    private static int stepsPerDay(Duration step) {
        return (int) Math.max(1, Duration.ofDays(1).toMillis() / step.toMillis());
    }

    /**
     * Steps not scored: the warm-up, and at least the first L, for which no policy could fix an
     * allocation from data (with {@code --warmup-days 0} they counted as violations). A long, and
     * saturated at {@code Long.MAX_VALUE} by {@code Math.round}: {@code --warmup-days 1e8} is more
     * steps than an int holds, and was scored as a negative warm-up.
     */
    public long warmupSteps() {
        return Math.max(leadSteps, Math.round(warmupDays * stepsPerDay()));
    }
}
